/**
 * Assembles the executable GraphQL schema: core modules first, then the
 * contributions of every enabled plugin, on one builder that records who
 * defined each type and field.
 */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { registerAccountSubscriptions } from '../accounts/account-changes.js';
import { registerAccountSchema } from '../accounts/account-schema.js';
import { registerEventSchema } from '../events/event-schema.js';
import { registerHealthSchema } from '../health/health-schema.js';
import { registerPersonSchema } from '../people/person-schema.js';
import { PluginLoadError, type LoadedPlugin } from '../plugins/plugin-loader.js';
import { registerStaffSchema } from '../staff/staff-schema.js';
import { registerTeamSchema } from '../teams/team-schema.js';
import { createSchemaBuilder, type KamSchemaBuilder } from './builder.js';
import { registerMutationErrors } from './mutation-errors.js';
import { registerScalars } from './scalars.js';
import { SchemaClashError, SchemaOwnership } from './schema-ownership.js';

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

/** The core GraphQL types and helpers that plugins may extend or reference. */
export type CoreSchemaRefs = ReturnType<typeof registerCoreSchema>;

function asPluginError(error: unknown, owner: string): Error {
  if (error instanceof PluginLoadError) return error;
  if (error instanceof SchemaClashError) return error.owner === 'core' ? error : new PluginLoadError(error.owner, error.message);
  return owner === 'core' ? (error as Error) : new PluginLoadError(owner, `schema: ${(error as Error).message}`);
}

export function buildSchema(plugins: readonly LoadedPlugin[] = []): GraphQLSchema {
  const ownership = new SchemaOwnership();
  const builder = ownership.wrap(createSchemaBuilder());
  const core = registerCoreSchema(builder);
  registerHealthSchema(builder, core);
  registerEventSchema(builder, core.errors);
  for (const { plugin, options, enabled } of plugins) {
    if (!enabled || !plugin.schema) continue;
    ownership.owner = plugin.name;
    try {
      plugin.schema(builder, { options, core });
    } catch (error) {
      throw asPluginError(error, plugin.name);
    }
  }
  try {
    return builder.toSchema({ sortSchema: false });
  } catch (error) {
    throw asPluginError(error, 'core');
  }
}

/** The SDL as checked in to schema.graphql: sorted, so diffs show real changes only. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
