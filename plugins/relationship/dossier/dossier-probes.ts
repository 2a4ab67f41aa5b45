import type { AccessProbes } from 'kam-graphql/testing';

export const dossierProbes: AccessProbes = { operations: {} };
