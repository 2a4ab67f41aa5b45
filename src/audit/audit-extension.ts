/**
 * The audit trail's Prisma client extension. Inside a runner invocation (see
 * audit-scope.ts) every write to an audited model is intercepted: the rows as
 * they were are read first in the same transaction (one statement per write
 * call, whatever the number of rows), the write runs, and one entry per
 * written row is collected with the before/after of the changed columns. The
 * runner writes the collected entries with one createMany before it commits,
 * so a rollback leaves no entry.
 *
 * What it cannot see: nested writes inside a `data` argument (only the
 * top-level model is recorded), raw SQL, writes made by the database itself
 * (ON DELETE CASCADE / SET NULL), and writes through the root client instead
 * of the transaction client handed to the work.
 */
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { entityIdOf, type Row } from './audit-collector.js';
import { auditedModel, type AuditedModel } from './audit-models.js';
import { currentAuditScope, type AuditScope } from './audit-scope.js';

type Args = Record<string, unknown>;
type Query = (args: Args) => Promise<unknown>;
type Delegate = Record<string, (args: Args) => Promise<unknown>>;

const WRITES = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
]);

const extended = new WeakMap<PrismaClient, PrismaClient>();

/**
 * The client with the audit extension, one per root client. Outside a runner
 * invocation it behaves exactly like the root client.
 */
export function auditedClient(prisma: PrismaClient): PrismaClient {
  let client = extended.get(prisma);
  if (!client) {
    client = prisma.$extends({
      name: 'audit-trail',
      query: {
        $allModels: {
          $allOperations({ model, operation, args, query }) {
            const scope = currentAuditScope();
            const audited = scope && WRITES.has(operation) ? auditedModel(model) : undefined;
            if (!scope || !audited) return query(args);
            return auditedWrite(scope, audited, operation, args as Args, query as Query);
          },
        },
      },
    }) as unknown as PrismaClient;
    extended.set(prisma, client);
  }
  return client;
}

/** Rows identified by their key columns. */
function keyIn(model: AuditedModel, rows: readonly Row[]): Args {
  if (model.key.length === 1) {
    const [key] = model.key as [string];
    return { [key]: { in: rows.map((r) => r[key]) } };
  }
  return { OR: rows.map((r) => Object.fromEntries(model.key.map((k) => [k, r[k]]))) };
}

/** The caller's where, narrowed to the rows read before the write. */
function narrowed(model: AuditedModel, where: unknown, before: readonly Row[]): Args {
  return { AND: [where ?? {}, keyIn(model, before)] };
}

/**
 * The write's arguments with the key columns selected, so the written rows can
 * be identified even when the caller selects or omits them; returns the
 * columns to strip from the result again.
 */
function withKeyColumns(model: AuditedModel, args: Args): [Args, string[]] {
  const select = args.select as Record<string, unknown> | undefined;
  if (select) {
    const added = model.key.filter((k) => !select[k]);
    return [added.length ? { ...args, select: { ...select, ...Object.fromEntries(added.map((k) => [k, true])) } } : args, added];
  }
  const omit = args.omit as Record<string, unknown> | undefined;
  if (omit) {
    const added = model.key.filter((k) => omit[k]);
    return [added.length ? { ...args, omit: { ...omit, ...Object.fromEntries(added.map((k) => [k, false])) } } : args, added];
  }
  return [args, []];
}

function strip<T>(result: T, added: readonly string[]): T {
  if (added.length === 0) return result;
  for (const row of (Array.isArray(result) ? result : [result]) as Row[]) for (const k of added) delete row[k];
  return result;
}

/** Full rows for written rows a select or omit left partial (one read; none when they are complete). */
async function complete(model: AuditedModel, delegate: Delegate, rows: Row[]): Promise<Row[]> {
  if (rows.every((row) => model.columns.every((c) => c in row))) return rows;
  const full = (await delegate.findMany!({ where: keyIn(model, rows) })) as Row[];
  const byId = new Map(full.map((row) => [entityIdOf(model, row), row]));
  return rows.map((row) => byId.get(entityIdOf(model, row)) ?? row);
}

async function auditedWrite(scope: AuditScope, model: AuditedModel, operation: string, args: Args, query: Query): Promise<unknown> {
  const delegate = scope.tx[model.delegate] as Delegate;
  const { collector } = scope;
  // The rows a many-write will change, in key order so entries come in the same order on every database.
  const readMatching = async () =>
    (await delegate.findMany!({
      where: args.where,
      orderBy: model.key.map((k) => ({ [k]: 'asc' })),
      ...(args.limit === undefined ? {} : { take: args.limit }),
    })) as Row[];

  switch (operation) {
    case 'create':
    case 'update':
    case 'upsert': {
      const before = operation === 'create' ? null : ((await delegate.findUnique!({ where: args.where })) as Row | null);
      const [keyed, added] = withKeyColumns(model, args);
      const result = (await query(keyed)) as Row;
      // An update of a missing row has thrown above; an upsert of one created it.
      const [after] = await complete(model, delegate, [result]);
      collector.record(model, before, after!);
      return strip(result, added);
    }

    case 'delete': {
      const before = (await delegate.findUnique!({ where: args.where })) as Row | null;
      const result = await query(args);
      if (before) collector.record(model, before, null);
      return result;
    }

    case 'createMany': {
      // The same single INSERT, returning the rows so each one is recorded (by the case below).
      const rows = (await delegate.createManyAndReturn!(pick(args, ['data', 'skipDuplicates']))) as Row[];
      return { count: rows.length };
    }

    case 'createManyAndReturn': {
      const [keyed, added] = withKeyColumns(model, args);
      const result = (await query(keyed)) as Row[];
      for (const after of await complete(model, delegate, result)) collector.record(model, null, after);
      return strip(result, added);
    }

    case 'updateMany': {
      // The same single UPDATE, returning the rows (by the case below).
      const rows = (await delegate.updateManyAndReturn!(pick(args, ['where', 'data', 'limit']))) as Row[];
      return { count: rows.length };
    }

    case 'updateManyAndReturn': {
      const before = await readMatching();
      if (before.length === 0) return [];
      // Only the rows read: a row committed by someone else in between was not seen, so it is not changed either.
      const [keyed, added] = withKeyColumns(model, { ...args, where: narrowed(model, args.where, before) });
      const result = (await query(keyed)) as Row[];
      const written = new Map((await complete(model, delegate, result)).map((row) => [entityIdOf(model, row), row]));
      // In key order (the order of the before-read), whatever order the database returned them in.
      for (const row of before) {
        const after = written.get(entityIdOf(model, row));
        if (!after) continue;
        collector.record(model, row, after);
        written.delete(entityIdOf(model, row));
      }
      // A write that changed the key itself cannot be matched: every column is then listed as changed.
      for (const after of written.values()) collector.record(model, {}, after);
      return strip(result, added);
    }

    case 'deleteMany': {
      const before = await readMatching();
      if (before.length === 0) return { count: 0 };
      const result = (await query({ ...args, where: narrowed(model, args.where, before) })) as { count: number };
      let deleted = before;
      if (result.count !== before.length) {
        // Some rows read no longer matched when deleted (changed by a concurrent commit): they are still there.
        const left = (await delegate.findMany!({ where: keyIn(model, before) })) as Row[];
        const remaining = new Set(left.map((row) => entityIdOf(model, row)));
        deleted = before.filter((row) => !remaining.has(entityIdOf(model, row)));
      }
      for (const row of deleted) collector.record(model, row, null);
      return result;
    }

    default:
      return query(args);
  }
}

function pick(args: Args, keys: readonly string[]): Args {
  return Object.fromEntries(keys.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));
}
