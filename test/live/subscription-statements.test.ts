/**
 * Live events cost SQL per event, not per subscriber: the same changes
 * delivered to 10 and to 1,000 graphql-ws subscriptions (top management,
 * middle management and frontline, health and account feeds, selections
 * that load the account, its health and a page of its people) costs the
 * same statements, and every subscription receives each once.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKamConfig } from '../../src/plugins/plugin-config.js';
import { loadPlugins } from '../../src/plugins/plugin-loader.js';
import { CORE_VERSION } from '../../src/version.js';
import { assign, createAccount, createStaff, addPerson } from '../support/fixtures.js';
import { liveClient, rawId, roundTrip, subscribe, type LiveSubscription } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HEALTH = `subscription { portfolioHealthChanged { id current { score level } account { id name health { score } } } }`;
const ACCOUNT = `subscription($id: ID) { accountChanged(id: $id) { id change account { id name people(first: 2) { totalCount edges { node { name } } } } } }`;

let t: TestApp;
let accountId: string;
let tokens: string[];

beforeAll(async () => {
  const plugins = await loadPlugins(readKamConfig(fileURLToPath(new URL('../../kam.config.json', import.meta.url))), CORE_VERSION);
  t = await startTestApp({ plugins, config: { security: { rateLimit: { points: 0 } } } });
  accountId = await createAccount(t, { name: 'Live Load Works', tier: 'GENERAL' });
  await addPerson(t, accountId, { name: 'Qin Buyer' });
  const middle = await createStaff(t, { level: 'MIDDLE', department: 'Sales', hireDate: '2010-01-01T00:00:00.000Z' });
  const frontline = await createStaff(t, { level: 'FRONTLINE', department: 'Service', hireDate: '2010-01-01T00:00:00.000Z' });
  await assign(t, { accountId, staffId: middle, responsibility: 'SALES' });
  await assign(t, { accountId, staffId: frontline, responsibility: 'SERVICE' });
  tokens = [t.operator.token, await t.tokenFor(rawId(middle)), await t.tokenFor(rawId(frontline))];
  await t.app.runtime.dispatcher.drain();
});
afterAll(() => t?.close());

let changes = 0;
let openInvoice: string | undefined;
/** One account change and one health change of the account: an invoice far past due lowers PAYMENT, paying it raises it again. */
async function change() {
  changes++;
  await t.ok(`mutation($id: ID!, $r: String!) { updateAccount(id: $id, input: { region: $r }) { errors { code } } }`, { id: accountId, r: `Region ${changes}` });
  if (openInvoice) {
    await t.ok(`mutation($id: ID!) { markInvoicePaid(id: $id) { errors { code } } }`, { id: openInvoice });
    openInvoice = undefined;
  } else {
    const recorded = await t.ok(
      `mutation($a: ID!, $n: String!) { recordInvoice(input: { accountId: $a, number: $n, amount: 5000, issuedAt: "2025-01-01", dueAt: "2025-02-01" }) { invoice { id } errors { code } } }`,
      { a: accountId, n: `LIVE-${changes}` },
    );
    openInvoice = recorded.recordInvoice.invoice.id;
  }
  await t.app.runtime.dispatcher.drain();
}

/** Dispatcher bookkeeping (polls, lease) runs on its own clock and never depends on subscribers. */
const counted = (sql: string) => !/"?(OutboxEvent|EventDelivery|DispatcherLease)"?/.test(sql);

async function statementsFor(subscribers: number): Promise<number> {
  const clients = tokens.map((token) => liveClient(t.wsUrl, token));
  const subs: LiveSubscription[] = [];
  try {
    for (let i = 0; i < subscribers; i++) {
      const client = clients[i % clients.length]!;
      subs.push(i % 2 ? subscribe(client, HEALTH) : subscribe(client, ACCOUNT, { id: accountId }));
    }
    for (const client of clients) await roundTrip(client);
    t.statements.length = 0;
    // Both runs make the same two changes: an overdue invoice recorded, then paid.
    await change();
    await change();
    for (const sub of subs) await sub.waitFor(2, 2000);
    // Give any straggler (a duplicate, an extra query) its chance to show.
    for (const client of clients) await roundTrip(client);
    for (const sub of subs) {
      expect(sub.errors).toEqual([]);
      expect(sub.received).toHaveLength(2);
    }
    return t.statements.filter(counted).length;
  } finally {
    for (const sub of subs) sub.dispose();
    await Promise.all(clients.map((client) => client.dispose()));
  }
}

describe('SQL per live event', () => {
  it('is the same for 10 and for 1,000 subscribers', { timeout: 120_000 }, async () => {
    const few = await statementsFor(10);
    const many = await statementsFor(1000);
    expect(many).toBe(few);
    // The changes themselves (four mutations, two health passes) and their live events (facts, staff, account, health, people): about a hundred, not thousands.
    expect(few).toBeLessThan(200);
  });
});
