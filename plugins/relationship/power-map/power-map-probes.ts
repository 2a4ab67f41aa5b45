import type { AccessProbes } from 'kam-graphql/testing';

export const powerMapProbes: AccessProbes = { operations: {} };
