/**
 * The access log of sensitive personal data: who read which private fields
 * of which person, in which operation. A read is written before its data is
 * returned, and the writes of one request are batched: a page of 50 profiles
 * costs one insert, not 50.
 */
import DataLoader from 'dataloader';
import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { Actor } from '../auth/actor.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { Transaction } from '../events/unit-of-work.js';
import type { RequestLoaders } from '../schema/request-loaders.js';

/** Who a request runs as when authentication set no actor. */
export const ANONYMOUS_ACTOR: Actor = Object.freeze({ kind: 'SYSTEM', id: 'anonymous' });

/** The request's viewer as the log records it. */
export function actorFromContext(ctx: object): Actor {
  const actor = (ctx as { actor?: Actor | null }).actor;
  return actor ?? ANONYMOUS_ACTOR;
}

/** What a logged read needs from the request context. */
export interface SensitiveReadContext {
  prisma: PrismaClient;
  now: () => Date;
  actor?: Actor;
  loaders: RequestLoaders;
}

export interface SensitiveReadRecord {
  at: Date;
  actor: Actor;
  personId: string;
  /** Field names read, e.g. `profile.healthNotes`, `anniversaries.label`, `export`. */
  fields: readonly string[];
  operation: string | null;
}

function toRow(read: SensitiveReadRecord) {
  return {
    at: read.at,
    actorKind: read.actor.kind,
    actorId: read.actor.id,
    personId: read.personId,
    fields: [...new Set(read.fields)].sort().join(','),
    operation: read.operation,
  };
}

/** Writes reads in one statement (inside a transaction when given `tx`). */
export async function writeSensitiveReads(db: PrismaClient | Transaction, reads: readonly SensitiveReadRecord[]): Promise<void> {
  if (reads.length === 0) return;
  await db.sensitiveRead.createMany({ data: reads.map(toRow) });
}

/**
 * The operation as the log names it: its name, or for an anonymous one its
 * type and root fields (`query { people }`), so a reviewer can still tell.
 */
export function operationName(info: GraphQLResolveInfo): string {
  const { operation } = info;
  if (operation.name?.value) return operation.name.value;
  const roots = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
  return `${operation.operation} { ${roots.join(' ') || '...'} }`;
}

interface ReadKey {
  /** Who reads: the loaders of a live event are shared by subscribers, each of whose reads is logged. */
  actor: Actor;
  personId: string;
  field: string;
  operation: string | null;
}

type ReadLoader = DataLoader<ReadKey, true, string>;

const READ_LOG = Symbol('sensitive read log');

/**
 * The request's read log, one of its loaders, so it lives and dies with the
 * request (with a live event, for subscriptions). It caches: a field of a
 * person logged once in a request is not logged again (a nested resolver
 * that re-checks finds it done without another insert).
 */
function readLoader(ctx: SensitiveReadContext): ReadLoader {
  return ctx.loaders.get(READ_LOG, () => {
    return new DataLoader<ReadKey, true, string>(
      async (keys) => {
        const reads = new Map<string, SensitiveReadRecord & { fields: string[] }>();
        const at = ctx.now();
        for (const key of keys) {
          const group = `${key.actor.kind}\u0000${key.actor.id}\u0000${key.personId}\u0000${key.operation ?? ''}`;
          let read = reads.get(group);
          if (!read) reads.set(group, (read = { at, actor: key.actor, personId: key.personId, fields: [], operation: key.operation }));
          read.fields.push(key.field);
        }
        await writeSensitiveReads(ctx.prisma, [...reads.values()]);
        return keys.map(() => true as const);
      },
      { cacheKeyFn: (key) => `${key.actor.kind}\u0000${key.actor.id}\u0000${key.personId}\u0000${key.field}\u0000${key.operation ?? ''}` },
    );
  });
}

/**
 * Logs that `fields` of `personId` are being read in this request; resolves
 * once the log row is written. Await it before returning the data.
 */
export async function recordSensitiveRead(
  ctx: SensitiveReadContext,
  info: GraphQLResolveInfo,
  personId: string,
  fields: readonly string[],
): Promise<void> {
  const operation = operationName(info);
  const actor = actorFromContext(ctx);
  await readLoader(ctx).loadMany(fields.map((field) => ({ actor, personId, field, operation }))).then((results) => {
    const failed = results.find((r): r is Error => r instanceof Error);
    if (failed) throw failed;
  });
}

/**
 * The names of the fields selected under the current field, as
 * `<prefix>.<name>` (fragments followed, skipped fields left out,
 * `__typename` ignored); just `prefix` when nothing else is selected.
 */
export function selectedFieldNames(info: GraphQLResolveInfo, prefix: string): string[] {
  const names = new Set<string>();
  const visited = new Set<string>();
  const included = (node: { directives?: readonly unknown[] }) => {
    const n = node as Parameters<typeof getDirectiveValues>[1];
    if (getDirectiveValues(GraphQLSkipDirective, n, info.variableValues)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, n, info.variableValues)?.if === false) return false;
    return true;
  };
  const walk = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') names.add(`${prefix}.${selection.name.value}`);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        walk(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet);
  return names.size > 0 ? [...names] : [prefix];
}

/**
 * A resolver for one sensitive value of a person's data: logs the read of the
 * current field (`<prefix>.<field>`), then gives `read`'s value. When the
 * parent field (`Person.profile`) already logged it in this request, the log
 * costs nothing; reached any other way (a mutation payload, `node`), it is
 * what logs the read.
 */
export function loggedRead<R extends { personId: string }, T, C extends SensitiveReadContext>(prefix: string, read: (record: R, ctx: C) => T) {
  return async (record: R, _args: unknown, ctx: C, info: GraphQLResolveInfo): Promise<T> => {
    await recordSensitiveRead(ctx, info, record.personId, [`${prefix}.${info.fieldName}`]);
    return read(record, ctx);
  };
}

