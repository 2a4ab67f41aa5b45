import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import type { GraphQLContext } from './context.js';
import { decodeGlobalIdOrThrow, encodeGlobalId } from './global-id.js';

export interface KamSchemaTypes {
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
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
export function createSchemaBuilder() {
  return new SchemaBuilder<KamSchemaTypes>({
    plugins: [RelayPlugin, PrismaPlugin],
    defaultFieldNullability: false,
    prisma: {
      client: (ctx) => ctx.prisma,
      dmmf: getDatamodel(),
      filterConnectionTotalCount: true,
      // Pages hold 20 items unless `first`/`last` ask otherwise, and never more than 100.
      defaultConnectionSize: 20,
      maxConnectionSize: 100,
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
