/**
 * Live events cost SQL per event, not per subscriber: the same changes
 * delivered to 10 and to 1,000 graphql-ws subscriptions (top management,
 * middle management and frontline, health and account feeds, selections
 * that load the account, its health and a page of its people) costs the
 * same statements, and every subscription receives each once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveClient, roundTrip, subscribe, type LiveSubscription } from '../support/live-client.js';
import type { TestApp } from '../support/test-app.js';
import { startLiveLoad } from './live-load.js';

const HEALTH = `subscription { portfolioHealthChanged { id current { score level } account { id name health { score } } } }`;
const ACCOUNT = `subscription($id: ID) { accountChanged(id: $id) { id change account { id name people(first: 2) { totalCount edges { node { name } } } } } }`;

let t: TestApp;
let accountId: string;
let tokens: string[];
let change: () => Promise<void>;

beforeAll(async () => {
  ({ t, accountId, tokens, change } = await startLiveLoad({ accountName: 'Live Load Works', invoicePrefix: 'LIVE', person: 'Qin Buyer' }));
});
afterAll(() => t?.close());

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
