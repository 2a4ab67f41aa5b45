/**
 * Applies the access rules to the schema as it is built, so no resolver can
 * forget its guard and plugins are guarded by the same mechanism as core:
 * - every root field (query, mutation, subscription) gets the scope-auth
 *   guard of its rule; one without a rule is denied to everybody and
 *   reported by `missingRules`, which fails the build;
 * - a field with a rule of its own (such as `Person.profile`) is checked
 *   against the account of the record it belongs to;
 * - every Prisma-backed type whose model belongs to an account is readable
 *   only on accounts the viewer may read: each of its fields checks the
 *   record's account, answered at once when known (see AccessControl), so a
 *   page costs a lookup per new account, not a promise per field;
 * - `node`/`nodes` return null for a record the viewer may not see, exactly
 *   as for an id that does not exist; a record of a type owned through
 *   another record (an anniversary through its person) is seen where the
 *   rule naming it in `nodeTypes` reaches that record's account.
 * Root fields and guarded fields are enforced by @pothos/plugin-scope-auth
 * with the scopes decided here; the record check of account-owned types is
 * this plugin's own resolver wrapper, because it runs on every field.
 */
import SchemaBuilder, { BasePlugin, getTypeBrand, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import type { GraphQLContext } from '../schema/context.js';
import { accountIdOf } from './account-ownership.js';
import { AuthenticationRequiredError, ForbiddenError } from './auth-errors.js';
import { isRootCoordinate, type AccessRules } from './access-rules.js';

export interface AccessPolicyOptions {
  rules: AccessRules;
  /** Prisma models that belong to an account (the model `Account` itself, or models with an `accountId`). */
  accountOwnedModels: ReadonlySet<string>;
  /**
   * Models that belong to an account through a record of an account-owned
   * model (PersonAnniversary through its Person): the foreign key field and
   * that model.
   */
  ownedThrough: ReadonlyMap<string, { field: string; model: string }>;
  /** Filled during the build: root fields that have no rule. */
  missingRules: string[];
  /** Filled during the build: every field the rules guard, as Type.field. */
  guardedFields: string[];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    // The type parameter must keep Pothos's name for the declarations to merge.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    interface SchemaBuilderOptions<Types extends SchemaTypes> {
      accessPolicy?: AccessPolicyOptions;
    }
    interface Plugins<Types extends SchemaTypes> {
      accessPolicy: AccessPolicyPlugin<Types>;
    }
  }
}

const pluginName = 'accessPolicy';


export class AccessPolicyPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  private get policy(): AccessPolicyOptions | undefined {
    return this.builder.options.accessPolicy;
  }

  /** The account-owned model behind an object or interface type, if it is one. */
  private accountOwnedModelOf(typeName: string): string | undefined {
    const config = this.buildCache.getTypeConfig(typeName);
    if (config.kind !== 'Object' && config.kind !== 'Interface') return undefined;
    const model = config.extensions?.pothosPrismaModel as string | undefined;
    return model && this.policy?.accountOwnedModels.has(model) ? model : undefined;
  }

  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const policy = this.policy;
    if (!policy) return fieldConfig;
    const coordinate = `${fieldConfig.parentType}.${fieldConfig.name}`;
    const rule = policy.rules[coordinate as keyof AccessRules];
    const root = isRootCoordinate(coordinate);
    if (!rule && !root) return fieldConfig;
    if (!rule) policy.missingRules.push(coordinate);
    policy.guardedFields.push(coordinate);

    let authScopes: unknown;
    if (!rule) {
      authScopes = () => false;
    } else if (root) {
      authScopes = { operation: coordinate };
    } else {
      const owner = this.buildCache.getTypeConfig(fieldConfig.parentType);
      const model = (owner.extensions?.pothosPrismaModel as string | undefined) ?? owner.name;
      authScopes = (parent: unknown) => {
        const accountId = accountIdOf(model, parent);
        return accountId ? { fieldOnAccount: `${coordinate}@${accountId}` } : false;
      };
    }
    return { ...fieldConfig, pothosOptions: { ...fieldConfig.pothosOptions, authScopes } } as PothosOutputFieldConfig<Types>;
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!this.policy) return resolver;
    const model = this.accountOwnedModelOf(fieldConfig.parentType);
    if (model) return readableRecordsOnly(model, resolver);
    if (fieldConfig.parentType !== 'Query' || (fieldConfig.name !== 'node' && fieldConfig.name !== 'nodes')) return resolver;
    // Which rule admits each type not owned by an account: looked up once per schema, not per record.
    const nodeTypeRules = new Map<string, string>();
    for (const [coordinate, rule] of Object.entries(this.policy.rules)) {
      for (const typeName of rule.nodeTypes ?? []) nodeTypeRules.set(typeName, coordinate);
    }
    const visible = (record: unknown, ctx: GraphQLContext) => this.visibleNode(record, ctx, nodeTypeRules);
    if (fieldConfig.name === 'node') {
      return async (parent, args, ctx, info) => {
        const record = await resolver(parent, args, ctx, info);
        return (await visible(record, ctx as GraphQLContext)) ? record : null;
      };
    }
    return async (parent, args, ctx, info) => {
      const records = (await resolver(parent, args, ctx, info)) as unknown[];
      return Promise.all(records.map(async (pending) => {
        const record = await pending;
        return (await visible(record, ctx as GraphQLContext)) ? record : null;
      }));
    };
  }

  private async visibleNode(record: unknown, ctx: GraphQLContext, nodeTypeRules: ReadonlyMap<string, string>): Promise<boolean> {
    if (record == null) return false;
    const brand = getTypeBrand(record) as string | { name: string } | null;
    const typeName = typeof brand === 'string' ? brand : brand?.name;
    if (!typeName) return false;
    const model = this.buildCache.getTypeConfig(typeName).extensions?.pothosPrismaModel as string | undefined;
    const policy = this.policy!;
    if (model && policy.accountOwnedModels.has(model)) {
      const accountId = accountIdOf(model, record);
      return accountId !== undefined && ctx.access.canRead(accountId);
    }
    const coordinate = nodeTypeRules.get(typeName);
    if (coordinate === undefined) return false;
    if (isRootCoordinate(coordinate)) return ctx.access.allows(coordinate);
    // A field's rule (such as Person.anniversaries) admits the record where the field reaches the record's account.
    const link = model ? policy.ownedThrough.get(model) : undefined;
    const ownerId = link ? (record as Record<string, unknown>)[link.field] : undefined;
    if (!link || typeof ownerId !== 'string') return false;
    const accountId = await ctx.access.accountOf(link.model, ownerId);
    if (accountId === undefined || !(await ctx.access.canRead(accountId))) return false;
    return ctx.access.allows(coordinate) && ctx.access.canReach(coordinate, accountId);
  }
}

/** A field of an account-owned type resolves only on a record of an account the viewer may read. */
function readableRecordsOnly<Context extends object>(
  model: string,
  resolver: GraphQLFieldResolver<unknown, Context, object>,
): GraphQLFieldResolver<unknown, Context, object> {
  const refused = (ctx: GraphQLContext) => (ctx.viewer.kind === 'anonymous' ? new AuthenticationRequiredError() : new ForbiddenError());
  return (parent, args, ctx, info) => {
    const access = (ctx as unknown as GraphQLContext).access;
    const accountId = accountIdOf(model, parent);
    if (accountId === undefined) throw refused(ctx as unknown as GraphQLContext);
    const readable = access.canRead(accountId);
    if (readable === true) return resolver(parent, args, ctx, info);
    if (readable === false) throw refused(ctx as unknown as GraphQLContext);
    return readable.then((ok) => {
      if (!ok) throw refused(ctx as unknown as GraphQLContext);
      return resolver(parent, args, ctx, info);
    });
  };
}

SchemaBuilder.registerPlugin(pluginName, AccessPolicyPlugin);

export default pluginName;
