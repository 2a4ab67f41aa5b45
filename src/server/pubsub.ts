/**
 * Topics delivered to GraphQL subscribers. In-process by default; the event
 * target is swappable (Redis) so several API instances can share topics.
 */
import { createPubSub, type PubSub } from 'graphql-yoga';

export type AccountChangeKind = 'CREATED' | 'UPDATED' | 'ARCHIVED' | 'RESTORED';

export interface AccountChangedMessage {
  accountId: string;
  change: AccountChangeKind;
  /** Domain event that caused the change, e.g. core.account.updated. */
  cause: string;
  occurredAt: string;
}

export type KamPubSubTopics = {
  'core:accountChanged': [AccountChangedMessage];
};

export type KamPubSub = PubSub<KamPubSubTopics>;

export function createInProcessPubSub(): KamPubSub {
  return createPubSub<KamPubSubTopics>();
}
