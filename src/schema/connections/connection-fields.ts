/**
 * The one way to expose a list as a Relay connection, for core and plugins:
 * keyset pages over a Prisma model with signed cursors (cursor-codec.ts),
 * the node's nested selections planned by plugin-prisma, and `totalCount`
 * counted only when asked for.
 *
 * - `rootConnection`: a list of its own (`Query.accounts`): one findMany per
 *   page, plus one count when `totalCount` is selected.
 * - `relationConnection`: the records of a parent (`Account.people`), batched
 *   over every parent of a page: one findMany for all of them, sliced per
 *   parent, plus one groupBy for their counts when asked.
 *
 * Either way a page starts from the sort key its cursor carries, never from a
 * looked-up record, so a cursor naming a record outside the viewer's reach
 * pages exactly like one naming a record that does not exist.
 */
import type { FieldRef, InputFieldMap, InputShapeFromFields } from '@pothos/core';
import { queryFromInfo } from '@pothos/plugin-prisma';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { accountIdOf } from '../../auth/account-ownership.js';
import type { KamTypes } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import type { CursorCodec } from './cursor-codec.js';
import { keysetWhere, orderByOf, orderSignature, sortValuesOf, type SortKey, type Where } from './keyset.js';
import { readPageArgs, type PageArgs, type PageRequest } from './page-args.js';

type Row = Record<string, unknown>;

interface Delegate {
  findMany(args: Row): Promise<Row[]>;
  count(args: { where: Where }): Promise<number>;
  groupBy(args: Row): Promise<Row[]>;
}

export interface ConnectionResult {
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

interface ConnectionOptions<Args extends InputFieldMap> {
  /** The node type: a prismaObject/prismaNode ref or its name. */
  type: unknown;
  /** The Prisma model the nodes are rows of. */
  model: string;
  description?: string;
  args?: Args;
  /** The order of the list for these arguments; it must end with a unique field. */
  order: (args: InputShapeFromFields<Args>) => readonly SortKey[];
  /** Which rows belong to the list: filters and the viewer's reach. */
  where?: (args: InputShapeFromFields<Args>, ctx: GraphQLContext) => Where | Promise<Where>;
  /** Adds `totalCount: Int!` to the connection type. */
  totalCount?: boolean;
  /**
   * The access rule whose reach `where` applies (`ctx.access.scopeAccounts`
   * or `ownedWhere` of it): the rows' accounts are then known to be within
   * it, and their records' checks cost nothing more.
   */
  scopedBy?: string;
}

interface RelationConnectionOptions<Args extends InputFieldMap> extends ConnectionOptions<Args> {
  /** The child's column holding the parent's id (`accountId` for Account.people). */
  foreignKey: string;
  /** The parent's key that column refers to; default `id`. */
  parentKey?: string;
}

/** Field builders that have `connection` (the relay plugin adds it to every one). */
interface ConnectionFieldBuilder {
  connection(options: Row, connectionOptions?: Row): unknown;
}

const NODE_PATHS = [['edges', 'node'], ['nodes']];

function delegateOf(ctx: GraphQLContext, model: string): Delegate {
  const delegate = (ctx.prisma as unknown as Record<string, Delegate | undefined>)[model.charAt(0).toLowerCase() + model.slice(1)];
  if (!delegate) throw new Error(`no Prisma model named ${model}`);
  return delegate;
}

/** The GraphQL name of a node type given as a ref or a name. */
function typeNameOf(type: unknown): string {
  return typeof type === 'string' ? type : String((type as { name?: unknown }).name);
}

/** The page's nested selections (people { reportsTo } ...), with the columns paging needs. */
function nodeQuery(ctx: GraphQLContext, info: GraphQLResolveInfo, typeName: string, columns: readonly string[]): Row {
  const select = Object.fromEntries(columns.map((c) => [c, true]));
  return queryFromInfo({ context: ctx, info, typeName, paths: NODE_PATHS, select }) as Row;
}

function scopeOf(info: GraphQLResolveInfo, order: readonly SortKey[]): string {
  return `${info.parentType.name}.${info.fieldName}|${orderSignature(order)}`;
}

/** One page of rows read in the page's direction (size + 1, to know whether there are more) as a connection. */
export function connectionOf(
  rows: readonly Row[],
  page: PageRequest,
  order: readonly SortKey[],
  scope: string,
  codec: CursorCodec,
  totalCount: () => Promise<number>,
): ConnectionResult {
  const more = rows.length > page.size;
  const kept = more ? rows.slice(0, page.size) : [...rows];
  if (page.backward) kept.reverse();
  const edges = kept.map((node) => ({ cursor: codec.encode(scope, sortValuesOf(order, node)), node }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: page.backward ? page.fromCursor : more,
      hasPreviousPage: page.backward ? more : page.fromCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => (counted ??= totalCount()),
  };
}

function accountsOf(model: string, rows: readonly Row[]): string[] {
  return rows.map((row) => accountIdOf(model, row)).filter((id): id is string => id !== undefined);
}

function pageWhere(base: Where, order: readonly SortKey[], page: PageRequest): Where {
  return page.from ? { AND: [base, keysetWhere(order, page.from, page.backward)] } : base;
}

function connectionTypeOptions(totalCount: boolean | undefined): Row {
  if (!totalCount) return {};
  return {
    fields: (t: { int(options: Row): unknown }) => ({
      totalCount: t.int({
        nullable: false,
        description: 'How many items the whole list holds, across all pages.',
        resolve: (connection: ConnectionResult) => connection.totalCount(),
      }),
    }),
  };
}

/** A connection of its own, such as `Query.accounts`. */
export function rootConnection<Args extends InputFieldMap = InputFieldMap>(t: unknown, options: ConnectionOptions<Args>): FieldRef<KamTypes, unknown> {
  const { model, order: orderFor, where = () => ({}) } = options;
  return (t as ConnectionFieldBuilder).connection(
    {
      type: options.type,
      description: options.description,
      args: options.args ?? {},
      resolve: async (_parent: unknown, args: InputShapeFromFields<Args> & PageArgs, ctx: GraphQLContext, info: GraphQLResolveInfo) => {
        const order = orderFor(args);
        const scope = scopeOf(info, order);
        const page = readPageArgs(args, ctx.cursors, scope, order.length);
        const base = await where(args, ctx);
        const delegate = delegateOf(ctx, model);
        const rows = await delegate.findMany({
          ...nodeQuery(ctx, info, typeNameOf(options.type), order.map((k) => k.field)),
          where: pageWhere(base, order, page),
          orderBy: orderByOf(order, page.backward),
          take: page.size + 1,
        });
        if (options.scopedBy) ctx.access.markReached(options.scopedBy, accountsOf(model, rows));
        return connectionOf(rows, page, order, scope, ctx.cursors, () => delegate.count({ where: base }));
      },
    },
    connectionTypeOptions(options.totalCount),
  ) as FieldRef<KamTypes, unknown>;
}

interface RelationPage {
  rows: Row[];
  count: () => Promise<number>;
}

/** The records of a parent as a connection, such as `Account.people`; batched over the parents of a page. */
export function relationConnection<Args extends InputFieldMap = InputFieldMap>(
  t: unknown,
  options: RelationConnectionOptions<Args>,
): FieldRef<KamTypes, unknown> {
  const { model, foreignKey, parentKey = 'id', order: orderFor, where = () => ({}) } = options;

  function loaderFor(ctx: GraphQLContext, info: GraphQLResolveInfo, args: InputShapeFromFields<Args> & PageArgs, order: readonly SortKey[], page: PageRequest) {
    // Per field of the document: the same field node has the same arguments and selection for every parent of the page.
    return ctx.loaders.get(info.fieldNodes[0]!, () => {
      const delegate = delegateOf(ctx, model);
      const query = nodeQuery(ctx, info, typeNameOf(options.type), [...order.map((k) => k.field), foreignKey]);
      const baseFor = async (keys: readonly unknown[]): Promise<Where> => ({ AND: [{ [foreignKey]: { in: [...keys] } }, await where(args, ctx)] });
      const counts = new DataLoader<unknown, number>(
        async (keys) => {
          const groups = await delegate.groupBy({ by: [foreignKey], where: await baseFor(keys), _count: { _all: true } });
          const byKey = new Map(groups.map((g) => [g[foreignKey], (g._count as { _all: number })._all]));
          return keys.map((key) => byKey.get(key) ?? 0);
        },
        { cache: false },
      );
      return new DataLoader<unknown, RelationPage>(
        async (keys) => {
          const rows = await delegate.findMany({
            ...query,
            where: pageWhere(await baseFor(keys), order, page),
            orderBy: orderByOf(order, page.backward),
          });
          const byKey = new Map<unknown, Row[]>(keys.map((key) => [key, []]));
          for (const row of rows) {
            const list = byKey.get(row[foreignKey]);
            if (list && list.length <= page.size) list.push(row);
          }
          return keys.map((key) => ({ rows: byKey.get(key)!, count: () => counts.load(key) }));
        },
        // Loaders of a live event are shared by its subscribers: batch, never cache across events.
        { cache: false },
      );
    });
  }

  return (t as ConnectionFieldBuilder).connection(
    {
      type: options.type,
      description: options.description,
      args: options.args ?? {},
      resolve: async (parent: Row, args: InputShapeFromFields<Args> & PageArgs, ctx: GraphQLContext, info: GraphQLResolveInfo) => {
        const order = orderFor(args);
        const scope = scopeOf(info, order);
        const page = readPageArgs(args, ctx.cursors, scope, order.length);
        const { rows, count } = await loaderFor(ctx, info, args, order, page).load(parent[parentKey]);
        return connectionOf(rows, page, order, scope, ctx.cursors, count);
      },
    },
    connectionTypeOptions(options.totalCount),
  ) as FieldRef<KamTypes, unknown>;
}

/**
 * A page of a list held in memory (merged from several sources, such as an
 * agenda), already sorted by `order`, with the same signed cursors and
 * page rules as the database connections.
 */
export function arrayConnection(
  rows: readonly Row[],
  args: PageArgs,
  order: readonly SortKey[],
  scope: string,
  codec: CursorCodec,
): ConnectionResult {
  const page = readPageArgs(args, codec, scope, order.length);
  const compare = (row: Row, values: readonly unknown[]) => {
    for (let i = 0; i < order.length; i++) {
      const a = comparable(row[order[i]!.field]);
      const b = comparable(values[i]);
      if (a !== b) return (a < b ? -1 : 1) * (order[i]!.direction === 'asc' ? 1 : -1);
    }
    return 0;
  };
  let candidates = page.from ? rows.filter((row) => (page.backward ? compare(row, page.from!) < 0 : compare(row, page.from!) > 0)) : [...rows];
  if (page.backward) candidates = candidates.reverse();
  return connectionOf(candidates.slice(0, page.size + 1), page, order, scope, codec, async () => rows.length);
}

function comparable(value: unknown): string | number {
  if (value instanceof Date) return value.getTime();
  return typeof value === 'number' ? value : String(value ?? '');
}
