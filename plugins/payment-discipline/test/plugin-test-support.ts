/**
 * Small helpers for this plugin's tests, on the plugin test kit: the plugin
 * loaded as a configuration would (with a BASELINE stave to be shorter
 * than), its runtime over a test database, and account fixtures.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTestPlugins, testPluginRuntime, type TestDatabase, type TestPluginRuntime } from 'kam-graphql/testing';
import { DAY_MS } from '../invoice-rules.js';
import type { PaymentOptions } from '../options.js';

export { TEST_PLUGIN_NOW as NOW } from 'kam-graphql/testing';

export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
export const daysAfter = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS);

const here = dirname(fileURLToPath(import.meta.url));

/** The installed plugins as core's loader returns them: this plugin (enabled or not) and the BASELINE fixture. */
export function loadWithPaymentDiscipline(entry: { enabled?: boolean; options?: Record<string, unknown> } = {}) {
  return loadTestPlugins([{ from: './fixtures/baseline' }, { from: '..', enabled: entry.enabled ?? true, options: entry.options ?? {} }], here);
}

export type TestRuntime = TestPluginRuntime<PaymentOptions>;

/** This plugin's runtime, as its handlers and jobs receive it (options: the defaults, unless overridden). */
export async function testRuntime(db: TestDatabase['db'], options: Partial<PaymentOptions> = {}): Promise<TestRuntime> {
  return testPluginRuntime<PaymentOptions>(db, await loadWithPaymentDiscipline(), 'payment-discipline', { options });
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
