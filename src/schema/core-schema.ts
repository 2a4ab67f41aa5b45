/**
 * Assembles the executable GraphQL schema: core modules first, then the
 * contributions of every enabled plugin, on one builder that records who
 * defined each type and field.
 */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import type { AccessPolicyOptions } from '../auth/access-policy-plugin.js';
import { CORE_ACCESS_RULES } from '../auth/access-policy.js';
import { accessRuleProblems, type AccessRules } from '../auth/access-rules.js';
import { accountOwnedModels, ownedThroughModels } from '../auth/account-ownership.js';
import { registerAccountSubscriptions } from '../accounts/account-changes.js';
import { registerAccountSchema } from '../accounts/account-schema.js';
import { registerAuditSchema } from '../audit/audit-schema.js';
import { registerEventSchema } from '../events/event-schema.js';
import { registerHealthSchema } from '../health/health-schema.js';
import { registerAgendaSchema } from '../agenda/agenda-schema.js';
import { registerPersonSchema } from '../people/person-schema.js';
import { registerPrivacySchema } from '../people/privacy-schema.js';
import { PluginLoadError, type LoadedPlugin } from '../plugins/plugin-loader.js';
import { registerStaffSchema } from '../staff/staff-schema.js';
import { registerTeamSchema } from '../teams/team-schema.js';
import { createSchemaBuilder, type KamSchemaBuilder } from './builder.js';
import type { CoreSchemaRefs } from './core-schema-refs.js';
import { registerMutationErrors } from './mutation-errors.js';
import { registerScalars } from './scalars.js';
import { SchemaClashError, SchemaOwnership } from './schema-ownership.js';

export function registerCoreSchema(builder: KamSchemaBuilder): CoreSchemaRefs {
  registerScalars(builder);
  builder.queryType({ description: 'Read the key-account portfolio.' });
  builder.mutationType({ description: 'Change the portfolio; every mutation returns typed errors in its payload.' });
  builder.subscriptionType({ description: 'Live changes, over graphql-ws or server-sent events.' });
  const errors = registerMutationErrors(builder);
  const accounts = registerAccountSchema(builder, errors);
  const people = registerPersonSchema(builder, errors);
  const staff = registerStaffSchema(builder, errors);
  const teams = registerTeamSchema(builder, errors);
  registerPrivacySchema(builder, errors, people);
  registerAccountSubscriptions(builder);
  return { errors, ...accounts, ...people, ...staff, ...teams };
}


function asPluginError(error: unknown, owner: string): Error {
  if (error instanceof PluginLoadError) return error;
  if (error instanceof SchemaClashError) return error.owner === 'core' ? error : new PluginLoadError(error.owner, error.message);
  return owner === 'core' ? (error as Error) : new PluginLoadError(owner, `schema: ${(error as Error).message}`);
}

/** Core's rules plus those of every enabled plugin; a plugin may not redefine a rule. */
export function accessRulesFor(plugins: readonly LoadedPlugin[]): AccessRules {
  const rules: Record<string, AccessRules[keyof AccessRules]> = { ...CORE_ACCESS_RULES };
  for (const { plugin, enabled } of plugins) {
    if (!enabled || !plugin.access) continue;
    const problems = accessRuleProblems(plugin.access);
    if (problems.length > 0) throw new PluginLoadError(plugin.name, problems.join('; '));
    for (const [coordinate, rule] of Object.entries(plugin.access)) {
      if (coordinate in rules) throw new PluginLoadError(plugin.name, `access rule "${coordinate}" is already defined`);
      rules[coordinate] = rule;
    }
  }
  return rules;
}

export function buildSchema(plugins: readonly LoadedPlugin[] = []): GraphQLSchema {
  const ownership = new SchemaOwnership();
  const policy: AccessPolicyOptions = {
    rules: accessRulesFor(plugins),
    accountOwnedModels: accountOwnedModels(),
    ownedThrough: ownedThroughModels(),
    missingRules: [],
    guardedFields: [],
  };
  const builder = ownership.wrap(createSchemaBuilder(policy));
  const core = registerCoreSchema(builder);
  registerHealthSchema(builder, core);
  registerAgendaSchema(builder, core);
  registerEventSchema(builder, core.errors);
  registerAuditSchema(builder);
  for (const { plugin, options, enabled } of plugins) {
    if (!enabled || !plugin.schema) continue;
    ownership.owner = plugin.name;
    try {
      plugin.schema(builder, { options, core });
    } catch (error) {
      throw asPluginError(error, plugin.name);
    }
  }
  let schema: GraphQLSchema;
  try {
    schema = builder.toSchema({ sortSchema: false });
  } catch (error) {
    throw asPluginError(error, 'core');
  }
  checkAccessCoverage(policy, ownership, plugins);
  return schema;
}

/**
 * Secure by default: a root field nobody wrote a rule for would be denied to
 * everybody; the boot stops instead and names who must add the rule. A
 * plugin's rule must guard a field that exists.
 */
function checkAccessCoverage(policy: AccessPolicyOptions, ownership: SchemaOwnership, plugins: readonly LoadedPlugin[]) {
  for (const coordinate of policy.missingRules) {
    const owner = ownership.ownerOf(coordinate) ?? 'core';
    const message = `${coordinate} has no access rule; add one to ${owner === 'core' ? 'src/auth/access-policy.ts' : 'the plugin\'s access'}`;
    throw owner === 'core' ? new Error(message) : new PluginLoadError(owner, message);
  }
  const guarded = new Set(policy.guardedFields);
  for (const { plugin, enabled } of plugins) {
    if (!enabled || !plugin.access) continue;
    for (const coordinate of Object.keys(plugin.access)) {
      if (!guarded.has(coordinate)) throw new PluginLoadError(plugin.name, `access rule "${coordinate}" names no field of the schema`);
    }
  }
}

/** The SDL as checked in to schema.graphql: sorted, so diffs show real changes only. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
