/**
 * A live event's selection executes once per group of receivers that
 * resolve alike (same document and variables, same viewer), not once per
 * receiver, and its result is serialised once per group: the same changes
 * delivered to 10 and to 1,000 graphql-ws subscriptions (three viewers, two
 * selections) cost the same executions and serialisations, while every
 * subscription still receives each event once, as a message written
 * straight to its socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveClient, roundTrip, subscribe, type LiveSubscription } from '../support/live-client.js';
import type { TestApp } from '../support/test-app.js';
import { startLiveLoad } from './live-load.js';

const HEALTH = `subscription { portfolioHealthChanged { id current { score } account { id name } } }`;
const ACCOUNT = `subscription($id: ID) { accountChanged(id: $id) { id change account { id name } } }`;

let t: TestApp;
let accountId: string;
let tokens: string[];
let change: () => Promise<void>;

beforeAll(async () => {
  ({ t, accountId, tokens, change } = await startLiveLoad({ accountName: 'Shared Results Works', invoicePrefix: 'SHARED' }));
});
afterAll(() => t?.close());

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
    const after = t.app.live.results;
    return {
      executions: after.executions - before.executions,
      results: after.results - before.results,
      serialisations: after.serialisations - before.serialisations,
      frames: after.frames - before.frames,
    };
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
    // Serialised once per group and event too, not once per receiver.
    expect(few.serialisations).toBeLessThanOrEqual(12);
    expect(many.serialisations).toBe(few.serialisations);
    // Every receiver got every event, as one message written to its socket.
    expect(few.results).toBe(10 * 2);
    expect(many.results).toBe(1000 * 2);
    expect(few.frames).toBe(10 * 2);
    expect(many.frames).toBe(1000 * 2);
  });
});
