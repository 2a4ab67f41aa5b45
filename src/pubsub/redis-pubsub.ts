/**
 * Pub/sub over Redis, so a mutation handled by one API instance reaches the
 * subscribers connected to another.
 *
 * yoga's Redis event target does the topic bookkeeping; it talks to Redis
 * through a small channel adapter (below) that adds what it lacks:
 *  - a channel prefix, so several deployments can share one Redis;
 *  - containment: the target fires PUBLISH/SUBSCRIBE/UNSUBSCRIBE and drops
 *    the promises, so a failure would be an unhandled rejection and end the
 *    process. Every promise is caught here.
 *
 * Redis going away must not take queries and mutations down:
 *  - publishing never waits or throws: the publish connection has no offline
 *    queue, so while Redis is away an event is dropped at once (counted,
 *    reported when the connection returns). A publish that gets no reply is
 *    dropped after `replyTimeoutMs`. Delivery is at most once: events
 *    published during an outage are lost, never replayed late.
 *  - subscriptions stay open and receive nothing meanwhile; the subscribe
 *    connection queues its commands while away and re-subscribes its
 *    channels when Redis returns (ioredis `autoResubscribe`), so existing
 *    subscribers receive events again without reconnecting.
 *  - both connections reconnect forever with a bounded backoff, and are
 *    pinged every `heartbeatMs` so a silently dead link is noticed too.
 * The connection state is logged once per transition, never per message.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub as createYogaPubSub } from 'graphql-yoga';
import { Redis, type RedisOptions } from 'ioredis';
import type { KamPubSubTopics, PubSubHandle, PubSubLogger, PubSubState } from '../server/pubsub.js';
import { redactUrl } from '../redact-url.js';
import { logger } from '../log.js';

export interface RedisPubSubOptions {
  /** `redis://` or `rediss://`. */
  url: string;
  /** Prepended to every channel, e.g. `kam:` gives `kam:core:accountChanged`. */
  prefix: string;
  log?: PubSubLogger;
  /** Longest wait between reconnection attempts (default 2000 ms). */
  maxReconnectDelayMs?: number;
  /** A publish or ping without a reply after this long fails (default 5000 ms). */
  replyTimeoutMs?: number;
  /** How often each connection is pinged (default 10000 ms). */
  heartbeatMs?: number;
}

/** The part of an ioredis client that yoga's Redis event target uses. */
interface ChannelClient {
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  subscribe(channel: string): unknown;
  unsubscribe(channel: string): unknown;
  publish(channel: string, message: string): unknown;
}

export function createRedisPubSub(options: RedisPubSubOptions): PubSubHandle {
  const { url, prefix } = options;
  const log = options.log ?? logger;
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  const replyTimeout = options.replyTimeoutMs ?? 5000;
  const where = redactUrl(url);

  const common: RedisOptions = {
    // 100 ms, 200 ms, 400 ms ... capped: never gives up, never hammers.
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt - 1, 10), maxDelay),
    connectTimeout: replyTimeout,
    // A written command (or ping) with no reply for this long kills the socket, which reconnects.
    socketTimeout: replyTimeout,
  };
  const publisher = new Redis(url, {
    ...common,
    connectionName: 'kam-pubsub-publish',
    // Not connected: fail at once instead of queueing. Connection lost: fail
    // what was in flight at once instead of re-sending it late.
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: replyTimeout,
  });
  const subscriber = new Redis(url, {
    ...common,
    connectionName: 'kam-pubsub-subscribe',
    enableOfflineQueue: true,
    autoResubscribe: true,
    autoResendUnfulfilledCommands: true,
    // Queued SUBSCRIBE/UNSUBSCRIBE wait for Redis however long it takes.
    maxRetriesPerRequest: null,
  });
  const clients = [publisher, subscriber];

  let state: PubSubState = 'connecting';
  let connectedOnce = false;
  let closing = false;
  let lastError = 'connection closed';
  let dropped = 0; // since the last transition, for the log
  const droppedByTopic = new Map<string, number>();
  let publishFailureLogged = false;
  const stateListeners = new Set<(state: PubSubState) => void>();
  const enter = (next: PubSubState) => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  function onReady() {
    if (closing || state === 'up') return;
    if (!clients.every((c) => c.status === 'ready')) return;
    if (!connectedOnce) log.info(`pub/sub: Redis at ${where}, channel prefix "${prefix}"`);
    else log.info(`pub/sub: Redis at ${where} is back, subscriptions resumed; ${dropped} event(s) published meanwhile were dropped`);
    enter('up');
    connectedOnce = true;
    dropped = 0;
    lastError = 'connection closed';
    publishFailureLogged = false;
  }
  function onClose() {
    if (closing || state === 'down') return;
    if (!connectedOnce) {
      log.warn(`pub/sub: cannot reach Redis at ${where} (${lastError}); retrying, events published meanwhile are dropped`);
    } else {
      log.warn(`pub/sub: lost Redis at ${where} (${lastError}); retrying, events published meanwhile are dropped and subscriptions wait`);
    }
    enter('down');
    publishFailureLogged = false;
  }
  for (const client of clients) {
    client.on('ready', onReady);
    client.on('close', onClose);
    // Every failed attempt emits one; keep the latest for the transition message.
    client.on('error', (error: unknown) => (lastError = reason(error)));
  }

  const heartbeat = setInterval(() => {
    for (const client of clients) if (client.status === 'ready') client.ping().catch(() => undefined);
  }, options.heartbeatMs ?? 10_000);
  heartbeat.unref();

  function dropPublish(topic: string, why: string) {
    dropped++;
    droppedByTopic.set(topic, (droppedByTopic.get(topic) ?? 0) + 1);
    // While down, the transition message already said so.
    if (state === 'up' && !publishFailureLogged) {
      publishFailureLogged = true;
      log.warn(`pub/sub: a publish to Redis failed (${why}); events are dropped until it answers again`);
    }
  }

  const channels: ChannelClient = {
    on(event, listener) {
      subscriber.on(event, (channel: string, message: string) => {
        if (!channel.startsWith(prefix)) return;
        try {
          listener(channel.slice(prefix.length), message);
        } catch (error) {
          // e.g. a foreign publisher's payload that is not JSON: it must not break the connection.
          log.error(`pub/sub: ignored an unreadable message on ${channel}: ${reason(error)}`);
        }
      });
    },
    subscribe(topic) {
      subscriber.subscribe(prefix + topic).catch((error: unknown) => {
        if (!closing) log.error(`pub/sub: subscribing to ${prefix + topic} failed: ${reason(error)}`);
      });
    },
    unsubscribe(topic) {
      subscriber.unsubscribe(prefix + topic).catch((error: unknown) => {
        if (!closing) log.error(`pub/sub: unsubscribing from ${prefix + topic} failed: ${reason(error)}`);
      });
    },
    publish(topic, message) {
      if (closing) return;
      if (publisher.status !== 'ready') return dropPublish(topic, 'not connected');
      publisher.publish(prefix + topic, message).catch((error: unknown) => dropPublish(topic, reason(error)));
    },
  };

  // The event target calls exactly the ChannelClient methods (checked by test/pubsub).
  const client = channels as unknown as Redis;
  const pubsub = createYogaPubSub<KamPubSubTopics>({
    eventTarget: createRedisEventTarget({ publishClient: client, subscribeClient: client }),
  });

  return {
    kind: 'redis',
    pubsub,
    state: () => state,
    onStateChange: (listener) => void stateListeners.add(listener),
    droppedEvents: (topic) => (topic ? (droppedByTopic.get(topic) ?? 0) : [...droppedByTopic.values()].reduce((a, b) => a + b, 0)),
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(heartbeat);
      await Promise.all(clients.map(disconnect));
    },
  };
}

/** Closes at once (pending commands fail, and are caught); waits briefly for the socket. */
function disconnect(client: Redis): Promise<void> {
  const connected = client.status === 'ready' || client.status === 'connect' || client.status === 'connecting';
  const ended = connected
    ? new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        timer.unref();
        client.once('end', () => {
          clearTimeout(timer);
          resolve();
        });
      })
    : Promise.resolve();
  client.disconnect();
  return ended;
}

function reason(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
