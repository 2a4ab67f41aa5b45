import { filter, pipe } from 'graphql-yoga';
import type { EventHandlerRegistration } from '../events/dispatcher.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import { decodeGlobalIdOrThrow } from '../schema/global-id.js';
import type { AccountChangeKind, AccountChangedMessage, KamPubSub } from '../server/pubsub.js';
import { accountEvents } from './account-service.js';

const changeOf: Record<string, AccountChangeKind> = {
  [accountEvents.created]: 'CREATED',
  [accountEvents.updated]: 'UPDATED',
  [accountEvents.archived]: 'ARCHIVED',
  [accountEvents.restored]: 'RESTORED',
};

/** Forwards committed account events to subscription topics. */
export function accountChangesHandler(pubsub: KamPubSub): EventHandlerRegistration {
  return {
    name: 'core.account-changes',
    events: Object.keys(changeOf),
    batchSize: 100,
    handle: async (events) => {
      for (const event of events) {
        if (!event.accountId) continue;
        pubsub.publish('core:accountChanged', {
          accountId: event.accountId,
          change: changeOf[event.name]!,
          cause: event.name,
          occurredAt: event.occurredAt.toISOString(),
        });
      }
    },
  };
}

export function registerAccountSubscriptions(builder: KamSchemaBuilder) {
  const ChangeKind = builder.enumType('AccountChangeKind', { values: ['CREATED', 'UPDATED', 'ARCHIVED', 'RESTORED'] as const });

  const AccountChanged = builder.objectRef<AccountChangedMessage>('AccountChangedEvent').implement({
    fields: (t) => ({
      account: t.prismaField({
        type: 'Account',
        nullable: true,
        resolve: (query, msg, _args, ctx) => ctx.prisma.account.findUnique({ ...query, where: { id: msg.accountId } }),
      }),
      change: t.field({ type: ChangeKind, resolve: (m) => m.change }),
      cause: t.string({ description: 'The domain event that caused the change.', resolve: (m) => m.cause }),
      occurredAt: t.field({ type: 'DateTime', resolve: (m) => new Date(m.occurredAt) }),
    }),
  });

  builder.subscriptionFields((t) => ({
    accountChanged: t.field({
      type: AccountChanged,
      description: 'Account records created or changed; only those of one account when `id` is given.',
      args: { id: t.arg.id() },
      subscribe: (_root, args, ctx) => {
        const accountId = args.id ? decodeGlobalIdOrThrow(args.id).id : null;
        // Authorised per event for its receiver: team membership may change while the subscription lives.
        return pipe(
          ctx.pubsub.subscribe('core:accountChanged'),
          filter(async (m: AccountChangedMessage) =>
            (accountId === null || m.accountId === accountId) && ctx.access.reachesNow('Subscription.accountChanged', m.accountId),
          ),
        );
      },
      resolve: (message) => message,
    }),
  }));
}
