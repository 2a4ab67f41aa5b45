import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent, EventPayload } from 'kam-graphql/plugin';
import { createTestDatabase, type TestDatabase } from 'kam-graphql/testing';
import { onAccountArchived } from './invoice-handlers.js';
import { scanOverdueInvoices } from './overdue-scan.js';
import { createAccounts, daysAfter, daysBefore, insertInvoice, NOW, testRuntime } from './test/plugin-test-support.js';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await createAccounts(testDb.db, 3);
});
afterAll(() => testDb?.drop());
beforeEach(async () => {
  await testDb.db.prisma.invoice.deleteMany();
  await testDb.db.prisma.outboxEvent.deleteMany();
  await testDb.db.prisma.account.updateMany({ data: { status: 'ACTIVE', archivedAt: null } });
});

describe('overdue-scan job', () => {
  it('announces each invoice once, when it crosses its due date plus the grace period', async () => {
    const runtime = await testRuntime(testDb.db); // grace 7
    const crossed = await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 8) });
    const inGrace = await insertInvoice(testDb.db, 'acc_002', { dueAt: daysBefore(NOW, 3) });
    await insertInvoice(testDb.db, 'acc_002', { dueAt: daysBefore(NOW, 20), paidAt: daysBefore(NOW, 19) });

    expect(await scanOverdueInvoices(runtime)).toBe(1);
    expect(runtime.events).toEqual([
      { name: 'payment-discipline.invoice.overdue', accountId: 'acc_001', payload: expect.objectContaining({ invoiceId: crossed.id, daysPastDue: 8 }) },
      // and the live topic, published after commit to the account's subscribers
      { name: 'payment-discipline:invoiceOverdue', accountId: 'acc_001', payload: expect.objectContaining({ invoiceId: crossed.id, number: crossed.number, daysPastDue: 8 }) },
    ]);
    // Run again (a retry, a second instance, the next hour): nothing new.
    expect(await scanOverdueInvoices(runtime)).toBe(0);

    runtime.setNow(daysAfter(NOW, 5));
    expect(await scanOverdueInvoices(runtime)).toBe(1);
    expect(runtime.events.at(-1)).toMatchObject({ accountId: 'acc_002', payload: { invoiceId: inGrace.id } });
    expect(await testDb.db.prisma.outboxEvent.count({ where: { name: 'payment-discipline.invoice.overdue' } })).toBe(2);
  });

  it('skips archived accounts and invoices that are no longer open', async () => {
    const runtime = await testRuntime(testDb.db);
    await testDb.db.prisma.account.update({ where: { id: 'acc_003' }, data: { status: 'ARCHIVED' } });
    await insertInvoice(testDb.db, 'acc_003', { dueAt: daysBefore(NOW, 10) });
    await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 10), status: 'WRITTEN_OFF' });
    expect(await scanOverdueInvoices(runtime)).toBe(0);
  });
});

describe('on core.account.archived', () => {
  const archived = (accountId: string, occurredAt = NOW): DomainEvent<EventPayload<'core.account.archived'>> => ({
    id: 1,
    name: 'core.account.archived',
    accountId,
    payload: { accountId },
    occurredAt,
  });

  it('writes off open invoices that were overdueCriticalDays past due at archive time, once', async () => {
    const runtime = await testRuntime(testDb.db); // critical 60
    await testDb.db.prisma.account.update({ where: { id: 'acc_001' }, data: { status: 'ARCHIVED', archivedAt: NOW } });
    const stale = await insertInvoice(testDb.db, 'acc_001', { number: 'OLD', dueAt: daysBefore(NOW, 61) });
    const young = await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 30) });
    const paid = await insertInvoice(testDb.db, 'acc_001', { dueAt: daysBefore(NOW, 90), paidAt: daysBefore(NOW, 85) });

    // Handled much later (a retry): still judged as of the archive.
    runtime.setNow(daysAfter(NOW, 45));
    await onAccountArchived(archived('acc_001'), runtime);
    const status = async (id: string) => (await testDb.db.prisma.invoice.findUniqueOrThrow({ where: { id } })).status;
    expect([await status(stale.id), await status(young.id), await status(paid.id)]).toEqual(['WRITTEN_OFF', 'OPEN', 'PAID']);
    expect(runtime.events).toEqual([
      { name: 'payment-discipline.invoice.written-off', accountId: 'acc_001', payload: expect.objectContaining({ number: 'OLD', reason: 'account-archived' }) },
    ]);

    // At-least-once delivery: the same event again changes nothing.
    await onAccountArchived(archived('acc_001'), runtime);
    expect(runtime.events).toHaveLength(1);
  });

  it('leaves invoices alone when the account was restored before the event was handled, or when disabled', async () => {
    await insertInvoice(testDb.db, 'acc_002', { dueAt: daysBefore(NOW, 100) });
    const runtime = await testRuntime(testDb.db);
    await onAccountArchived(archived('acc_002'), runtime); // acc_002 is ACTIVE again
    await testDb.db.prisma.account.update({ where: { id: 'acc_002' }, data: { status: 'ARCHIVED' } });
    const off = await testRuntime(testDb.db, { writeOffOnArchive: false });
    await onAccountArchived(archived('acc_002'), off);
    expect(await testDb.db.prisma.invoice.count({ where: { status: 'OPEN' } })).toBe(1);
    expect([...runtime.events, ...off.events]).toEqual([]);
  });
});
