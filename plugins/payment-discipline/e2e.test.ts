/**
 * The plugin in a running app: GraphQL over HTTP, the outbox dispatcher, the
 * health engine and the job scheduler, on SQLite or PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, USER_ERROR_FIELDS } from 'kam-graphql/testing';
import { startTestApp, type TestApp } from 'kam-graphql/testing';
import { daysAfter, daysBefore, loadWithPaymentDiscipline, NOW } from './test/plugin-test-support.js';

const RECORD = `mutation($input: RecordInvoiceInput!) {
  recordInvoice(input: $input) { invoice { id number status overdue daysOverdue } ${USER_ERROR_FIELDS} }
}`;
const HEALTH = `health {
  score level cause
  shortestStaves { id score factors { key score weight reason suggestedAction } }
  staves { id score }
}`;

async function record(t: TestApp, input: Record<string, unknown>) {
  const data = await t.ok(RECORD, { input });
  return data.recordInvoice;
}

describe('payment-discipline enabled', () => {
  let t: TestApp;
  let accountId: string;

  beforeAll(async () => {
    // No background dispatch: the test drains the outbox itself, so statement counts see only the request.
    t = await startTestApp({ plugins: await loadWithPaymentDiscipline({ options: { graceDays: 7 } }), config: { dispatchEvents: false } });
    accountId = await createAccount(t, { name: 'Ningbo Mould Co', tier: 'KEY' });
  });
  afterAll(() => t?.close());

  it('records an overdue invoice, and Account.health names PAYMENT as the shortest stave with a next best action', async () => {
    await t.app.runtime.dispatcher.drain();
    const before = await t.ok(`query($id: ID!) { account(id: $id) { ${HEALTH} } }`, { id: accountId });
    expect(before.account.health).toMatchObject({ score: 80, shortestStaves: [{ id: 'BASELINE' }] });

    const recorded = await record(t, {
      accountId,
      number: 'INV-2025-0042',
      amount: 48000,
      issuedAt: daysBefore(NOW, 53).toISOString(),
      dueAt: daysBefore(NOW, 23).toISOString(),
    });
    expect(recorded).toMatchObject({ errors: [], invoice: { number: 'INV-2025-0042', status: 'OPEN', overdue: true, daysOverdue: 23 } });
    await t.app.runtime.dispatcher.drain();

    const after = await t.ok(
      `query($id: ID!) {
        account(id: $id) { ${HEALTH} paymentDiscipline { openCount openAmount overdueCount overdueAmount oldestOverdueDays } }
        nextBestActions(accountId: $id, first: 1) { staveId factorKey action }
      }`,
      { id: accountId },
    );
    const health = after.account.health;
    expect(health.cause).toBe('payment-discipline.invoice.recorded');
    expect(health.shortestStaves.map((s: any) => s.id)).toEqual(['PAYMENT']);
    expect(health.score).toBe(health.shortestStaves[0].score);
    expect(health.score).toBeLessThan(80);
    expect(health.level).toBe('AT_RISK');
    const factors = health.shortestStaves[0].factors;
    expect(factors.find((f: any) => f.key === 'overdue-invoices')).toMatchObject({
      score: 40,
      reason: '1 of 1 open invoice is overdue: CNY 48,000 of CNY 48,000 (100%).',
    });
    expect(after.nextBestActions).toEqual([
      {
        staveId: 'PAYMENT',
        factorKey: 'oldest-overdue',
        action: "Call the account's finance contact about invoice INV-2025-0042 (CNY 48,000), 23 days overdue.",
      },
    ]);
    expect(after.account.paymentDiscipline).toEqual({ openCount: 1, openAmount: 48000, overdueCount: 1, overdueAmount: 48000, oldestOverdueDays: 23 });
  });

  it('answers mistakes with typed errors and changes nothing', async () => {
    const input = { accountId, number: 'INV-2025-0042', amount: 1, issuedAt: '2025-06-01', dueAt: '2025-06-30' };
    expect((await record(t, input)).errors).toEqual([
      { __typename: 'ConflictError', code: 'CONFLICT', message: 'invoice INV-2025-0042 is already recorded for this account', path: ['input', 'number'] },
    ]);
    expect((await record(t, { ...input, number: 'X', amount: -5, dueAt: '2025-05-01' })).errors.map((e: any) => [e.code, e.path])).toEqual([
      ['VALIDATION', ['input', 'amount']],
      ['VALIDATION', ['input', 'dueAt']],
    ]);
    expect((await record(t, { ...input, accountId: 'not-an-id' })).errors[0]).toMatchObject({ code: 'VALIDATION', path: ['input', 'accountId'] });
    const paid = await t.ok(`mutation($id: ID!) { markInvoicePaid(id: $id) { invoice { id } ${USER_ERROR_FIELDS} } }`, { id: accountId });
    expect(paid.markInvoicePaid.errors[0]).toMatchObject({ code: 'VALIDATION', path: ['id'], message: 'must be the ID of a Invoice, not a Account' });
    expect(await t.db.prisma.invoice.count()).toBe(1);
  });

  it('lists invoices on the account with a status filter, and a page of accounts costs a constant number of statements', async () => {
    const second = await record(t, { accountId, number: 'INV-2025-0050', amount: 2000, issuedAt: daysBefore(NOW, 10).toISOString(), dueAt: daysAfter(NOW, 20).toISOString() });
    await t.ok(`mutation($id: ID!) { markInvoicePaid(id: $id) { errors { code } } }`, { id: second.invoice.id });
    const q = `query($id: ID!, $filter: InvoiceFilter) { account(id: $id) { invoices(first: 10, filter: $filter) { totalCount edges { node { number status paidOnTime } } } } }`;
    const open = await t.ok(q, { id: accountId, filter: { statuses: ['OPEN'] } });
    expect(open.account.invoices).toEqual({ totalCount: 1, edges: [{ node: { number: 'INV-2025-0042', status: 'OPEN', paidOnTime: null } }] });
    const notOverdue = await t.ok(q, { id: accountId, filter: { overdue: false } });
    expect(notOverdue.account.invoices.edges.map((e: any) => e.node)).toEqual([{ number: 'INV-2025-0050', status: 'PAID', paidOnTime: true }]);

    for (let i = 0; i < 6; i++) {
      const id = await createAccount(t, { name: `Page Account ${i}` });
      await record(t, { accountId: id, number: `P-${i}`, amount: 100, issuedAt: daysBefore(NOW, 40).toISOString(), dueAt: daysBefore(NOW, 10).toISOString() });
    }
    const page = `query($first: Int!) { accounts(first: $first) { edges { node { name
      paymentDiscipline { overdueCount oldestOverdueDays }
      invoices(first: 3) { totalCount edges { node { number daysOverdue } } } } } } }`;
    const cost = async (first: number) => {
      t.statements.length = 0;
      const data = await t.ok(page, { first });
      expect(data.accounts.edges).toHaveLength(first);
      return t.statements.length;
    };
    // The viewer's staff record, then accounts, their invoices, the invoice counts, the summaries: one statement each.
    expect(await cost(7)).toBe(5);
    expect(await cost(2)).toBe(5);
  });

  it('announces invoices that cross due date plus grace once, so the engine rescores them; and decays with time', async () => {
    const runtime = t.app.runtime;
    const health = async () => (await t.ok(`query($id: ID!) { account(id: $id) { ${HEALTH} } }`, { id: accountId })).account.health;
    await runtime.dispatcher.drain();
    const before = await health();

    t.setNow(daysAfter(NOW, 20));
    await runtime.jobs.run('payment-discipline:overdue-scan');
    await runtime.jobs.run('payment-discipline:overdue-scan');
    const announced = await t.db.prisma.outboxEvent.findMany({ where: { name: 'payment-discipline.invoice.overdue' } });
    // INV-2025-0042 and the six page accounts' invoices, each once.
    expect(announced).toHaveLength(7);
    expect(announced.filter((e) => JSON.parse(e.payload).number === 'INV-2025-0042')).toHaveLength(1);
    await runtime.dispatcher.drain();
    const announcedHealth = await health();
    expect(announcedHealth.cause).toBe('payment-discipline.invoice.overdue');
    expect(announcedHealth.score).toBeLessThan(before.score);

    // No event at all: the periodic pass alone makes the unpaid invoice weigh more.
    t.setNow(daysAfter(NOW, 40));
    await runtime.health.recomputeAll();
    const later = await health();
    expect(later.cause).toBe('health.periodic');
    expect(later.score).toBeLessThan(announcedHealth.score);
    expect(later.level).toBe('CRITICAL');
    expect(later.shortestStaves[0].factors.find((f: any) => f.key === 'oldest-overdue').suggestedAction).toMatch(
      /^Escalate invoice INV-2025-0042 \(CNY 48,000\), 63 days overdue/,
    );
    t.setNow(NOW);
  });

  it('writes off long-overdue invoices when the account is archived', async () => {
    const id = await createAccount(t, { name: 'Leaving Ltd' });
    await record(t, { accountId: id, number: 'OLD-1', amount: 900, issuedAt: daysBefore(NOW, 120).toISOString(), dueAt: daysBefore(NOW, 90).toISOString() });
    await record(t, { accountId: id, number: 'NEW-1', amount: 900, issuedAt: daysBefore(NOW, 30).toISOString(), dueAt: daysBefore(NOW, 1).toISOString() });
    await t.ok(`mutation($id: ID!) { archiveAccount(id: $id) { errors { code } } }`, { id });
    await t.app.runtime.dispatcher.drain();
    const invoices = await t.ok(`query($id: ID!) { account(id: $id) { invoices(first: 5) { edges { node { number status } } } } }`, { id });
    expect(invoices.account.invoices.edges.map((e: any) => e.node)).toEqual([
      { number: 'OLD-1', status: 'WRITTEN_OFF' },
      { number: 'NEW-1', status: 'OPEN' },
    ]);
    const parked = await t.db.prisma.eventDelivery.count({ where: { status: 'PARKED' } });
    expect(parked).toBe(0);
  });
});

describe('payment-discipline installed but disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: await loadWithPaymentDiscipline({ enabled: false }) });
  });
  afterAll(() => t?.close());

  it('boots without its GraphQL fields, types and mutations', async () => {
    const data = await t.ok(`{
      account: __type(name: "Account") { fields { name } }
      invoice: __type(name: "Invoice") { name }
      mutation: __type(name: "Mutation") { fields { name } }
    }`);
    const accountFields = data.account.fields.map((f: any) => f.name);
    expect(accountFields).toContain('health');
    expect(accountFields).not.toContain('invoices');
    expect(accountFields).not.toContain('paymentDiscipline');
    expect(data.invoice).toBeNull();
    expect(data.mutation.fields.map((f: any) => f.name)).not.toContain('recordInvoice');
  });

  it('scores health without its stave, and keeps its table (installed: migrated)', async () => {
    const accountId = await createAccount(t, { name: 'No Payments Ltd' });
    await t.app.runtime.dispatcher.drain();
    const data = await t.ok(`query($id: ID!) { account(id: $id) { health { staves { id } } } }`, { id: accountId });
    expect(data.account.health.staves).toEqual([{ id: 'BASELINE' }]);
    expect(t.app.runtime.jobs.names()).not.toContain('payment-discipline:overdue-scan');
    expect(await t.db.prisma.invoice.count()).toBe(0);
  });
});
