/**
 * payment-discipline's reference probes (see test/auth/reference-probes.ts):
 * every argument naming an invoice or an account, and every invoice cursor.
 */
import type { CursorProbe, ReferenceCall, ReferenceProbe } from '../../test/auth/reference-probes.js';
import { USER_ERROR_FIELDS } from '../../test/support/fixtures.js';
import type { TestApp } from '../../test/support/test-app.js';

const run = (call: ReferenceCall, query: string, variables: Record<string, unknown>) => call.t.gql(query, variables, call.token);

/** An open invoice on the account (due long ago, so it is overdue too): the records the probes need. */
export async function paymentRecords(t: TestApp, accountId: string): Promise<Record<string, string>> {
  const data = await t.ok(`mutation($a: ID!, $n: String!) { recordInvoice(input: { accountId: $a, number: $n, amount: 1200, issuedAt: "2025-01-01", dueAt: "2025-02-01" }) { invoice { id } } }`, {
    a: accountId,
    n: `PROBE-${accountId.slice(-6)}`,
  });
  return { Invoice: data.recordInvoice.invoice.id };
}

export const PAYMENT_REFERENCE_PROBES: Record<string, ReferenceProbe> = {
  'Mutation.recordInvoice(input.accountId)': {
    type: 'Account',
    run: (c, id) =>
      run(c, `mutation($id: ID!) { recordInvoice(input: { accountId: $id, number: "PROBE-NEW", amount: 10, issuedAt: "2025-06-01", dueAt: "2025-08-01" }) { invoice { id } ${USER_ERROR_FIELDS} } }`, { id }),
  },
  'Mutation.markInvoicePaid(id)': {
    type: 'Invoice',
    run: (c, id) => run(c, `mutation($id: ID!) { markInvoicePaid(id: $id) { invoice { id } ${USER_ERROR_FIELDS} } }`, { id }),
  },
  'Mutation.writeOffInvoice(id)': {
    type: 'Invoice',
    run: (c, id) => run(c, `mutation($id: ID!) { writeOffInvoice(id: $id) { invoice { id } ${USER_ERROR_FIELDS} } }`, { id }),
  },
};

const overdueCursor = async (t: TestApp, hidden: Record<string, string>) => {
  const data = await t.ok(`{ overdueInvoices(first: 100) { edges { cursor node { id } } } }`);
  return data.overdueInvoices.edges.find((e: any) => e.node.id === hidden.Invoice).cursor;
};
const invoicesCursor = async (t: TestApp, hidden: Record<string, string>) =>
  (await t.ok(`query($a: ID!) { account(id: $a) { invoices(first: 1) { pageInfo { endCursor } } } }`, { a: hidden.Account })).account.invoices.pageInfo.endCursor;

export const PAYMENT_CURSOR_PROBES: Record<string, CursorProbe> = {
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
    page: (c, cursor) => run(c, `query($a: ID!, $c: String) { account(id: $a) { invoices(first: 5, after: $c) { edges { node { number } } } } }`, { a: c.visible.Account, c: cursor }),
  },
  'Account.invoices(before)': {
    scope: 'Account.invoices|dueAt:asc,id:asc',
    source: invoicesCursor,
    page: (c, cursor) => run(c, `query($a: ID!, $c: String) { account(id: $a) { invoices(last: 5, before: $c) { edges { node { number } } } } }`, { a: c.visible.Account, c: cursor }),
  },
};
