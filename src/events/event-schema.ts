/**
 * The operator's view of event delivery: what is pending or parked, why, and
 * a way to re-queue a parked delivery once its cause is fixed.
 */
import { DeliveryStatus } from '../generated/prisma-sqlite/enums.js';
import type { Prisma } from '../generated/prisma-sqlite/client.js';
import type { GraphQLContext } from '../schema/context.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import { encodeGlobalId, idOf } from '../schema/global-id.js';
import { runMutation, type MutationErrorRefs, type UserErrorShape } from '../schema/mutation-errors.js';
import { retryParkedDelivery } from './event-deliveries.js';
import { coreOf, type CoreRequest } from '../server/core-request.js';
import { rootConnection } from '../schema/connections/connection-fields.js';

/** Delivers the re-queued event now rather than at the next poll (contexts built without core's part only wait for it). */
function kickDispatcher(ctx: GraphQLContext): void {
  (coreOf(ctx) as CoreRequest | undefined)?.dispatcher.kick();
}

/**
 * `errors` are the refs from registerMutationErrors; without them the payload
 * refers to the `UserError` interface by name, which must be registered on the
 * same builder.
 */
export function registerEventSchema(builder: KamSchemaBuilder, errors?: MutationErrorRefs) {
  const DeliveryStatusEnum = builder.enumType(DeliveryStatus, {
    name: 'DeliveryStatus',
    description: "Where one handler stands with one event.",
  });

  const eventColumns = { select: { name: true, accountId: true, payload: true, occurredAt: true } } as const;

  const EventDelivery = builder.prismaNode('EventDelivery', {
    id: { field: 'id' },
    nullable: true,
    description: "One handler's progress on one domain event: retried with backoff, then parked for an operator.",
    fields: (t) => ({
      handler: t.exposeString('handler'),
      status: t.expose('status', { type: DeliveryStatusEnum }),
      attempts: t.exposeInt('attempts', { description: 'Calls made to the handler since the delivery was (re)queued.' }),
      lastError: t.exposeString('lastError', { nullable: true, description: 'Message of the latest failure (truncated).' }),
      nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true, description: 'When a PENDING delivery is retried.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
      eventSequence: t.exposeInt('eventId', { description: 'Position of the event in the outbox: handlers receive events in this order per account.' }),
      eventName: t.string({ select: { event: eventColumns }, resolve: (d) => d.event.name }),
      accountId: t.id({
        nullable: true,
        description: 'Global ID of the account the event belongs to.',
        select: { event: eventColumns },
        resolve: (d) => (d.event.accountId === null ? null : encodeGlobalId('Account', d.event.accountId)),
      }),
      payload: t.string({ description: 'The event payload as a JSON string.', select: { event: eventColumns }, resolve: (d) => d.event.payload }),
      occurredAt: t.field({ type: 'DateTime', select: { event: eventColumns }, resolve: (d) => d.event.occurredAt }),
    }),
  });

  builder.queryFields((t) => ({
    eventDeliveries: rootConnection(t, {
      type: EventDelivery,
      model: 'EventDelivery',
      description: 'Deliveries of domain events to handlers, in outbox order; filter by status to see what is parked.',
      args: {
        status: t.arg({ type: DeliveryStatusEnum }),
        handler: t.arg.string(),
      },
      totalCount: true,
      order: () => [{ field: 'id', direction: 'asc' }],
      where: (args) => deliveryWhere(args),
    }),
  }));

  const RetryPayload = errors
    ? errors.payload('RetryEventDeliveryPayload', 'delivery', EventDelivery)
    : builder.objectRef<{ delivery: unknown; errors: UserErrorShape[] }>('RetryEventDeliveryPayload').implement({
        fields: (t) => ({
          delivery: t.field({ type: EventDelivery, nullable: true, resolve: (p) => p.delivery as never }),
          // Same shape as MutationErrorRefs.payload; Pothos resolves a type name to the registered ref.
          errors: t.field({ type: ['UserError'] as never, resolve: (p) => p.errors as never }),
        }),
      });

  builder.mutationFields((t) => ({
    retryEventDelivery: t.field({
      type: RetryPayload,
      description: 'Re-queues a PARKED delivery (attempts reset); its handler gets the event on the next dispatch pass.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx) =>
        runMutation('delivery', async () => {
          const delivery = await retryParkedDelivery(ctx.prisma, idOf(id, 'EventDelivery', ['id']));
          kickDispatcher(ctx);
          return delivery;
        }),
    }),
  }));

  return { EventDelivery, DeliveryStatusEnum };
}

function deliveryWhere(args: { status?: DeliveryStatus | null; handler?: string | null }): Prisma.EventDeliveryWhereInput {
  return {
    ...(args.status != null && { status: args.status }),
    ...(args.handler != null && { handler: args.handler }),
  };
}
