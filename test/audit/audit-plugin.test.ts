/**
 * Plugins are audited without doing anything: their models are covered by
 * the runner's extension, and their jobs, handlers and seed are named
 * `plugin:<name>/<task>` in the trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPlugins } from '../../src/plugins/plugin-runtime.js';
import { createInvoiceService } from '../../plugins/payment-discipline/invoice-service.js';
import { daysBefore, loadWithPaymentDiscipline } from '../../plugins/payment-discipline/test/plugin-test-support.js';
import { accountInput, alice, createAuditTest, NOW, type AuditTest } from './audit-support.js';

let a: AuditTest;
let accountId: string;

beforeAll(async () => {
  a = await createAuditTest({ plugins: await loadWithPaymentDiscipline() });
  accountId = (await a.services(alice, 'createAccount').accounts.create(accountInput('Invoice Customer'))).id;
});
afterAll(() => a?.drop());

const invoices = (operation: string) =>
  createInvoiceService({ transaction: a.runtime.transactionFor(alice, operation), now: () => NOW, options: { graceDays: 7 } });

const insertOverdue = (number: string, daysPastDue: number) =>
  a.t.db.prisma.invoice.create({
    data: { accountId, number, amount: 5_000, issuedAt: daysBefore(NOW, daysPastDue + 30), dueAt: daysBefore(NOW, daysPastDue) },
  });

describe('a plugin model (payment-discipline Invoice)', () => {
  it('is audited through the plugin service: create, then the conditional updateMany that pays it', async () => {
    const from = await a.lastId();
    const invoice = await invoices('recordInvoice').record({
      accountId,
      number: 'INV-1',
      amount: 12_500,
      issuedAt: daysBefore(NOW, 40),
      dueAt: daysBefore(NOW, 10),
    });
    await invoices('markInvoicePaid').markPaid(invoice.id, daysBefore(NOW, 1));
    const entries = await a.entriesAfter(from);
    expect(entries.map((e) => [e.entityType, e.entityId, e.action, e.operation, e.actorId, e.accountId])).toEqual([
      ['Invoice', invoice.id, 'CREATE', 'recordInvoice', 'staff_alice', accountId],
      ['Invoice', invoice.id, 'UPDATE', 'markInvoicePaid', 'staff_alice', accountId],
    ]);
    expect(entries[0]!.changes).toMatchObject({
      number: { before: null, after: 'INV-1' },
      amount: { before: null, after: 12_500 },
      status: { before: null, after: 'OPEN' },
      dueAt: { before: null, after: daysBefore(NOW, 10).toISOString() },
    });
    expect(entries[1]!.changes).toEqual({
      status: { before: 'OPEN', after: 'PAID' },
      paidAt: { before: null, after: daysBefore(NOW, 1).toISOString() },
    });
  });

  it('records nothing when the conditional update matches no row (paying twice)', async () => {
    const invoice = await invoices('recordInvoice').record({ accountId, number: 'INV-2', amount: 1, issuedAt: daysBefore(NOW, 5), dueAt: NOW });
    await invoices('markInvoicePaid').markPaid(invoice.id);
    const from = await a.lastId();
    await expect(invoices('markInvoicePaid').markPaid(invoice.id)).rejects.toThrow(/already PAID/);
    expect(await a.entriesAfter(from)).toEqual([]);
  });
});

describe('plugin jobs, handlers and seeds', () => {
  it('audits a job as plugin:<name>/<job>', async () => {
    const overdue = await insertOverdue('INV-OVERDUE', 9);
    const from = await a.lastId();
    await a.runtime.jobs.run('payment-discipline:overdue-scan');
    const entries = await a.entriesAfter(from);
    expect(entries).toEqual([
      expect.objectContaining({
        actorKind: 'SYSTEM',
        actorId: 'plugin:payment-discipline/overdue-scan',
        operation: 'plugin:payment-discipline/overdue-scan',
        entityType: 'Invoice',
        entityId: overdue.id,
        action: 'UPDATE',
        changes: { overdueAnnouncedAt: { before: null, after: NOW.toISOString() } },
      }),
    ]);
  });

  it('audits an event handler as plugin:<name>/<event>, after the mutation that caused it', async () => {
    const stale = await insertOverdue('INV-STALE', 90);
    const from = await a.lastId();
    await a.services(alice, 'archiveAccount').accounts.archive(accountId);
    await a.runtime.dispatcher.drain();
    const entries = await a.entriesAfter(from);
    expect(entries.map((e) => [e.actorId, e.operation, e.entityType, e.action])).toEqual([
      ['staff_alice', 'archiveAccount', 'Account', 'UPDATE'],
      ['plugin:payment-discipline/core.account.archived', 'plugin:payment-discipline/core.account.archived', 'Invoice', 'UPDATE'],
    ]);
    expect(entries[1]).toMatchObject({ entityId: stale.id, accountId, changes: { status: { before: 'OPEN', after: 'WRITTEN_OFF' } } });
    await a.services(alice, 'restoreAccount').accounts.restore(accountId);
  });

  it('audits a plugin seed as plugin:<name>/seed', async () => {
    await a.t.db.prisma.invoice.deleteMany();
    const from = await a.lastId();
    await seedPlugins(await loadWithPaymentDiscipline(), a.runtime.pluginDeps, 7);
    const entries = await a.entriesAfter(from);
    expect(entries.length).toBe(await a.t.db.prisma.invoice.count());
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => `${e.actorId} ${e.entityType} ${e.action}`))).toEqual(new Set(['plugin:payment-discipline/seed Invoice CREATE']));
  });
});
