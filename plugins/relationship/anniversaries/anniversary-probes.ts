import type { AccessProbes } from 'kam-graphql/testing';

export const anniversaryProbes: AccessProbes = { operations: {} };
