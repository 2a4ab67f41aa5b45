import type { AccessProbes } from 'kam-graphql/testing';

export const careMomentProbes: AccessProbes = { operations: {} };
