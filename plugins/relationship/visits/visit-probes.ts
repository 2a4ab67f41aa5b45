import type { AccessProbes } from 'kam-graphql/testing';

export const visitProbes: AccessProbes = { operations: {} };
