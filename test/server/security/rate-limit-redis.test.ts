/**
 * Rate limiting over Redis: two API instances share one budget per caller,
 * stored under PUBSUB_PREFIX and keyed by whom the token verifies as; while Redis is away each
 * instance keeps serving and limiting on its own, and sharing resumes when it
 * returns. Needs Redis: runs with TEST_REDIS=1 (see test/pubsub/redis-support.ts).
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { redisSuite, redisTestsEnabled, redisTestUrl, requireRedis, startTcpProxy, uniquePrefix, waitFor } from '../../pubsub/redis-support.js';
import { captureLog, type CapturedLog } from '../../support/captured-log.js';
import { postJson } from './security-support.js';

const TYPENAME = { query: '{ __typename }' };

describe.skipIf(!redisTestsEnabled)(redisSuite('rate limit shared over Redis'), () => {
  let redis: Redis;
  let log: CapturedLog;
  const apps: TestApp[] = [];
  const prefixes: string[] = [];

  beforeAll(async () => {
    await requireRedis();
    redis = new Redis(redisTestUrl());
  });
  beforeEach(() => {
    log = captureLog();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    log.restore();
  });
  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis?.disconnect();
  });

  /** Two instances on one Redis and prefix, once both limiters are connected. */
  async function twoInstances(redisUrl: string, points: number) {
    const prefix = uniquePrefix('rate-limit');
    prefixes.push(prefix);
    const config = { redisUrl, pubsubPrefix: prefix, security: { rateLimit: { points, durationSeconds: 60 } } };
    const a = await startTestApp({ config });
    const b = await startTestApp({ config });
    apps.push(a, b);
    const connected = () => log.texts().filter((line) => line.startsWith('rate limit: budget shared over Redis')).length;
    await waitFor(() => connected() === 2, 'both rate limiters to connect to Redis');
    return { a, b, prefix, subject: a.operator.id, token: await a.tokenFor(a.operator.id) };
  }

  /** Whether each request was refused by the rate limit (any other answer counts as served). */
  async function limited(url: string, count: number, token: string) {
    const result: boolean[] = [];
    for (let i = 0; i < count; i++) {
      const res = await postJson(url, TYPENAME, { token });
      if (res.status === 429) expect(res.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      result.push(res.status === 429);
    }
    return result;
  }

  it('shares one budget between two instances, stored under the prefix by the subject of the token', async () => {
    const { a, b, prefix, subject, token } = await twoInstances(redisTestUrl(), 4);
    expect(await limited(a.url, 1, token)).toEqual([false]);
    expect(await limited(b.url, 1, token)).toEqual([false]);
    expect(await limited(a.url, 1, token)).toEqual([false]);
    expect(await limited(b.url, 1, token)).toEqual([false]);
    expect(await limited(a.url, 1, token)).toEqual([true]);
    const refused = await postJson(b.url, TYPENAME, { token });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    expect(await redis.keys(`${prefix}*`)).toEqual([`${prefix}rate-limit:subject:${subject}`]);
    expect(Number(await redis.get(`${prefix}rate-limit:subject:${subject}`))).toBe(6);
  });

  it('keeps serving and limiting per instance while Redis is away, and shares again once it is back', async () => {
    const proxy = await startTcpProxy();
    try {
      const { a, b, token } = await twoInstances(proxy.url, 4);
      expect(await limited(a.url, 2, token)).toEqual([false, false]);

      proxy.cut();
      await waitFor(() => log.texts().filter((line) => line.includes('rate limit: lost Redis')).length === 2, 'both limiters to notice');
      // Each instance counts in memory on its own meanwhile: a full budget each.
      expect(await limited(a.url, 5, token)).toEqual([false, false, false, false, true]);
      expect(await limited(b.url, 5, token)).toEqual([false, false, false, false, true]);

      proxy.restore();
      await waitFor(() => log.texts().filter((line) => line.includes('rate limit: Redis at') && line.includes('is back')).length === 2, 'both limiters to reconnect');
      // Redis still holds the 2 counted before the outage.
      expect(await limited(b.url, 1, token)).toEqual([false]);
      expect(await limited(a.url, 1, token)).toEqual([false]);
      expect(await limited(b.url, 1, token)).toEqual([true]);
    } finally {
      await Promise.all(apps.splice(0).map((app) => app.close()));
      await proxy.close();
    }
  });
});
