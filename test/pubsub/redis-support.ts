/**
 * Shared by the Redis pub/sub suites. They need a real Redis and run only
 * when asked to (TEST_REDIS=1, or REDIS_URL set); otherwise they are reported
 * as skipped, so `npm test` still needs nothing but Node. When asked to run
 * and Redis is unreachable they fail, never skip.
 */
import { startTcpProxy as startGenericTcpProxy } from '../support/tcp-proxy.js';
import { suiteServiceToken } from '../support/test-app.js';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { liveClient, roundTrip, subscribe } from '../support/live-client.js';
import type { AccountChangedMessage, KamPubSub, PubSubLogger } from '../../src/server/pubsub.js';

export const redisTestsEnabled = process.env.TEST_REDIS === '1' || Boolean(process.env.REDIS_URL);

export function redisTestUrl(): string {
  return process.env.REDIS_URL || 'redis://127.0.0.1:6379';
}

/** The suite title, with the reason when it is skipped. */
export function redisSuite(title: string): string {
  return redisTestsEnabled ? title : `${title} [skipped: needs Redis; run with TEST_REDIS=1 (REDIS_URL, default redis://127.0.0.1:6379)]`;
}

/** Fails with a clear message when the Redis the suites were asked to use does not answer. */
export async function requireRedis(url = redisTestUrl()): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, connectTimeout: 3000, maxRetriesPerRequest: 0 });
  let cause: unknown;
  client.on('error', (error: unknown) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    cause ??= error;
    throw new Error(
      `Redis is not reachable at ${url} (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'The Redis suites were asked to run (TEST_REDIS=1 or REDIS_URL): start Redis, or run without TEST_REDIS/REDIS_URL to skip them.',
    );
  } finally {
    client.disconnect();
  }
}

/** A channel prefix of our own, so concurrent test files and runs never see each other's events. */
export function uniquePrefix(label: string): string {
  return `kam-test:${label}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls a bounded number of times; counts attempts, never asserts on elapsed time. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, attempts = 200, intervalMs = 50): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await sleep(intervalMs);
  }
  throw new Error(`gave up waiting for ${what} after ${attempts} attempts`);
}

export function captureLog() {
  const lines: { level: 'info' | 'warn' | 'error'; message: string }[] = [];
  const push = (level: 'info' | 'warn' | 'error') => (...data: unknown[]) => lines.push({ level, message: data.map(String).join(' ') });
  const log: PubSubLogger = { info: push('info'), warn: push('warn'), error: push('error') };
  return { lines, log, count: (pattern: RegExp) => lines.filter((l) => pattern.test(l.message)).length };
}

let sequence = 0;
export function accountMessage(accountId: string): AccountChangedMessage {
  return { seq: ++sequence, accountId, change: 'UPDATED', cause: 'test.pubsub', occurredAt: new Date(0).toISOString() };
}

/** Collects what one pub/sub delivers on the account topic. */
export function collect(pubsub: KamPubSub) {
  const received: AccountChangedMessage[] = [];
  const iterator = pubsub.subscribe('core:accountChanged')[Symbol.asyncIterator]();
  void (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      received.push(next.value);
    }
  })();
  return {
    received,
    count: (accountId: string) => received.filter((m) => m.accountId === accountId).length,
    stop: async () => void (await iterator.return?.()),
  };
}

/**
 * Publishes until the sink has the message: a SUBSCRIBE reaches Redis a moment
 * after subscribe() returns, and nothing tells us when.
 */
export async function publishUntilReceived(from: KamPubSub, sink: ReturnType<typeof collect>, accountId: string, attempts = 50) {
  for (let i = 0; i < attempts; i++) {
    from.publish('core:accountChanged', accountMessage(accountId));
    for (let j = 0; j < 10; j++) {
      if (sink.count(accountId) > 0) return;
      await sleep(20);
    }
  }
  throw new Error(`${accountId} was published ${attempts} times and never received`);
}

/** The shared TCP proxy (test/support/tcp-proxy.ts) in front of the test Redis, with the URL to reach it through. */
export async function startTcpProxy(targetUrl = redisTestUrl()) {
  const target = new URL(targetUrl);
  const proxy = await startGenericTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
  return Object.assign(proxy, { url: proxy.urlFor(targetUrl) });
}

/** A graphql-ws client bound to the shared subscribe/round-trip helpers. */
export async function wsClient(url: string) {
  const client = liveClient(url, await suiteServiceToken);
  return {
    client,
    subscribe: (query: string, variables: Record<string, unknown> = {}) => subscribe(client, query, variables),
    roundTrip: () => roundTrip(client),
    dispose: () => client.dispose(),
  };
}

/** POSTs a GraphQL operation; throws on transport failure, returns the body. */
export async function gql(url: string, query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${await suiteServiceToken}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}

export const CREATE_ACCOUNT = `mutation($name: String!) {
  createAccount(input: { name: $name, industry: INDUSTRIAL, employees: 500, annualSales: 80000000, totalAssets: 90000000 }) {
    account { id } errors { code message }
  }
}`;
export const UPDATE_ACCOUNT = `mutation($id: ID!, $region: String!) { updateAccount(id: $id, input: { region: $region }) { account { id region } errors { code message } } }`;
export const ACCOUNT_CHANGED = `subscription($id: ID) { accountChanged(id: $id) { id change cause account { id region } } }`;

export async function createAccountVia(url: string, name: string): Promise<string> {
  const body = await gql(url, CREATE_ACCOUNT, { name });
  const id = body.data?.createAccount?.account?.id;
  if (!id) throw new Error(`createAccount failed: ${JSON.stringify(body)}`);
  return id as string;
}

export async function updateRegionVia(url: string, id: string, region: string): Promise<void> {
  const body = await gql(url, UPDATE_ACCOUNT, { id, region });
  if (body.errors?.length || body.data?.updateAccount?.errors?.length || body.data?.updateAccount?.account?.region !== region) {
    throw new Error(`updateAccount failed: ${JSON.stringify(body)}`);
  }
}
