/**
 * Topics delivered to GraphQL subscribers. In-process by default; with
 * `REDIS_URL` the topics travel over Redis (src/pubsub/) so several API
 * instances share them.
 */
import { createPubSub, type PubSub } from 'graphql-yoga';

export type AccountChangeKind = 'CREATED' | 'UPDATED' | 'ARCHIVED' | 'RESTORED';

export interface AccountChangedMessage {
  /** The outbox id of the event: its place in the topic, and how it is read back. */
  seq: number;
  accountId: string;
  change: AccountChangeKind;
  /** Domain event that caused the change, e.g. core.account.updated. */
  cause: string;
  occurredAt: string;
}

export type KamPubSubTopics = {
  'core:accountChanged': [AccountChangedMessage];
  /** One message per changed account health, after commit (src/health/health-engine.ts). */
  'health:accountChanged': [import('../health/health-types.js').HealthChangedMessage];
};

export type KamPubSub = PubSub<KamPubSubTopics>;

export function createInProcessPubSub(): KamPubSub {
  return createPubSub<KamPubSubTopics>();
}

export type PubSubKind = 'in-process' | 'redis';

/**
 * `up`: events flow between instances. `connecting`: not connected yet.
 * `down`: the connection was lost (or never made); publishing drops events
 * and subscriptions wait, queries and mutations are unaffected.
 */
export type PubSubState = 'connecting' | 'up' | 'down';

/** The pub/sub an API process runs with, and how to stop it. */
export interface PubSubHandle {
  kind: PubSubKind;
  pubsub: KamPubSub;
  /** In-process is always `up`. */
  state(): PubSubState;
  /** Tells `listener` of every change of state (Redis: lost and back); in-process never changes. */
  onStateChange(listener: (state: PubSubState) => void): void;
  /** Events published but never handed to Redis (it was away, or did not answer) since start, of one topic or all; in-process: 0. */
  droppedEvents(topic?: keyof KamPubSubTopics): number;
  close(): Promise<void>;
}

export type PubSubLogger = Pick<Console, 'info' | 'warn' | 'error'>;
