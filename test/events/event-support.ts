/**
 * Shared set-up for the dispatcher tests: a fresh database, a movable clock,
 * a transaction runner that emits events like the services do, and handlers
 * that record what they receive.
 */
import type { DomainEvent } from '../../src/events/domain-event.js';
import { EventDispatcher, type DispatcherOptions, type EventHandlerRegistration } from '../../src/events/dispatcher.js';
import { createTransactionRunner, type RunInTransaction } from '../../src/events/unit-of-work.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

export const T0 = new Date('2025-03-01T08:00:00.000Z');

export class Clock {
  current = T0;
  now = () => this.current;
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface EventTestContext {
  t: TestDatabase;
  clock: Clock;
  /** SQL statements since the last reset (the onQuery hook). */
  statements: string[];
  logs: string[];
  /** A transaction runner without afterCommit: as if no dispatcher ran in this process. */
  transaction: RunInTransaction;
  emit(events: [name: string, accountId: string | null, payload?: unknown][]): Promise<void>;
  dispatcher(options?: Partial<DispatcherOptions>): EventDispatcher;
  drop(): Promise<void>;
}

export async function createEventTest(): Promise<EventTestContext> {
  const statements: string[] = [];
  const logs: string[] = [];
  const t = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
  const clock = new Clock();
  const transaction = createTransactionRunner({ prisma: t.db.prisma, now: clock.now });
  const dispatchers: EventDispatcher[] = [];
  return {
    t,
    clock,
    statements,
    logs,
    transaction,
    /** All in one transaction, in order. */
    async emit(events) {
      await transaction(async (_tx, emit) => {
        for (const [name, accountId, payload] of events) (emit as LooseEmit)(name, accountId, payload ?? { accountId });
      });
    },
    dispatcher(options = {}) {
      const d = new EventDispatcher({
        prisma: t.db.prisma,
        now: clock.now,
        log: (m) => logs.push(m),
        backoffMs: () => 1000,
        ...options,
      });
      dispatchers.push(d);
      return d;
    },
    async drop() {
      await Promise.allSettled(dispatchers.map((d) => d.stop()));
      await t.drop();
    },
  };
}

/** A handler that records every call; `fail` decides per call whether it throws. */
export function recorder(
  name: string,
  events: readonly string[] | '*' = '*',
  options: { batchSize?: number; fail?: (batch: readonly DomainEvent[], call: number) => unknown } = {},
) {
  const calls: DomainEvent[][] = [];
  const delivered: DomainEvent[] = [];
  const registration: EventHandlerRegistration = {
    name,
    events,
    batchSize: options.batchSize,
    async handle(batch) {
      calls.push([...batch]);
      const failure = options.fail?.(batch, calls.length);
      if (failure !== undefined) throw failure;
      delivered.push(...batch);
    },
  };
  return {
    registration,
    calls,
    /** Events of successful calls, in delivery order. */
    delivered,
    payloads: () => delivered.map((e) => (e.payload as { tag?: string }).tag ?? e.id),
  };
}

/** Payload tags of events delivered to a recorder for one account. */
export const tagsOf = (events: DomainEvent[], accountId: string | null) =>
  events.filter((e) => e.accountId === accountId).map((e) => (e.payload as { tag: string }).tag);

/**
 * The dispatcher's tests emit names and payloads of their own, with no
 * catalog to check them (the catalog has tests of its own).
 */
export type LooseEmit = (name: string, accountId: string | null, payload: unknown) => void;

