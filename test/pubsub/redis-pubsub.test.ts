/**
 * Pub/sub instances talking through a real Redis: what one publishes, the
 * others with the same prefix receive (once); other prefixes see nothing;
 * Redis being away at start-up or later never reaches the publisher, and
 * subscriptions resume when it returns.
 */
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPubSub } from '../../src/pubsub/create-pubsub.js';
import { createRedisPubSub } from '../../src/pubsub/redis-pubsub.js';
import { loadConfig } from '../../src/config.js';
import type { PubSubHandle } from '../../src/server/pubsub.js';
import {
  accountMessage,
  captureLog,
  collect,
  publishUntilReceived,
  redisSuite,
  redisTestsEnabled,
  redisTestUrl,
  requireRedis,
  startTcpProxy,
  uniquePrefix,
  waitFor,
} from './redis-support.js';

describe('choosing the pub/sub from configuration', () => {
  it('is in-process without REDIS_URL (an empty one counts as unset)', async () => {
    for (const env of [{}, { REDIS_URL: '' }]) {
      const handle = createPubSub(loadConfig(env));
      expect(handle.kind).toBe('in-process');
      expect(handle.state()).toBe('up');
      const sink = collect(handle.pubsub);
      await waitFor(() => {
        handle.pubsub.publish('core:accountChanged', accountMessage('local'));
        return sink.count('local') > 0;
      }, 'an in-process event');
      await sink.stop();
      await handle.close();
    }
  });

  it('reads REDIS_URL and PUBSUB_PREFIX, and rejects a URL that is not redis://', () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: undefined, pubsubPrefix: 'kam:' });
    expect(loadConfig({ REDIS_URL: 'rediss://user:pw@redis.example:6380/2', PUBSUB_PREFIX: 'acme:' })).toMatchObject({
      redisUrl: 'rediss://user:pw@redis.example:6380/2',
      pubsubPrefix: 'acme:',
    });
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
  });
});

describe.skipIf(!redisTestsEnabled)(redisSuite('Redis pub/sub'), () => {
  const handles: PubSubHandle[] = [];
  const open = (prefix: string, url = redisTestUrl(), log = captureLog().log) => {
    const handle = createRedisPubSub({ url, prefix, log, maxReconnectDelayMs: 250 });
    handles.push(handle);
    return handle;
  };
  const up = (...hs: PubSubHandle[]) => waitFor(() => hs.every((h) => h.state() === 'up'), 'the Redis connections');

  beforeAll(() => requireRedis());
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.close()));
  });

  it('delivers what one instance publishes to the others with the same prefix, once; other prefixes see nothing', async () => {
    const ours = uniquePrefix('shared');
    const theirs = uniquePrefix('other');
    const a = open(ours);
    const b = open(ours);
    const c = open(theirs);
    const d = open(theirs);
    await up(a, b, c, d);
    const atB = collect(b.pubsub);
    const atC = collect(c.pubsub);
    // C listens (proven by a delivery) before A publishes anything.
    await publishUntilReceived(d.pubsub, atC, 'c-warm-up');

    await publishUntilReceived(a.pubsub, atB, 'b-warm-up');
    a.pubsub.publish('core:accountChanged', accountMessage('x'));
    const fence = accountMessage('fence');
    a.pubsub.publish('core:accountChanged', fence);
    await waitFor(() => atB.count('fence') === 1, 'the fence at B');
    // One publisher connection to one subscriber connection keeps order: a duplicate of x would be here by now.
    expect(atB.count('x')).toBe(1);
    expect(atB.received.at(-1)).toEqual(fence);

    // Redis handled A's messages before D publishes this; had they crossed over, C would have them first.
    d.pubsub.publish('core:accountChanged', accountMessage('c-fence'));
    await waitFor(() => atC.count('c-fence') === 1, 'the fence at C');
    expect(atC.received.map((m) => m.accountId).filter((id) => !id.startsWith('c-'))).toEqual([]);

    const raw = new Redis(redisTestUrl());
    try {
      expect(await raw.pubsub('CHANNELS', `${ours}*`)).toEqual([`${ours}core:accountChanged`]);
    } finally {
      raw.disconnect();
    }
    await atB.stop();
    await atC.stop();
  });

  it('starts without Redis, never throws into the publisher, and subscribes once Redis is there', async () => {
    const prefix = uniquePrefix('startup');
    const proxy = await startTcpProxy();
    try {
      proxy.cut();
      const logs = captureLog();
      const handle = open(prefix, proxy.url, logs.log);
      const sink = collect(handle.pubsub); // queued until Redis answers
      for (let i = 0; i < 5; i++) expect(() => handle.pubsub.publish('core:accountChanged', accountMessage(`lost-${i}`))).not.toThrow();
      await waitFor(() => proxy.refused >= 4, 'several reconnection attempts');
      expect(handle.state()).toBe('down');
      expect(handle.droppedEvents()).toBe(5);
      expect(logs.count(/cannot reach Redis/)).toBe(1);

      proxy.restore();
      await up(handle);
      expect(logs.count(/pub\/sub: Redis at .*channel prefix/)).toBe(1);
      const direct = open(prefix);
      await up(direct);
      await publishUntilReceived(direct.pubsub, sink, 'after-start');
      expect(sink.received.filter((m) => m.accountId.startsWith('lost-'))).toEqual([]);
      expect(logs.count(/./)).toBe(2);
      await sink.stop();
    } finally {
      await proxy.close();
    }
  });

  it('drops what is published while Redis is away, logs once per transition, and resumes existing subscriptions', async () => {
    const prefix = uniquePrefix('outage');
    const proxy = await startTcpProxy();
    try {
      const logs = captureLog();
      const handle = open(prefix, proxy.url, logs.log);
      const direct = open(prefix);
      await up(handle, direct);
      const behindProxy = collect(handle.pubsub);
      const atDirect = collect(direct.pubsub);
      await publishUntilReceived(direct.pubsub, behindProxy, 'before');
      await publishUntilReceived(handle.pubsub, atDirect, 'before-from-proxied');

      proxy.cut();
      await waitFor(() => handle.state() === 'down', 'the loss to be noticed');
      for (let i = 0; i < 3; i++) expect(() => handle.pubsub.publish('core:accountChanged', accountMessage(`during-${i}`))).not.toThrow();
      const refusedBefore = proxy.refused;
      await waitFor(() => proxy.refused >= refusedBefore + 3, 'more reconnection attempts');
      expect(logs.count(/lost Redis/)).toBe(1);
      expect(handle.droppedEvents()).toBe(3);

      proxy.restore();
      await up(handle);
      expect(logs.count(/is back, subscriptions resumed; 3 event\(s\) published meanwhile were dropped/)).toBe(1);
      // The subscription made before the outage receives again, and the proxied instance publishes again.
      await publishUntilReceived(direct.pubsub, behindProxy, 'after');
      await publishUntilReceived(handle.pubsub, atDirect, 'after-from-proxied');
      expect(atDirect.received.filter((m) => m.accountId.startsWith('during-'))).toEqual([]);
      expect(logs.count(/lost Redis/)).toBe(1);
      expect(logs.lines.filter((l) => l.level === 'error')).toEqual([]);
      await behindProxy.stop();
      await atDirect.stop();
    } finally {
      await proxy.close();
    }
  });

  it('closes promptly while Redis is away, with commands still queued', async () => {
    const proxy = await startTcpProxy();
    try {
      const logs = captureLog();
      const handle = open(uniquePrefix('close'), proxy.url, logs.log);
      await up(handle);
      const first = collect(handle.pubsub);
      proxy.cut();
      await waitFor(() => handle.state() === 'down', 'the loss to be noticed');
      await first.stop(); // UNSUBSCRIBE queued
      const second = collect(handle.pubsub); // SUBSCRIBE queued
      handle.pubsub.publish('core:accountChanged', accountMessage('dropped'));
      await handle.close(); // a rejected queued command would fail the run as an unhandled rejection
      expect(() => handle.pubsub.publish('core:accountChanged', accountMessage('after-close'))).not.toThrow();
      await second.stop();
      expect(logs.lines.filter((l) => l.level === 'error')).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
