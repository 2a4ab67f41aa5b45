import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { AuditCollector } from '../audit/audit-collector.js';
import { auditedClient } from '../audit/audit-extension.js';
import { withAuditScope, type AuditTx } from '../audit/audit-scope.js';
import { systemActor, type Actor } from '../auth/actor.js';
import { providerOfClient } from '../db/database.js';
import type { EmittedPayload, EventCatalog, EventName } from './event-catalog.js';

export type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Emits an event (or publishes a live topic message) in the transaction: it
 * is written to the outbox with the change and delivered after commit. The
 * payload must fit its declaration (src/events/event-catalog.ts).
 */
export type Emit = <N extends EventName>(name: N, accountId: string | null, payload: EmittedPayload<N>) => void;

/**
 * Runs work in one database transaction; events it emits are written to the
 * outbox in it, and every row it writes is recorded in the audit trail in it.
 */
export type RunInTransaction = <T>(work: (tx: Transaction, emit: Emit) => Promise<T>) => Promise<T>;

/** A runner whose writes the audit trail attributes to `actor`, as part of `operation`. */
export type TransactionRunnerFor = (actor: Actor, operation: string) => RunInTransaction;

/** Who the audit trail names when a runner is not given an actor: the system itself. */
export const SYSTEM_ACTOR: Actor = systemActor('system');

export interface TransactionRunnerOptions {
  prisma: PrismaClient;
  now: () => Date;
  /** Called after a transaction that emitted events has committed (wakes the dispatcher). */
  afterCommit?: () => void;
  /**
   * PostgreSQL assigns outbox ids at insert, not at commit: two concurrent
   * transactions of one account could otherwise be numbered in the opposite
   * order to their commits. A transaction-scoped lock per account makes the
   * numbering follow commit order. SQLite needs none: it has one writer.
   */
  serializePerAccount?: boolean;
  /** Who the audit trail names for this runner's writes; default SYSTEM_ACTOR. */
  actor?: Actor;
  /** The GraphQL mutation field, job or handler the writes belong to; default the actor's id. */
  operation?: string;
  /** Declared events and topics: each emitted payload is checked against its schema (a misfit rolls the transaction back). */
  events?: EventCatalog;
}

/** How each running transaction takes the locks of lockUntilCommit. */
const keyLocks = new WeakMap<object, (scope: string, key: string) => Promise<void>>();

/**
 * Makes the transactions that lock the same `key` of `scope` take turns from
 * here until each commits or rolls back, so a check-then-write (no active
 * account has this name? then create one) cannot interleave with another.
 * On PostgreSQL it is a transaction-scoped advisory lock on the hashes of
 * scope and key (a collision only makes unrelated writers wait); SQLite needs
 * none: a write transaction holds the only write lock from its
 * `BEGIN IMMEDIATE` on. `tx` must be a transaction of a runner made here.
 */
export async function lockUntilCommit(tx: Transaction, scope: string, key: string): Promise<void> {
  const lock = keyLocks.get(tx);
  if (!lock) throw new Error('lockUntilCommit needs a transaction started by a transaction runner (createTransactionRunner)');
  await lock(scope, key);
}

/**
 * The outbox half of "every change emits an event": the events are rows of
 * the same transaction as the change, so either both persist or neither.
 * The audit trail works the same way: an extension of the runner's client
 * (src/audit) collects one entry per written row while `work` runs, and they
 * are written with one createMany before the commit.
 */
export function createTransactionRunner(options: TransactionRunnerOptions): RunInTransaction {
  const { now, afterCommit, serializePerAccount, actor = SYSTEM_ACTOR, events: catalog } = options;
  const operation = options.operation ?? actor.id;
  const client = auditedClient(options.prisma);
  const advisoryLocks = providerOfClient(options.prisma) === 'postgresql';
  return async (work) => {
    let emitted = 0;
    const result = await client.$transaction(async (tx) => {
      keyLocks.set(
        tx,
        advisoryLocks
          ? async (scope, key) => void (await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${scope}), hashtext(${key}))`)
          : async () => undefined,
      );
      const events: { name: string; accountId: string | null; payload: string; occurredAt: Date }[] = [];
      const audit = new AuditCollector();
      const value = await withAuditScope({ tx: tx as unknown as AuditTx, collector: audit }, () =>
        work(tx, (name, accountId, payload) => {
          // Thrown here, inside the work: the change it belongs to rolls back.
          const checked = catalog ? catalog.parse(name, payload) : payload;
          events.push({ name, accountId, payload: JSON.stringify(checked ?? null), occurredAt: now() });
        }),
      );
      if (serializePerAccount) {
        // Sorted, so two transactions touching the same accounts cannot deadlock.
        const accounts = [...new Set(events.map((e) => e.accountId).filter((id): id is string => id !== null))].sort();
        for (const accountId of accounts) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${accountId}))`;
      }
      // One insert per event keeps the outbox ids in emission order on every database.
      for (const event of events) await tx.outboxEvent.create({ data: event });
      if (audit.size > 0) await tx.auditEntry.createMany({ data: audit.entries(now(), actor, operation) });
      emitted = events.length;
      return value;
    });
    if (emitted > 0) afterCommit?.();
    return result;
  };
}

/** Runners sharing everything but the actor and operation, one per request, job or handler. */
export function createTransactionRunnerFor(options: Omit<TransactionRunnerOptions, 'actor' | 'operation'>): TransactionRunnerFor {
  return (actor, operation) => createTransactionRunner({ ...options, actor, operation });
}
