/**
 * Two real API processes (`node --import tsx src/server/main.ts`) on one
 * database and one Redis: a mutation sent to instance A reaches a websocket
 * subscriber connected to instance B, exactly once, and A's own subscriber
 * too (once: Redis is the only path, there is no local echo).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface Instance {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  output: () => string;
}

const children: ChildProcess[] = [];

/** Starts one API process; resolves once it listens and its Redis pub/sub is connected. */
function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: '0', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const check = () => {
      const listening = output.match(/KAM GraphQL API on (http:\/\/\S+\/graphql)/);
      if (listening && /pub\/sub: Redis at /.test(output)) {
        const url = listening[1]!;
        resolve({ child, url, wsUrl: url.replace(/^http/, 'ws'), output: () => output });
      }
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      check();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function stop(instance: Instance): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => instance.child.on('exit', resolve));
  instance.child.kill('SIGTERM');
  return exited;
}

describe.skipIf(!redisTestsEnabled)(redisSuite(`two API instances sharing Redis (${testProvider()})`), () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let a: Instance;
  let b: Instance;
  const clients: ReturnType<typeof wsClient>[] = [];

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
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await database?.remove();
  });

  it('delivers a mutation handled by A to the subscribers on B and on A, once each', async () => {
    const target = await createAccountVia(a.url, 'Cross Instance Valves');
    const fence = await createAccountVia(a.url, 'Fence Fittings');
    const atB = wsClient(b.wsUrl);
    const atA = wsClient(a.wsUrl);
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
        { data: { accountChanged: { change: 'UPDATED', cause: 'core.account.updated', account: { id: target, region: 'Shandong' } } } },
      ]);
    }
    subB.dispose();
    subA.dispose();
  });

  it('shuts both instances down cleanly, closing their Redis connections', async () => {
    expect(await stop(b)).toBe(0);
    expect(await stop(a)).toBe(0);
    expect(a.output() + b.output()).not.toMatch(/unhandled|pub\/sub: (lost|cannot reach)/i);
  });
});
