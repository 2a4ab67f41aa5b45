import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from 'kam-graphql/plugin';
import { createTestDatabase, type TestDatabase } from 'kam-graphql/testing';
import { createInvoiceService, type InvoiceService } from './invoice-service.js';
import { createAccounts, daysAfter, daysBefore, NOW, testRuntime, type TestRuntime } from './test/plugin-test-support.js';

let testDb: TestDatabase;
let runtime: TestRuntime;
let service: InvoiceService;

const valid = (overrides: Record<string, unknown> = {}) => ({
  accountId: 'acc_001',
  number: 'INV-2025-001',
  amount: 12_500,
  issuedAt: daysBefore(NOW, 40),
  dueAt: daysBefore(NOW, 10),
  ...overrides,
});

async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  await createAccounts(testDb.db, 2);
  await testDb.db.prisma.account.update({ where: { id: 'acc_002' }, data: { status: 'ARCHIVED', archivedAt: NOW } });
});
afterAll(() => testDb?.drop());
beforeEach(async () => {
  await testDb.db.prisma.invoice.deleteMany();
  await testDb.db.prisma.outboxEvent.deleteMany();
  runtime = await testRuntime(testDb.db);
  service = createInvoiceService(runtime);
});

describe('recording an invoice', () => {
  it('stores it and emits payment-discipline.invoice.recorded with the account id, in the outbox', async () => {
    const invoice = await service.record(valid({ number: '  INV-2025-001 ' }));
    expect(invoice).toMatchObject({ accountId: 'acc_001', number: 'INV-2025-001', amount: 12_500, status: 'OPEN', paidAt: null });
    expect(runtime.events).toEqual([
      {
        name: 'payment-discipline.invoice.recorded',
        accountId: 'acc_001',
        payload: { invoiceId: invoice.id, number: 'INV-2025-001', amount: 12_500, dueAt: daysBefore(NOW, 10).toISOString() },
      },
    ]);
    const outbox = await testDb.db.prisma.outboxEvent.findMany();
    expect(outbox.map((e) => [e.name, e.accountId])).toEqual([['payment-discipline.invoice.recorded', 'acc_001']]);
  });

  it.each([
    [{ number: '   ' }, ['input', 'number']],
    [{ amount: 0 }, ['input', 'amount']],
    [{ amount: Number.NaN }, ['input', 'amount']],
    [{ dueAt: daysBefore(NOW, 50) }, ['input', 'dueAt']],
    [{ issuedAt: new Date('nope') }, ['input', 'issuedAt']],
    [{ issuedAt: daysAfter(NOW, 1), dueAt: daysAfter(NOW, 31) }, ['input', 'issuedAt']],
  ])('rejects %o with a ValidationError on its field', async (overrides, path) => {
    const error = await rejection(service.record(valid(overrides)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i: { path: string[] }) => i.path)).toContainEqual(path);
    expect(await testDb.db.prisma.invoice.count()).toBe(0);
    expect(runtime.events).toEqual([]);
  });

  it('reports an unknown account as NotFoundError', async () => {
    const error = await rejection(service.record(valid({ accountId: 'acc_404' })));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.entity).toBe('Account');
  });

  it('refuses archived accounts with the ACCOUNT_ARCHIVED rule', async () => {
    const error = await rejection(service.record(valid({ accountId: 'acc_002' })));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.rule).toBe('ACCOUNT_ARCHIVED');
  });

  it('refuses a number the account already used, with a ConflictError on input.number', async () => {
    await service.record(valid());
    const error = await rejection(service.record(valid({ amount: 1 })));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.path).toEqual(['input', 'number']);
    expect(await testDb.db.prisma.invoice.count()).toBe(1);
  });

  it('maps a concurrent duplicate (unique index) to the same ConflictError', async () => {
    const results = await Promise.allSettled([service.record(valid()), service.record(valid())]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(ConflictError);
  });
});

describe('paying and writing off', () => {
  it('marks an open invoice paid and says whether it was on time', async () => {
    const invoice = await service.record(valid());
    const paid = await service.markPaid(invoice.id, daysBefore(NOW, 1));
    expect(paid).toMatchObject({ status: 'PAID', paidAt: daysBefore(NOW, 1) });
    expect(runtime.events.at(-1)).toMatchObject({
      name: 'payment-discipline.invoice.paid',
      accountId: 'acc_001',
      payload: { invoiceId: invoice.id, onTime: false, daysLate: 9 },
    });
  });

  it('pays now when no date is given; within the grace period counts as on time', async () => {
    const invoice = await service.record(valid({ dueAt: daysBefore(NOW, 5) }));
    const paid = await service.markPaid(invoice.id);
    expect(paid.paidAt).toEqual(NOW);
    expect(runtime.events.at(-1)!.payload).toMatchObject({ onTime: true, daysLate: 5 });
  });

  it('refuses to pay twice, or in the future, or before the invoice was issued', async () => {
    const invoice = await service.record(valid());
    expect((await rejection(service.markPaid(invoice.id, daysAfter(NOW, 1)))).issues[0].path).toEqual(['paidAt']);
    expect((await rejection(service.markPaid(invoice.id, daysBefore(NOW, 41)))).issues[0]).toEqual({
      path: ['paidAt'],
      message: 'must not be before the invoice was issued',
    });
    await service.markPaid(invoice.id);
    const twice = await rejection(service.markPaid(invoice.id));
    expect(twice).toBeInstanceOf(ConflictError);
    expect(twice.message).toBe('invoice INV-2025-001 is already PAID');
  });

  it('writes off an open invoice only', async () => {
    const invoice = await service.record(valid());
    expect((await service.writeOff(invoice.id)).status).toBe('WRITTEN_OFF');
    expect(runtime.events.at(-1)).toMatchObject({ name: 'payment-discipline.invoice.written-off', accountId: 'acc_001', payload: { reason: 'manual' } });
    expect(await rejection(service.writeOff(invoice.id))).toBeInstanceOf(ConflictError);
    expect(await rejection(service.markPaid(invoice.id))).toBeInstanceOf(ConflictError);
  });

  it('reports unknown invoices as NotFoundError', async () => {
    expect((await rejection(service.markPaid('inv_404'))).entity).toBe('Invoice');
    expect((await rejection(service.writeOff('inv_404'))).entity).toBe('Invoice');
  });

  it('lets only one of two concurrent payments through', async () => {
    const invoice = await service.record(valid());
    const results = await Promise.allSettled([service.markPaid(invoice.id), service.markPaid(invoice.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(runtime.events.filter((e) => e.name === 'payment-discipline.invoice.paid')).toHaveLength(1);
  });
});
