/**
 * A live event's selection executes once per group of receivers that
 * resolve alike (same document and variables, same viewer), not once per
 * receiver: the same changes delivered to 10 and to 1,000 graphql-ws
 * subscriptions (three viewers, two selections) cost the same executions,
 * while every subscription still receives each event once.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKamConfig } from '../../src/plugins/plugin-config.js';
import { loadPlugins } from '../../src/plugins/plugin-loader.js';
import { CORE_VERSION } from '../../src/version.js';
import { assign, createAccount, createStaff } from '../support/fixtures.js';
import { liveClient, rawId, roundTrip, subscribe, type LiveSubscription } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HEALTH = `subscription { portfolioHealthChanged { id current { score } account { id name } } }`;
const ACCOUNT = `subscription($id: ID) { accountChanged(id: $id) { id change account { id name } } }`;

let t: TestApp;
let accountId: string;
let tokens: string[];

beforeAll(async () => {
  const plugins = await loadPlugins(readKamConfig(fileURLToPath(new URL('../../kam.config.json', import.meta.url))), CORE_VERSION);
  t = await startTestApp({ plugins, config: { security: { rateLimit: { points: 0 } } } });
  accountId = await createAccount(t, { name: 'Shared Results Works', tier: 'GENERAL' });
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
/** One account change and one health change of the account. */
async function change() {
  changes++;
  await t.ok(`mutation($id: ID!, $r: String!) { updateAccount(id: $id, input: { region: $r }) { errors { code } } }`, { id: accountId, r: `Region ${changes}` });
  if (openInvoice) {
    await t.ok(`mutation($id: ID!) { markInvoicePaid(id: $id) { errors { code } } }`, { id: openInvoice });
    openInvoice = undefined;
  } else {
    const recorded = await t.ok(
      `mutation($a: ID!, $n: String!) { recordInvoice(input: { accountId: $a, number: $n, amount: 5000, issuedAt: "2025-01-01", dueAt: "2025-02-01" }) { invoice { id } errors { code } } }`,
      { a: accountId, n: `SHARED-${changes}` },
    );
    openInvoice = recorded.recordInvoice.invoice.id;
  }
  await t.app.runtime.dispatcher.drain();
}

async function countsFor(subscribers: number) {
  const clients = tokens.map((token) => liveClient(t.wsUrl, token));
  const subs: LiveSubscription[] = [];
  try {
    for (let i = 0; i < subscribers; i++) {
      const client = clients[i % clients.length]!;
      subs.push(i % 2 ? subscribe(client, HEALTH) : subscribe(client, ACCOUNT, { id: accountId }));
    }
    for (const client of clients) await roundTrip(client);
    const before = { ...t.app.live.results };
    await change();
    await change();
    for (const sub of subs) await sub.waitFor(2, 2000);
    for (const client of clients) await roundTrip(client);
    for (const sub of subs) {
      expect(sub.errors).toEqual([]);
      expect(sub.received).toHaveLength(2);
      // Each receiver got its own copy of the shared result, with the event's data.
      for (const result of sub.received) expect(result.errors).toBeUndefined();
    }
    return { executions: t.app.live.results.executions - before.executions, results: t.app.live.results.results - before.results };
  } finally {
    for (const sub of subs) sub.dispose();
    await Promise.all(clients.map((client) => client.dispose()));
  }
}

describe('results of a live event', () => {
  it('execute once per group of receivers, for 10 and for 1,000 subscribers', { timeout: 120_000 }, async () => {
    const few = await countsFor(10);
    const many = await countsFor(1000);
    // Two events per selection, two selections, three viewers: at most twelve executions, whatever the number of receivers.
    expect(few.executions).toBeLessThanOrEqual(12);
    expect(many.executions).toBe(few.executions);
    // Every receiver got every event.
    expect(few.results).toBe(10 * 2);
    expect(many.results).toBe(1000 * 2);
  });
});
