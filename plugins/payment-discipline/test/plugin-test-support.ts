/**
 * Small helpers for this plugin's tests: a plugin runtime over a test
 * database (what core hands handlers, jobs and seeds) and account fixtures.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PluginRuntime, RunInTransaction } from '../../../src/plugins/contract.js';
import { createTransactionRunner } from '../../../src/events/unit-of-work.js';
import { loadPlugins } from '../../../src/plugins/plugin-loader.js';
import { CORE_VERSION } from '../../../src/version.js';
import type { TestDatabase } from '../../../test/support/test-database.js';
import { DAY_MS } from '../invoice-rules.js';
import { DEFAULT_OPTIONS, type PaymentOptions } from '../options.js';

export const NOW = new Date('2025-07-01T00:00:00.000Z');

export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
export const daysAfter = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS);

export interface EmittedEvent {
  name: string;
  accountId: string | null;
  // Tests read payload fields freely, as handlers would after JSON.parse.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  payload: any;
}

/**
 * Core's own `transaction` (events written to the outbox in it), which also
 * records what was emitted once it has committed.
 */
export function outboxTransaction(prisma: TestDatabase['db']['prisma'], now: () => Date, committed: EmittedEvent[]): RunInTransaction {
  const run = createTransactionRunner({ prisma, now });
  return async (work) => {
    const pending: EmittedEvent[] = [];
    const result = await run((tx, emit) =>
      work(tx, (name, accountId, payload) => {
        pending.push({ name, accountId, payload });
        emit(name, accountId, payload);
      }),
    );
    committed.push(...pending);
    return result;
  };
}

export interface TestRuntime extends PluginRuntime<PaymentOptions> {
  events: EmittedEvent[];
  setNow(date: Date): void;
  logs: string[];
}

export function testRuntime(db: TestDatabase['db'], options: Partial<PaymentOptions> = {}): TestRuntime {
  let now = NOW;
  const events: EmittedEvent[] = [];
  const logs: string[] = [];
  return {
    prisma: db.prisma,
    options: { ...DEFAULT_OPTIONS, ...options },
    now: () => now,
    transaction: outboxTransaction(db.prisma, () => now, events),
    log: (message) => logs.push(message),
    events,
    logs,
    setNow(date) {
      now = date;
    },
  };
}

export async function createAccounts(db: TestDatabase['db'], count: number, prefix = 'acc'): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}_${String(i + 1).padStart(3, '0')}`);
  await db.prisma.account.createMany({
    data: ids.map((id) => ({ id, name: `Account ${id}`, searchName: `account ${id}`, industry: 'INDUSTRIAL' as const, tier: 'KEY' as const })),
  });
  return ids;
}

let invoiceCounter = 0;

/** Writes an invoice directly (fixtures for the stave; the service has its own tests). */
export async function insertInvoice(
  db: TestDatabase['db'],
  accountId: string,
  invoice: { dueAt: Date; amount?: number; paidAt?: Date | null; status?: 'OPEN' | 'PAID' | 'WRITTEN_OFF'; number?: string; issuedAt?: Date },
) {
  invoiceCounter += 1;
  return db.prisma.invoice.create({
    data: {
      accountId,
      number: invoice.number ?? `INV-${String(invoiceCounter).padStart(4, '0')}`,
      amount: invoice.amount ?? 10_000,
      issuedAt: invoice.issuedAt ?? daysBefore(invoice.dueAt, 30),
      dueAt: invoice.dueAt,
      paidAt: invoice.paidAt ?? null,
      status: invoice.status ?? (invoice.paidAt ? 'PAID' : 'OPEN'),
    },
  });
}

/** The installed plugins as core's loader returns them: this plugin (enabled or not) and the BASELINE fixture. */
export async function loadWithPaymentDiscipline(entry: { enabled?: boolean; options?: Record<string, unknown> } = {}) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return loadPlugins(
    {
      plugins: [
        { from: join(here, 'fixtures', 'baseline'), enabled: true, options: {}, baseDir: here },
        { from: join(here, '..'), enabled: entry.enabled ?? true, options: entry.options ?? {}, baseDir: here },
      ],
    },
    CORE_VERSION,
  );
}
