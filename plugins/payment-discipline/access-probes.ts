/**
 * payment-discipline's access probes, which the host's role-by-operation
 * matrix and hidden-reference suite run for every role: one call per row of
 * this plugin's access rules, one per argument naming a record, one per
 * invoice cursor. Each probe account gets an open invoice that is not yet
 * due (so its PAYMENT stave stays full and other modules' health probes are
 * not disturbed); probes that need an overdue one make it on a look-alike.
 */
import {
  outcomeOf,
  subscriptionOutcome,
  topicResumeProbe,
  unique,
  USER_ERROR_FIELDS,
  type AccessProbes,
  type CursorProbe,
  type ReferenceCall,
  type TestApp,
} from 'kam-graphql/testing';
import { OVERDUE_TOPIC } from './invoice-events.js';

const NOT_YET_DUE = { issuedAt: '2025-06-05T00:00:00.000Z', dueAt: '2025-07-05T00:00:00.000Z' };
/** Past the grace period, and recently enough for the overdue scan to announce it. */
const OVERDUE = { issuedAt: '2025-05-15T00:00:00.000Z', dueAt: '2025-06-15T00:00:00.000Z' };

async function recordInvoice(t: TestApp, accountId: string, dates: { issuedAt: string; dueAt: string }): Promise<string> {
  const data = await t.ok(`mutation($input: RecordInvoiceInput!) { recordInvoice(input: $input) { invoice { id } ${USER_ERROR_FIELDS} } }`, {
    input: { accountId, number: unique('INV'), amount: 1000, ...dates },
  });
  return data.recordInvoice.invoice.id;
}

/** An invoice overdue on the account, found by the overdue scan: the topic message is published. */
async function invoiceBecomesOverdue(t: TestApp, accountId: string): Promise<string> {
  const id = await recordInvoice(t, accountId, OVERDUE);
  await t.app.runtime.jobs.run('payment-discipline:overdue-scan');
  await t.app.runtime.dispatcher.drain();
  return id;
}

const run = (call: ReferenceCall, query: string, variables: Record<string, unknown>) => call.t.gql(query, variables, call.token);

const overdueCursor = async (t: TestApp, hidden: Record<string, string>) => {
  const invoiceId = await recordInvoice(t, hidden.Account!, OVERDUE);
  const data = await t.ok(`{ overdueInvoices(first: 100) { edges { cursor node { id } } } }`);
  return data.overdueInvoices.edges.find((e: any) => e.node.id === invoiceId).cursor;
};
const invoicesCursor = async (t: TestApp, hidden: Record<string, string>) =>
  (await t.ok(`query($a: ID!) { account(id: $a) { invoices(first: 1) { pageInfo { endCursor } } } }`, { a: hidden.Account })).account.invoices.pageInfo
    .endCursor;

const cursors: Record<string, CursorProbe> = {
  'Query.overdueInvoices(after)': {
    scope: 'Query.overdueInvoices|dueAt:asc,id:asc',
    source: overdueCursor,
    page: (c, cursor) => run(c, `query($c: String) { overdueInvoices(first: 5, after: $c) { edges { node { number } } } }`, { c: cursor }),
  },
  'Query.overdueInvoices(before)': {
    scope: 'Query.overdueInvoices|dueAt:asc,id:asc',
    source: overdueCursor,
    page: (c, cursor) => run(c, `query($c: String) { overdueInvoices(last: 5, before: $c) { edges { node { number } } } }`, { c: cursor }),
  },
  'Account.invoices(after)': {
    scope: 'Account.invoices|dueAt:asc,id:asc',
    source: invoicesCursor,
    page: (c, cursor) =>
      run(c, `query($a: ID!, $c: String) { account(id: $a) { invoices(first: 5, after: $c) { edges { node { number } } } } }`, { a: c.visible.Account, c: cursor }),
  },
  'Account.invoices(before)': {
    scope: 'Account.invoices|dueAt:asc,id:asc',
    source: invoicesCursor,
    page: (c, cursor) =>
      run(c, `query($a: ID!, $c: String) { account(id: $a) { invoices(last: 5, before: $c) { edges { node { number } } } } }`, { a: c.visible.Account, c: cursor }),
  },
};

export const accessProbes: AccessProbes = {
  prepareAccount: async (t, accountId) => ({ Invoice: await recordInvoice(t, accountId, NOT_YET_DUE) }),

  operations: {
    'Query.overdueInvoices': async ({ t, token, lookAlike }) => {
      const target = await lookAlike();
      await recordInvoice(t, target.id, OVERDUE);
      return outcomeOf(await t.gql(`{ overdueInvoices(first: 100) { edges { node { account { id } } } } }`, {}, token), undefined, (d) =>
        d.overdueInvoices.edges.some((e: any) => e.node.account.id === target.id),
      );
    },
    'Mutation.recordInvoice': async ({ t, token, account }) =>
      outcomeOf(
        await t.gql(
          `mutation($input: RecordInvoiceInput!) { recordInvoice(input: $input) { invoice { id } ${USER_ERROR_FIELDS} } }`,
          { input: { accountId: account.id, number: unique('R'), amount: 10, ...NOT_YET_DUE } },
          token,
        ),
        'recordInvoice',
      ),
    'Mutation.markInvoicePaid': async ({ t, token, account }) => {
      const id = await recordInvoice(t, account.id, NOT_YET_DUE);
      return outcomeOf(await t.gql(`mutation($id: ID!) { markInvoicePaid(id: $id) { invoice { id } ${USER_ERROR_FIELDS} } }`, { id }, token), 'markInvoicePaid');
    },
    'Mutation.writeOffInvoice': async ({ t, token, account }) => {
      const id = await recordInvoice(t, account.id, NOT_YET_DUE);
      return outcomeOf(await t.gql(`mutation($id: ID!) { writeOffInvoice(id: $id) { invoice { id } ${USER_ERROR_FIELDS} } }`, { id }, token), 'writeOffInvoice');
    },
    'Subscription.invoiceOverdue': async (call) => {
      const target = await call.lookAlike();
      return subscriptionOutcome(call, `subscription { invoiceOverdue { number daysPastDue } }`, {}, async () => {
        await invoiceBecomesOverdue(call.t, target.id);
      });
    },
  },

  references: {
    'Mutation.recordInvoice(input.accountId)': {
      type: 'Account',
      run: (c, id) =>
        run(
          c,
          `mutation($id: ID!) { recordInvoice(input: { accountId: $id, number: "PROBE-NEW", amount: 10, issuedAt: "2025-06-01", dueAt: "2025-08-01" }) { invoice { id } ${USER_ERROR_FIELDS} } }`,
          { id },
        ),
    },
    'Mutation.markInvoicePaid(id)': {
      type: 'Invoice',
      run: (c, id) => run(c, `mutation($id: ID!) { markInvoicePaid(id: $id) { invoice { id } ${USER_ERROR_FIELDS} } }`, { id }),
    },
    'Mutation.writeOffInvoice(id)': {
      type: 'Invoice',
      run: (c, id) => run(c, `mutation($id: ID!) { writeOffInvoice(id: $id) { invoice { id } ${USER_ERROR_FIELDS} } }`, { id }),
    },
    'Subscription.invoiceOverdue(after)': topicResumeProbe({
      type: 'InvoiceOverdueNotice',
      topic: OVERDUE_TOPIC,
      publish: (t, hidden) => invoiceBecomesOverdue(t, hidden.Account!),
      subscription: `subscription($after: ID) { invoiceOverdue(after: $after) { number } }`,
    }),
  },

  cursors,
};
