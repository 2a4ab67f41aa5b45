/**
 * Assembles the executable GraphQL schema: core modules first, then (later)
 * the types that enabled plugins contribute on the same builder.
 */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { registerAccountSubscriptions } from '../accounts/account-changes.js';
import { registerAccountSchema } from '../accounts/account-schema.js';
import { registerPersonSchema } from '../people/person-schema.js';
import { registerStaffSchema } from '../staff/staff-schema.js';
import { registerTeamSchema } from '../teams/team-schema.js';
import { createSchemaBuilder, type KamSchemaBuilder } from './builder.js';
import { registerMutationErrors } from './mutation-errors.js';
import { registerScalars } from './scalars.js';

export function registerCoreSchema(builder: KamSchemaBuilder) {
  registerScalars(builder);
  builder.queryType({ description: 'Read the key-account portfolio.' });
  builder.mutationType({ description: 'Change the portfolio; every mutation returns typed errors in its payload.' });
  builder.subscriptionType({ description: 'Live changes, over graphql-ws or server-sent events.' });
  const errors = registerMutationErrors(builder);
  const accounts = registerAccountSchema(builder, errors);
  const people = registerPersonSchema(builder, errors);
  const staff = registerStaffSchema(builder, errors);
  const teams = registerTeamSchema(builder, errors);
  registerAccountSubscriptions(builder);
  return { errors, ...accounts, ...people, ...staff, ...teams };
}

export function buildSchema(): GraphQLSchema {
  const builder = createSchemaBuilder();
  registerCoreSchema(builder);
  return builder.toSchema({ sortSchema: false });
}

/** The SDL as checked in to schema.graphql: sorted, so diffs show real changes only. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
