/**
 * The live relay keeps nothing for subscribers that are gone: after clients
 * subscribe (several viewers, several topics, with and without a resume
 * point), receive events and disconnect, its registry of subscribers and the
 * staff it keeps current are empty again, round after round.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, createAccount, createStaff } from '../support/fixtures.js';
import { liveClient, rawId, roundTrip, subscribe, type LiveSubscription } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HEALTH = `subscription($after: ID) { portfolioHealthChanged(after: $after) { id account { id } } }`;
const ACCOUNT = `subscription($id: ID) { accountChanged(id: $id) { id change } }`;

let t: TestApp;
let accountId: string;
let tokens: string[];

beforeAll(async () => {
  t = await startTestApp({ config: { security: { rateLimit: { points: 0 } } } });
  accountId = await createAccount(t, { name: 'Retention Works', tier: 'GENERAL' });
  const middle = await createStaff(t, { level: 'MIDDLE', department: 'Sales', hireDate: '2010-01-01T00:00:00.000Z' });
  const frontline = await createStaff(t, { level: 'FRONTLINE', department: 'Service', hireDate: '2010-01-01T00:00:00.000Z' });
  await assign(t, { accountId, staffId: middle, responsibility: 'SALES' });
  await assign(t, { accountId, staffId: frontline, responsibility: 'SERVICE' });
  tokens = [t.operator.token, await t.tokenFor(rawId(middle)), await t.tokenFor(rawId(frontline))];
  await t.app.runtime.dispatcher.drain();
});
afterAll(() => t?.close());

async function settled(): Promise<{ subscribers: number; watchedStaff: number }> {
  // A closed socket ends its subscriptions asynchronously: wait (bounded by attempts) for the relay to hear of it.
  for (let i = 0; i < 200; i++) {
    const retained = t.app.live.relay.retained();
    if (retained.subscribers === 0 && retained.watchedStaff === 0) return retained;
    await new Promise((r) => setTimeout(r, 10));
  }
  return t.app.live.relay.retained();
}

describe('the live relay after its subscribers leave', () => {
  it('retains no subscriber and no watched staff member', { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const clients = tokens.map((token) => liveClient(t.wsUrl, token));
      const subs: LiveSubscription[] = [];
      for (let i = 0; i < 30; i++) {
        const client = clients[i % clients.length]!;
        subs.push(Math.floor(i / 3) % 3 === 0 ? subscribe(client, HEALTH, i % 2 ? { after: '0' } : {}) : subscribe(client, ACCOUNT, { id: accountId }));
      }
      for (const client of clients) await roundTrip(client);
      await t.ok(`mutation($id: ID!, $r: String!) { updateAccount(id: $id, input: { region: $r }) { errors { code } } }`, { id: accountId, r: `Region ${round}` });
      await t.app.runtime.dispatcher.drain();
      for (const [i, sub] of subs.entries()) if (Math.floor(i / 3) % 3 !== 0) await sub.waitFor(1, 2000);
      const open = t.app.live.relay.retained();
      expect(open.subscribers).toBe(30);
      expect(open.watchedStaff).toBe(3);
      // Half the subscriptions end by the client's complete, the rest with their socket.
      for (const [i, sub] of subs.entries()) if (i % 2) sub.dispose();
      await Promise.all(clients.map((client) => client.dispose()));
      expect(await settled()).toEqual({ subscribers: 0, watchedStaff: 0 });
    }
  });
});
