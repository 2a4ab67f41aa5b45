import type { PrismaClient } from '../generated/prisma-sqlite/client.js';

export type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export type Emit = (name: string, accountId: string | null, payload: unknown) => void;

/** Runs work in one database transaction; events it emits are written to the outbox in it. */
export type RunInTransaction = <T>(work: (tx: Transaction, emit: Emit) => Promise<T>) => Promise<T>;

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
}

/**
 * The outbox half of "every change emits an event": the events are rows of
 * the same transaction as the change, so either both persist or neither.
 */
export function createTransactionRunner({ prisma, now, afterCommit, serializePerAccount }: TransactionRunnerOptions): RunInTransaction {
  return async (work) => {
    let emitted = 0;
    const result = await prisma.$transaction(async (tx) => {
      const events: { name: string; accountId: string | null; payload: string; occurredAt: Date }[] = [];
      const value = await work(tx, (name, accountId, payload) => {
        events.push({ name, accountId, payload: JSON.stringify(payload ?? null), occurredAt: now() });
      });
      if (serializePerAccount) {
        // Sorted, so two transactions touching the same accounts cannot deadlock.
        const accounts = [...new Set(events.map((e) => e.accountId).filter((id): id is string => id !== null))].sort();
        for (const accountId of accounts) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${accountId}))`;
      }
      // One insert per event keeps the outbox ids in emission order on every database.
      for (const event of events) await tx.outboxEvent.create({ data: event });
      emitted = events.length;
      return value;
    });
    if (emitted > 0) afterCommit?.();
    return result;
  };
}
