import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCoreDemo } from 'kam-graphql/testing';
import { createTestDatabase, type TestDatabase } from 'kam-graphql/testing';
import { buildDemoInvoices, seedDemoInvoices } from './demo-seed.js';
import { isOverdue, paidOnTime } from './invoice-rules.js';
import { paymentStave } from './payment-stave.js';
import { NOW, testRuntime } from './test/plugin-test-support.js';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedCoreDemo(testDb.db.prisma, { seed: 42, now: NOW });
});
afterAll(() => testDb?.drop());

describe('demo seed', () => {
  const accounts = [
    { id: 'acc_001', tier: 'KEY' as const, annualSales: 120e6 },
    { id: 'acc_002', tier: 'GENERAL' as const, annualSales: null },
  ];

  it('is deterministic for a seed and a now, and differs with the seed', () => {
    expect(buildDemoInvoices(accounts, 42, NOW)).toEqual(buildDemoInvoices(accounts, 42, NOW));
    expect(buildDemoInvoices(accounts, 7, NOW)).not.toEqual(buildDemoInvoices(accounts, 42, NOW));
  });

  it('gives the demo portfolio invoices paid on time, paid late and overdue, once', async () => {
    const ctx = { ...(await testRuntime(testDb.db)), seed: 42 };
    await seedDemoInvoices(ctx);
    const invoices = await testDb.db.prisma.invoice.findMany({ include: { account: { select: { status: true, tier: true } } } });
    expect(invoices.length).toBeGreaterThan(50);
    expect(invoices.every((i) => i.account.status === 'ACTIVE' && i.issuedAt <= NOW && i.dueAt > i.issuedAt)).toBe(true);
    expect(invoices.every((i) => (i.status === 'PAID') === (i.paidAt !== null) && (!i.paidAt || (i.paidAt <= NOW && i.paidAt >= i.issuedAt)))).toBe(true);
    const paid = invoices.filter((i) => i.paidAt);
    expect(paid.some((i) => paidOnTime({ dueAt: i.dueAt, paidAt: i.paidAt! }, 7))).toBe(true);
    expect(paid.some((i) => !paidOnTime({ dueAt: i.dueAt, paidAt: i.paidAt! }, 7))).toBe(true);
    const overdue = invoices.filter((i) => i.status === 'OPEN' && isOverdue(i, NOW, 7));
    expect(overdue.some((i) => i.account.tier === 'KEY')).toBe(true);
    expect(invoices.some((i) => i.status === 'OPEN' && !isOverdue(i, NOW, 7))).toBe(true);

    // The demo shows the stave at work: some key account's payment discipline is a short board.
    const keyAccounts = await testDb.db.prisma.account.findMany({ where: { tier: 'KEY', status: 'ACTIVE' }, select: { id: true } });
    const scores = await paymentStave.compute(keyAccounts.map((a) => a.id), { prisma: testDb.db.prisma, now: NOW, options: ctx.options });
    expect([...scores.values()].some((s) => s.score < 70)).toBe(true);

    await seedDemoInvoices(ctx);
    expect(await testDb.db.prisma.invoice.count()).toBe(invoices.length);
  });
});
