/**
 * What the GraphQL side of a live topic shares: reading the resume point a
 * client passes back, handing an event's shared loaders to its fields, and
 * the event's account loaded once per event for every subscriber.
 */
import type { FieldRef, InputFieldMap, InputShapeFromFields } from '@pothos/core';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput } from '../errors/bad-input.js';
import type { Account } from '../generated/prisma-sqlite/client.js';
import type { GraphQLContext } from '../schema/context.js';
import type { LiveEvent } from './live-relay.js';
import type { LiveMessage } from './live-topic.js';
import type { OutboxTopicMessage } from './outbox-topics.js';
import type { KamTypes } from '../schema/builder.js';

/** The `after` argument of a subscription: the id of the last event the client received. */
export function resumePoint(after: string | null | undefined): number | undefined {
  if (after == null) return undefined;
  if (!/^\d{1,15}$/.test(after)) throw badUserInput('after must be the id of an event this subscription delivered');
  return Number(after);
}

/** The subscription field's resolve: the event's fields load through loaders shared by all its subscribers. */
export function liveMessage<M extends LiveMessage>(event: LiveEvent<M>, ctx: GraphQLContext): M {
  ctx.loaders = event.loaders;
  return event.message;
}

/** The account an event is about, with the fields a subscriber selected; one query per event and selection. */
export function liveAccount(ctx: GraphQLContext, query: object, accountId: string): Promise<Account | null> {
  return ctx.loaders
    .get(`live account ${JSON.stringify(query)}`, () => {
      return new DataLoader<string, Account | null>(
        async (ids) => {
          const rows = await ctx.prisma.account.findMany({ ...query, where: { id: { in: [...ids] } } });
          const byId = new Map(rows.map((row) => [row.id, row]));
          return ids.map((id) => byId.get(id) ?? null);
        },
        { cache: false },
      );
    })
    .load(accountId);
}

/**
 * A subscription field on a live topic (a plugin's `<plugin>:<topic>`, kept in
 * the outbox): every message is judged for each receiver by the field's own
 * access rule over the message's account, in memory, then by `accept`; the
 * field takes `after` to resume. The field resolves to the message
 * (`payload`, `accountId`, `seq`, `cause`, `occurredAt`).
 */
export function liveSubscription<Args extends InputFieldMap = InputFieldMap>(
  t: unknown,
  options: {
    type: unknown;
    topic: string;
    description?: string;
    args?: Args;
    /** Whether this receiver wants the message, beyond the access rule (its own filters). */
    accept?: (message: OutboxTopicMessage, args: InputShapeFromFields<Args>, ctx: GraphQLContext) => boolean;
  },
): FieldRef<KamTypes, unknown> {
  const builder = t as { field(options: object): unknown; arg: { id(options: object): unknown } };
  return builder.field({
    type: options.type,
    description: options.description,
    args: { ...options.args, after: builder.arg.id({ description: 'Resume after this event id: the messages stored since then come first, in order.' }) },
    subscribe: (_root: unknown, args: InputShapeFromFields<Args> & { after?: string | null }, ctx: GraphQLContext, info: GraphQLResolveInfo) => {
      const coordinate = `${info.parentType.name}.${info.fieldName}`;
      return ctx.live.subscribe<OutboxTopicMessage>(
        options.topic,
        {
          staffId: ctx.access.staffId,
          accept: (event) => ctx.access.judgeLive(coordinate, event) && (options.accept?.(event.message, args, ctx) ?? true),
        },
        resumePoint(args.after),
      );
    },
    resolve: (event: LiveEvent<OutboxTopicMessage>, _args: unknown, ctx: GraphQLContext) => liveMessage(event, ctx),
  }) as FieldRef<KamTypes, unknown>;
}
