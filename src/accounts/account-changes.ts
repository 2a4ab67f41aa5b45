/**
 * Live account changes: committed `core.account.*` events are published on
 * `core:accountChanged` under their outbox id, and that id is how a missed
 * or resumed change is read back (the outbox keeps them).
 */
import type { EventHandlerRegistration } from '../events/dispatcher.js';
import { liveAccount, liveMessage, resumePoint } from '../live/live-fields.js';
import type { LiveTopic } from '../live/live-topic.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import { decodeGlobalIdOrThrow } from '../schema/global-id.js';
import type { AccountChangeKind, AccountChangedMessage, KamPubSub } from '../server/pubsub.js';
import { accountEvents } from './account-events.js';

export const ACCOUNT_CHANGED_TOPIC = 'core:accountChanged';

const changeOf: Record<string, AccountChangeKind> = {
  [accountEvents.created]: 'CREATED',
  [accountEvents.updated]: 'UPDATED',
  [accountEvents.archived]: 'ARCHIVED',
  [accountEvents.restored]: 'RESTORED',
};

function messageOf(event: { id: number; name: string; accountId: string | null; occurredAt: Date }): AccountChangedMessage | undefined {
  if (!event.accountId) return undefined;
  return { seq: event.id, accountId: event.accountId, change: changeOf[event.name]!, cause: event.name, occurredAt: event.occurredAt.toISOString() };
}

export const accountChangedTopic: LiveTopic<AccountChangedMessage> = {
  name: ACCOUNT_CHANGED_TOPIC,
  accountOf: (message) => message.accountId,
  async replay(prisma, after, limit) {
    const events = await prisma.outboxEvent.findMany({
      where: { id: { gt: after }, name: { in: Object.keys(changeOf) }, accountId: { not: null } },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, name: true, accountId: true, occurredAt: true },
    });
    return events.map(messageOf).filter((m): m is AccountChangedMessage => m !== undefined);
  },
  async head(prisma) {
    return (await prisma.outboxEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
  },
};

/** Forwards committed account events to subscription topics. */
export function accountChangesHandler(pubsub: KamPubSub): EventHandlerRegistration {
  return {
    name: 'core.account-changes',
    events: Object.keys(changeOf),
    batchSize: 100,
    handle: async (events) => {
      for (const event of events) {
        const message = messageOf(event);
        if (message) pubsub.publish(ACCOUNT_CHANGED_TOPIC, message);
      }
    },
  };
}

export function registerAccountSubscriptions(builder: KamSchemaBuilder) {
  const ChangeKind = builder.enumType('AccountChangeKind', { values: ['CREATED', 'UPDATED', 'ARCHIVED', 'RESTORED'] as const });

  const AccountChanged = builder.objectRef<AccountChangedMessage>('AccountChangedEvent').implement({
    fields: (t) => ({
      id: t.id({ description: 'The event id: pass it back as `after` to resume from here.', resolve: (m) => String(m.seq) }),
      account: t.prismaField({
        type: 'Account',
        nullable: true,
        resolve: (query, m, _args, ctx) => liveAccount(ctx, query, m.accountId),
      }),
      change: t.field({ type: ChangeKind, resolve: (m) => m.change }),
      cause: t.string({ description: 'The domain event that caused the change.', resolve: (m) => m.cause }),
      occurredAt: t.field({ type: 'DateTime', resolve: (m) => new Date(m.occurredAt) }),
    }),
  });

  builder.subscriptionFields((t) => ({
    accountChanged: t.field({
      type: AccountChanged,
      description:
        'Account records created or changed; only those of one account when `id` is given. With `after` (the id of the last event received), the changes committed since then come first, in order.',
      args: { id: t.arg.id(), after: t.arg.id({ description: 'Resume after this event id.' }) },
      subscribe: (_root, args, ctx) => {
        const accountId = args.id ? decodeGlobalIdOrThrow(args.id).id : null;
        // Judged per event for its receiver, in memory: team membership may change while the subscription lives.
        return ctx.live.subscribe<AccountChangedMessage>(
          ACCOUNT_CHANGED_TOPIC,
          {
            staffId: ctx.access.staffId,
            accept: (event) => (accountId === null || event.message.accountId === accountId) && ctx.access.judgeLive('Subscription.accountChanged', event),
          },
          resumePoint(args.after),
        );
      },
      resolve: (event, _args, ctx) => liveMessage(event, ctx),
    }),
  }));
}
