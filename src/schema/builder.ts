import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import AccessPolicyPlugin, { type AccessPolicyOptions } from '../auth/access-policy-plugin.js';
import { AuthenticationRequiredError, ForbiddenError } from '../auth/auth-errors.js';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import type { GraphQLContext } from './context.js';
import { PAGE_SIZE } from './connections/page-args.js';
import { decodeGlobalIdOrThrow, encodeGlobalId } from './global-id.js';

export { PAGE_SIZE } from './connections/page-args.js';

export interface KamSchemaTypes {
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: {
    /** A root field the viewer's role may run (see src/auth/access-policy.ts). */
    operation: string;
    /** `Type.field@accountId`: a guarded field on a record of that account. */
    fieldOnAccount: string;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}

/**
 * One builder per schema build: core and every plugin add their types to it,
 * then it is turned into the executable schema.
 */
export function createSchemaBuilder(accessPolicy?: AccessPolicyOptions) {
  return new SchemaBuilder<KamSchemaTypes>({
    // The policy decides the scopes; scope-auth enforces them before any other plugin resolves.
    plugins: [AccessPolicyPlugin, ScopeAuthPlugin, RelayPlugin, PrismaPlugin],
    accessPolicy,
    scopeAuth: {
      authorizeOnSubscribe: true,
      unauthorizedError: (_parent, ctx) => (ctx.viewer.kind === 'anonymous' ? new AuthenticationRequiredError() : new ForbiddenError()),
      authScopes: (ctx) => ({
        operation: (coordinate) => ctx.access.allows(coordinate),
        fieldOnAccount: (key) => {
          const at = key.lastIndexOf('@');
          return ctx.access.canReach(key.slice(0, at), key.slice(at + 1));
        },
      }),
    },
    defaultFieldNullability: false,
    prisma: {
      client: (ctx) => ctx.prisma,
      dmmf: getDatamodel(),
      filterConnectionTotalCount: true,
      defaultConnectionSize: PAGE_SIZE.default,
      maxConnectionSize: PAGE_SIZE.max,
      exposeDescriptions: true,
      onUnusedQuery: null,
    },
    relay: {
      clientMutationId: 'omit',
      cursorType: 'String',
      edgesFieldOptions: { nullable: false },
      nodeFieldOptions: { nullable: false },
      encodeGlobalID: (typename, id) => encodeGlobalId(typename, id),
      decodeGlobalID: (globalId) => decodeGlobalIdOrThrow(globalId),
    },
  });
}

export type KamSchemaBuilder = ReturnType<typeof createSchemaBuilder>;
/** The builder's resolved type parameters, for typing refs passed between modules. */
export type KamTypes = PothosSchemaTypes.ExtendDefaultTypes<KamSchemaTypes>;
