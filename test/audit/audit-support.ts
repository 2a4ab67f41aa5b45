/**
 * Shared set-up for the audit trail tests: a fresh database with a statement
 * log, the runtime (for transactionFor; nothing started), core services bound
 * to an actor and operation, and readers of the stored entries.
 */
import type { Actor } from '../../src/auth/actor.js';
import type { AuditEntry } from '../../src/generated/prisma-sqlite/client.js';
import { createCoreServices, type CoreServices } from '../../src/core-services.js';
import type { LoadedPlugin } from '../../src/plugins/plugin-loader.js';
import { createRuntime, type Runtime } from '../../src/server/runtime.js';
import { createInProcessPubSub } from '../../src/server/pubsub.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

export const NOW = new Date('2025-07-01T00:00:00.000Z');
export const alice: Actor = { kind: 'STAFF', id: 'staff_alice' };
export const partner: Actor = { kind: 'SERVICE', id: 'erp-sync' };

/** An audit entry as stored, its changes parsed. */
export type StoredEntry = Omit<AuditEntry, 'changes'> & { changes: Record<string, { before: unknown; after: unknown }> };

export interface AuditTest {
  t: TestDatabase;
  runtime: Runtime;
  /** SQL statements since the last reset. */
  statements: string[];
  setNow(date: Date): void;
  /** Core services whose writes are audited as `actor` doing `operation`. */
  services(actor: Actor, operation: string): CoreServices;
  /** Every stored entry, oldest first, with `changes` parsed. */
  entries(): Promise<StoredEntry[]>;
  /** Entries stored after the given id. */
  entriesAfter(id: number): Promise<StoredEntry[]>;
  lastId(): Promise<number>;
  drop(): Promise<void>;
}

export async function createAuditTest(options: { plugins?: readonly LoadedPlugin[] } = {}): Promise<AuditTest> {
  const statements: string[] = [];
  const t = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
  let now = NOW;
  const runtime = createRuntime({
    prisma: t.db.prisma,
    provider: t.db.provider,
    now: () => now,
    pubsub: createInProcessPubSub(),
    plugins: options.plugins ?? [],
    config: { dispatchEvents: false },
    log: () => {},
  });
  const read = async (afterId: number) =>
    (await t.db.prisma.auditEntry.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' } })).map((e) => ({
      ...e,
      changes: JSON.parse(e.changes) as StoredEntry['changes'],
    }));
  return {
    t,
    runtime,
    statements,
    setNow(date) {
      now = date;
    },
    services: (actor, operation) =>
      createCoreServices({
        prisma: t.db.prisma,
        transaction: runtime.transactionFor(actor, operation),
        now: () => now,
        rules: { keyAccountMinTenureMonths: 12 },
      }),
    entries: () => read(0),
    entriesAfter: read,
    async lastId() {
      const last = await t.db.prisma.auditEntry.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
      return last?.id ?? 0;
    },
    async drop() {
      await runtime.stop();
      await t.drop();
    },
  };
}

export const accountInput = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  industry: 'INDUSTRIAL' as const,
  employees: 420,
  annualSales: 65_000_000,
  totalAssets: 80_000_000,
  region: 'Zhejiang',
  ...extra,
});

/** Statements that write the audit trail: inserts into AuditEntry. */
export const auditInserts = (statements: readonly string[]) => statements.filter((s) => /^\s*insert\s+into\s+[^(]*"?AuditEntry"?/i.test(s));
