import type { AccessProbes } from 'kam-graphql/testing';

export const qualificationProbes: AccessProbes = { operations: {} };
