/**
 * Live topics kept in the outbox: a plugin topic message (`<plugin>:<topic>`)
 * and the agenda's change notices are outbox rows written in the
 * transaction of the change, published after commit by a dispatcher handler
 * under the row's id, and read back from the outbox when a subscriber missed
 * them. Publishing after commit, and losslessly, comes for free.
 */
import type { PubSub } from 'graphql-yoga';
import type { EventHandlerRegistration } from '../events/dispatcher.js';
import type { KamPubSub } from '../server/pubsub.js';
import type { LiveTopic } from './live-topic.js';

export interface OutboxTopicMessage {
  seq: number;
  accountId: string | null;
  /** The event (or topic message) name the row was written under. */
  cause: string;
  payload: unknown;
  /** ISO-8601. */
  occurredAt: string;
}

/**
 * A live topic whose messages are the outbox rows named `names`: one name for
 * a plugin topic, several for a topic fed by events (the agenda's).
 */
export function outboxTopic(topic: string, names: readonly string[]): LiveTopic<OutboxTopicMessage> {
  return {
    name: topic,
    accountOf: (message) => message.accountId,
    async replay(prisma, after, limit) {
      const rows = await prisma.outboxEvent.findMany({ where: { id: { gt: after }, name: { in: [...names] } }, orderBy: { id: 'asc' }, take: limit });
      return rows.map((row) => ({ seq: row.id, accountId: row.accountId, cause: row.name, payload: JSON.parse(row.payload) as unknown, occurredAt: row.occurredAt.toISOString() }));
    },
    async head(prisma) {
      return (await prisma.outboxEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    },
  };
}

/** Publishes the committed outbox rows of `names` on `topic`, under their ids. */
export function outboxTopicPublisher(pubsub: KamPubSub, topic: string, names: readonly string[]): EventHandlerRegistration {
  return {
    name: `live:${topic}`,
    events: names,
    batchSize: 200,
    handle: async (events) => {
      for (const event of events) {
        const message: OutboxTopicMessage = { seq: event.id, accountId: event.accountId, cause: event.name, payload: event.payload, occurredAt: event.occurredAt.toISOString() };
        (pubsub as unknown as PubSub<Record<string, [OutboxTopicMessage]>>).publish(topic, message);
      }
    },
  };
}
