/**
 * The API with Redis pub/sub, Redis cut off behind a TCP proxy (the shared
 * Redis server itself is untouched): queries and mutations keep working
 * while it is away; the websocket subscription opened before the outage
 * stays open (no error, no completion) and, once Redis is back and without
 * resubscribing, receives what was committed meanwhile (read back from the
 * outbox), in order and once each, then live events again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, GRAPHQL_PATH, type App } from '../../src/server/app.js';
import { createPubSub } from '../../src/pubsub/create-pubsub.js';
import type { PubSubHandle } from '../../src/server/pubsub.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_AUTH } from '../support/test-app.js';
import {
  ACCOUNT_CHANGED,
  captureLog,
  createAccountVia,
  gql,
  redisSuite,
  redisTestsEnabled,
  requireRedis,
  startTcpProxy,
  uniquePrefix,
  updateRegionVia,
  waitFor,
  wsClient,
} from './redis-support.js';

const TOPIC = 'core:accountChanged';

describe.skipIf(!redisTestsEnabled)(redisSuite('the API while Redis is away'), () => {
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let testDb: TestDatabase;
  let handle: PubSubHandle;
  let app: App;
  let ws: Awaited<ReturnType<typeof wsClient>>;
  let url: string;
  const logs = captureLog();

  beforeAll(async () => {
    await requireRedis();
    proxy = await startTcpProxy();
    testDb = await createTestDatabase();
    handle = createPubSub({ redisUrl: proxy.url, pubsubPrefix: uniquePrefix('api-outage') }, { log: logs.log, maxReconnectDelayMs: 250 });
    app = createApp({
      config: { graphiql: false, keyAccountMinTenureMonths: 12, shutdownGraceMs: 2000, auth: TEST_AUTH },
      db: testDb.db,
      pubsubHandle: handle,
    });
    const { port } = await app.listen(0);
    url = `http://127.0.0.1:${port}${GRAPHQL_PATH}`;
    ws = await wsClient(`ws://127.0.0.1:${port}${GRAPHQL_PATH}`);
    await waitFor(() => handle.state() === 'up', 'the Redis connection');
  });
  afterAll(async () => {
    await ws?.dispose();
    await app?.close();
    await handle?.close();
    await testDb?.drop();
    await proxy?.close();
  });

  /**
   * Updates the account until the subscription has received one of these updates; returns how many it took.
   * The account's creation may reach a subscription opened right after it (its event is published after
   * commit, perhaps once the subscription is listening), so only an UPDATED event counts as delivery.
   */
  async function updateUntilDelivered(id: string, sub: { received: unknown[] }, label: string) {
    const before = sub.received.length;
    const updated = () => sub.received.slice(before).some((m: any) => m?.data?.accountChanged?.change === 'UPDATED');
    for (let attempt = 1; attempt <= 50; attempt++) {
      await updateRegionVia(url, id, `${label} ${attempt}`);
      try {
        await waitFor(updated, `${label} delivery`, 10, 20);
        return attempt;
      } catch {
        // not subscribed in Redis yet: try again
      }
    }
    throw new Error(`${label}: no event after 50 updates`);
  }

  it('answers queries and mutations while Redis is away, and the open subscription receives again after', async () => {
    const id = await createAccountVia(url, 'Outage Valves');
    const sub = ws.subscribe(ACCOUNT_CHANGED, { id });
    await ws.roundTrip();
    await updateUntilDelivered(id, sub, 'before');
    expect(sub.received.at(-1)).toMatchObject({ data: { accountChanged: { change: 'UPDATED', account: { id } } } });

    proxy.cut();
    await waitFor(() => handle.state() === 'down', 'the loss to be noticed');
    const deliveredBeforeOutage = sub.received.length;
    const droppedBefore = handle.droppedEvents(TOPIC);

    const list = await gql(url, '{ accounts(first: 10) { totalCount edges { node { id region } } } }');
    expect(list.errors).toBeUndefined();
    expect(list.data.accounts.totalCount).toBe(1);
    await updateRegionVia(url, id, 'during 1');
    await updateRegionVia(url, id, 'during 2');
    await createAccountVia(url, 'Created During Outage');
    const read = await gql(url, 'query($id: ID!) { account(id: $id) { region } }', { id });
    expect(read).toEqual({ data: { account: { region: 'during 2' } } });
    expect(await fetch(url.replace(GRAPHQL_PATH, '/ready')).then((r) => r.status)).toBe(200);

    // Account events may be published after the mutation answered (outbox dispatch): wait for all three.
    await waitFor(() => handle.droppedEvents(TOPIC) === droppedBefore + 3, 'the outage events to be published (and dropped)');

    proxy.restore();
    await waitFor(() => handle.state() === 'up', 'the reconnection');
    // Said once each, however many reconnection attempts and dropped events (other topics, e.g. health, may add to the count).
    expect(logs.count(/lost Redis/)).toBe(1);
    expect(logs.count(/is back, subscriptions resumed; \d+ event\(s\) published meanwhile were dropped/)).toBe(1);

    // What was committed meanwhile arrives once Redis is back: both updates of this account, in order, once each.
    await waitFor(() => sub.received.length >= deliveredBeforeOutage + 2, 'the missed changes');
    const missed = sub.received.slice(deliveredBeforeOutage);
    expect(missed).toHaveLength(2);
    expect(missed.map((r: any) => r.data.accountChanged.change)).toEqual(['UPDATED', 'UPDATED']);
    const ids = missed.map((r: any) => Number(r.data.accountChanged.id));
    expect(ids[0]).toBeLessThan(ids[1]!);

    // The same subscription, never resubscribed by the client.
    await updateUntilDelivered(id, sub, 'after');
    expect(sub.errors).toEqual([]);
    expect(sub.completed()).toBe(false);
    expect(sub.received.at(-1)).toMatchObject({ data: { accountChanged: { change: 'UPDATED', cause: 'core.account.updated', account: { id } } } });
    sub.dispose();
  });
});
