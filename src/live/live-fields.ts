/**
 * What the GraphQL side of a live topic shares: reading the resume point a
 * client passes back, handing an event's shared loaders to its fields, and
 * the event's account loaded once per event for every subscriber.
 */
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { Account } from '../generated/prisma-sqlite/client.js';
import type { GraphQLContext } from '../schema/context.js';
import type { LiveEvent } from './live-relay.js';
import type { LiveMessage } from './live-topic.js';

/** The `after` argument of a subscription: the id of the last event the client received. */
export function resumePoint(after: string | null | undefined): number | undefined {
  if (after == null) return undefined;
  if (!/^\d{1,15}$/.test(after)) throw new GraphQLError('after must be the id of an event this subscription delivered', { extensions: { code: 'BAD_USER_INPUT' } });
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
