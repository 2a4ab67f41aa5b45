import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from 'kam-graphql/testing';
import { DEFAULT_OPTIONS } from './options.js';
import { PAYMENT_STAVE_ID, paymentStave as stave } from './payment-stave.js';
import { createAccounts, daysAfter, daysBefore, insertInvoice, NOW } from './test/plugin-test-support.js';

let testDb: TestDatabase;
const statements: string[] = [];

// Defaults: grace 7 days, critical at 60 days past due, on-time window 180 days.
const compute = (ids: readonly string[], now = NOW, options = DEFAULT_OPTIONS) => stave.compute(ids, { prisma: testDb.db.prisma, now, options });
const factor = (score: { factors: { key: string }[] } | undefined, key: string) => score?.factors.find((f) => f.key === key) as any;

beforeAll(async () => {
  testDb = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
  await createAccounts(testDb.db, 40);
});
afterAll(() => testDb?.drop());
beforeEach(async () => {
  await testDb.db.prisma.invoice.deleteMany();
});

describe('PAYMENT stave', () => {
  it('says nothing about accounts without invoices (they count as 100)', async () => {
    expect(stave.id).toBe(PAYMENT_STAVE_ID);
    const scores = await compute(['acc_001', 'acc_002']);
    expect(scores.size).toBe(0);
  });

  it('scores an account that pays on time and owes nothing overdue at 100, with no action', async () => {
    await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 40), paidAt: daysBefore(NOW, 42) });
    await insertInvoice(testDb.db, 'acc_001', { dueAt: daysAfter(NOW, 10) });
    const score = (await compute(['acc_001'])).get('acc_001')!;
    expect(score.score).toBe(100);
    expect(score.factors.map((f) => f.key).sort()).toEqual(['oldest-overdue', 'on-time-payments', 'overdue-invoices']);
    expect(score.factors.every((f) => f.suggestedAction === null)).toBe(true);
  });

  it('names the overdue invoice, its age and what to do about it', async () => {
    await insertInvoice(testDb.db, 'acc_001', { number: 'INV-7', amount: 48_000, dueAt: daysBefore(NOW, 23) });
    const score = (await compute(['acc_001'])).get('acc_001')!;
    const overdue = factor(score, 'overdue-invoices');
    expect(overdue).toMatchObject({ score: 40, weight: 3 });
    expect(overdue.reason).toBe('1 of 1 open invoice is overdue: CNY 48,000 of CNY 48,000 (100%).');
    expect(overdue.suggestedAction).toBeNull(); // the oldest-overdue factor carries the action for it
    const oldest = factor(score, 'oldest-overdue');
    expect(oldest).toMatchObject({ score: Math.round(100 * (1 - 23 / 60)), weight: 4 });
    expect(oldest.reason).toContain('was due on 2025-06-08: 23 days ago');
    expect(oldest.suggestedAction).toBe("Call the account's finance contact about invoice INV-7 (CNY 48,000), 23 days overdue.");
    expect(score.score).toBe(Math.round((40 * 3 + 62 * 4) / 7));
  });

  it('weighs the overdue share of the open amount', async () => {
    await insertInvoice(testDb.db, 'acc_001', { amount: 10_000, dueAt: daysBefore(NOW, 20) });
    await insertInvoice(testDb.db, 'acc_001', { amount: 90_000, dueAt: daysAfter(NOW, 20) });
    const f = factor((await compute(['acc_001'])).get('acc_001'), 'overdue-invoices');
    // 10% of the amount, half of the count: 100 - 60 * (0.7 * 0.1 + 0.3 * 0.5)
    expect(f.score).toBe(Math.round(100 - 60 * (0.07 + 0.15)));
    expect(f.reason).toContain('1 of 2 open invoices is overdue: CNY 10,000 of CNY 100,000 (10%)');
  });

  it('suggests a statement of all overdue invoices when there are several', async () => {
    await insertInvoice(testDb.db, 'acc_001', { number: 'A-1', amount: 1_000, dueAt: daysBefore(NOW, 40) });
    await insertInvoice(testDb.db, 'acc_001', { number: 'A-2', amount: 2_500, dueAt: daysBefore(NOW, 10) });
    const f = factor((await compute(['acc_001'])).get('acc_001'), 'overdue-invoices');
    expect(f.suggestedAction).toBe("Send the account's finance contact a statement of the 2 overdue invoices (A-1, A-2; CNY 3,500) and agree payment dates.");
  });

  it('does not count an invoice as overdue within the grace period', async () => {
    await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 7) });
    const score = (await compute(['acc_001'])).get('acc_001')!;
    expect(score.score).toBe(100);
    expect(factor(score, 'oldest-overdue').reason).toBe('No invoice is overdue.');
  });

  it("uses the plugin's configured options from ctx.options", async () => {
    await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 3) });
    const strict = { ...DEFAULT_OPTIONS, graceDays: 0, overdueCriticalDays: 30 };
    const oldest = factor((await compute(['acc_001'], NOW, strict)).get('acc_001'), 'oldest-overdue');
    expect(oldest.score).toBe(90);
  });

  it('decays as time passes: the same unpaid invoice scores lower at a later now, until escalation', async () => {
    await insertInvoice(testDb.db, 'acc_001', { number: 'INV-9', amount: 5_000, dueAt: daysBefore(NOW, 3) });
    const at = async (now: Date) => (await compute(['acc_001'], now)).get('acc_001')!;
    const inGrace = await at(NOW);
    const justOverdue = await at(daysAfter(NOW, 7));
    const month = await at(daysAfter(NOW, 27));
    const critical = await at(daysAfter(NOW, 70));
    expect(inGrace.score).toBe(100);
    expect(justOverdue.score).toBeLessThan(inGrace.score);
    expect(month.score).toBeLessThan(justOverdue.score);
    expect(critical.score).toBeLessThan(month.score);
    expect(factor(month, 'oldest-overdue').suggestedAction).toContain('30 days overdue');
    expect(factor(critical, 'oldest-overdue').score).toBe(0);
    expect(factor(critical, 'oldest-overdue').suggestedAction).toMatch(/^Escalate invoice INV-9 \(CNY 5,000\), 73 days overdue: have your top management/);
  });

  it('judges an invoice paid after `now` as still open at `now`', async () => {
    await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 30), paidAt: daysAfter(NOW, 5) });
    expect(factor((await compute(['acc_001'])).get('acc_001'), 'oldest-overdue').score).toBe(50);
    const later = (await compute(['acc_001'], daysAfter(NOW, 10))).get('acc_001')!;
    expect(later.factors.map((f) => f.key)).toEqual(['on-time-payments']);
    expect(factor(later, 'on-time-payments').score).toBe(0);
  });

  it('scores the recent on-time ratio, and late payments drop out of the window', async () => {
    for (let i = 0; i < 3; i++) await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 30 + i * 30), paidAt: daysBefore(NOW, 31 + i * 30) });
    // Paid 20 days after its due date, 150 days ago.
    await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 170), paidAt: daysBefore(NOW, 150) });
    const now = (await compute(['acc_001'])).get('acc_001')!;
    const ratio = factor(now, 'on-time-payments');
    expect(ratio).toMatchObject({ score: 75, weight: 2 });
    expect(ratio.reason).toBe('3 of 4 invoices paid in the last 180 days were paid on time (75%).');
    expect(ratio.suggestedAction).toBe("Review payment terms with the account's finance contact: 1 of the last 4 invoices was paid late, by 20 days on average.");
    const later = (await compute(['acc_001'], daysAfter(NOW, 40))).get('acc_001')!;
    expect(factor(later, 'on-time-payments').score).toBe(100);
  });

  it('ignores written-off invoices', async () => {
    await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 90), status: 'WRITTEN_OFF' });
    expect((await compute(['acc_001'])).size).toBe(0);
  });

  it('scores each account of a batch on its own invoices', async () => {
    await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 45) });
    await insertInvoice(testDb.db, 'acc_002', { dueAt: daysBefore(NOW, 10), paidAt: daysBefore(NOW, 12) });
    const scores = await compute(['acc_001', 'acc_002', 'acc_003']);
    expect(scores.get('acc_001')!.score).toBeLessThan(50);
    expect(scores.get('acc_002')!.score).toBe(100);
    expect(scores.has('acc_003')).toBe(false);
  });

  it('costs one statement per call, whatever the number of accounts', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `acc_${String(i + 1).padStart(3, '0')}`);
    for (const [i, id] of ids.entries()) {
      await insertInvoice(testDb.db, id, { dueAt: daysBefore(NOW, 10 + i) });
      await insertInvoice(testDb.db, id, { dueAt: daysBefore(NOW, 60 + i), paidAt: daysBefore(NOW, 55 + i) });
    }
    const count = async (batch: readonly string[]) => {
      statements.length = 0;
      const scores = await compute(batch);
      expect(scores.size).toBe(batch.length);
      return statements.length;
    };
    expect(await count(ids.slice(0, 2))).toBe(1);
    expect(await count(ids)).toBe(1);
  });
});
