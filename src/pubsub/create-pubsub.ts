/**
 * The pub/sub a process runs with: in-process unless `REDIS_URL` is set,
 * then Redis, so subscribers on every instance see every instance's changes.
 */
import type { AppConfig } from '../config.js';
import { createInProcessPubSub, type PubSubHandle } from '../server/pubsub.js';
import { createRedisPubSub, type RedisPubSubOptions } from './redis-pubsub.js';

export type PubSubConfig = Pick<AppConfig, 'redisUrl' | 'pubsubPrefix'>;

export function createPubSub(
  config: PubSubConfig,
  options: Omit<RedisPubSubOptions, 'url' | 'prefix'> = {},
): PubSubHandle {
  if (config.redisUrl) return createRedisPubSub({ ...options, url: config.redisUrl, prefix: config.pubsubPrefix });
  const pubsub = createInProcessPubSub();
  return { kind: 'in-process', pubsub, state: () => 'up', onStateChange: () => undefined, droppedEvents: () => 0, close: async () => undefined };
}
