/**
 * Two real API processes (`node --import tsx src/server/main.ts`) on one
 * database and one Redis: a mutation sent to instance A reaches a websocket
 * subscriber connected to instance B, exactly once, and A's own subscriber
 * too (once: Redis is the only path, there is no local echo).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killStartedServers, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { createEmptyDatabase, testProvider } from '../support/test-database.js';
import {
  ACCOUNT_CHANGED,
  createAccountVia,
  redisSuite,
  redisTestsEnabled,
  redisTestUrl,
  requireRedis,
  uniquePrefix,
  updateRegionVia,
  waitFor,
  wsClient,
} from './redis-support.js';

/** One API process, once it listens and its Redis pub/sub is connected. */
const startInstance = (env: Record<string, string>) => startServerProcess(env, { readyWhen: /pub\/sub: Redis at / });

describe.skipIf(!redisTestsEnabled)(redisSuite(`two API instances sharing Redis (${testProvider()})`), () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  const clients: Awaited<ReturnType<typeof wsClient>>[] = [];

  beforeAll(async () => {
    await requireRedis();
    database = await createEmptyDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL: redisTestUrl(), PUBSUB_PREFIX: uniquePrefix('two-instances'), DEMO_SEED: 'false' };
    // One after the other: A applies the migrations alone, then B finds nothing to do.
    a = await startInstance(env);
    b = await startInstance(env);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    killStartedServers();
    await database?.remove();
  });

  it('delivers a mutation handled by A to the subscribers on B and on A, once each', async () => {
    const target = await createAccountVia(a.url, 'Cross Instance Valves');
    const fence = await createAccountVia(a.url, 'Fence Fittings');
    const atB = await wsClient(b.wsUrl);
    const atA = await wsClient(a.wsUrl);
    clients.push(atB, atA);
    const subB = atB.subscribe(ACCOUNT_CHANGED);
    const subA = atA.subscribe(ACCOUNT_CHANGED);
    await Promise.all([atB.roundTrip(), atA.roundTrip()]);
    const ids = (sub: { received: any[] }) => sub.received.map((r) => r.data.accountChanged.account.id as string);

    // The SUBSCRIBEs reach Redis a moment after the websocket subscription: warm up on the fence account.
    await waitFor(async () => {
      await updateRegionVia(a.url, fence, 'warm-up');
      await new Promise((r) => setTimeout(r, 50));
      return ids(subB).includes(fence) && ids(subA).includes(fence);
    }, 'both subscriptions to be live', 50, 0);

    await updateRegionVia(a.url, target, 'Shandong');
    await waitFor(() => ids(subB).includes(target) && ids(subA).includes(target), 'the change at both subscribers');
    // A's publishes reach each subscriber connection in order: once this later event arrives, a duplicate would have too.
    const fenceEvents = (sub: { received: any[] }) => ids(sub).filter((id) => id === fence).length;
    const [fenceB, fenceA] = [fenceEvents(subB), fenceEvents(subA)];
    await updateRegionVia(a.url, fence, 'after');
    await waitFor(() => fenceEvents(subB) > fenceB && fenceEvents(subA) > fenceA, 'the fence event at both subscribers');

    for (const sub of [subB, subA]) {
      expect(sub.errors).toEqual([]);
      const events = sub.received.filter((r) => r.data.accountChanged.account.id === target);
      expect(events).toEqual([
        { data: { accountChanged: { id: expect.stringMatching(/^\d+$/), change: 'UPDATED', cause: 'core.account.updated', account: { id: target, region: 'Shandong' } } } },
      ]);
    }
    subB.dispose();
    subA.dispose();
  });

  it('shuts both instances down cleanly, closing their Redis connections', async () => {
    expect(await b.stop()).toBe(0);
    expect(await a.stop()).toBe(0);
    expect(a.output() + b.output()).not.toMatch(/unhandled|pub\/sub: (lost|cannot reach)/i);
  });
});
