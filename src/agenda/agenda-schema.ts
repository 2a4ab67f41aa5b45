/**
 * The agenda on the API: `myAgenda` merges what the plugins have due for the
 * viewer, and `agendaChanged` tells a client when it may have changed (an
 * event a plugin's agenda depends on, on an account whose team they are on).
 */
import { badUserInput } from '../errors/bad-input.js';
import { liveAccount, liveMessage, resumePoint } from '../live/live-fields.js';
import type { OutboxTopicMessage } from '../live/outbox-topics.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import { arrayConnection } from '../schema/connections/connection-fields.js';
import type { SortKey } from '../schema/connections/keyset.js';
import type { CoreSchemaRefs } from '../schema/core-schema-refs.js';
import { encodeGlobalId } from '../schema/global-id.js';
import { coreOf } from '../server/core-request.js';
import type { MergedAgendaItem } from './agenda-service.js';
import { AGENDA_CHANGED_TOPIC } from './agenda-topic.js';

const DAY_MS = 86_400_000;
/** The default window: the coming two weeks (and everything already overdue). */
const DEFAULT_DAYS = 14;
const MAX_WINDOW_DAYS = 366;
const SOONEST_FIRST: readonly SortKey[] = [
  { field: 'dueAt', direction: 'asc' },
  { field: 'plugin', direction: 'asc' },
  { field: 'key', direction: 'asc' },
];

export function registerAgendaSchema(builder: KamSchemaBuilder, core: CoreSchemaRefs) {
  const AgendaItem = builder.objectRef<MergedAgendaItem>('AgendaItem').implement({
    description: 'One thing to do, contributed by a plugin: a visit due, an anniversary coming, an invoice to collect...',
    fields: (t) => ({
      id: t.id({ description: 'Stable for the same occurrence.', resolve: (i) => encodeGlobalId('AgendaItem', `${i.plugin}:${i.key}`) }),
      kind: t.exposeString('kind', { description: 'What sort of item, e.g. `payment-discipline.collect-invoice`.' }),
      plugin: t.exposeString('plugin', { description: 'The plugin that put it on the agenda.' }),
      title: t.exposeString('title'),
      action: t.exposeString('action', { description: 'What to do, in a sentence.' }),
      responsibility: t.field({ type: core.ResponsibilityEnum, resolve: (i) => i.responsibility }),
      dueAt: t.field({ type: 'DateTime', resolve: (i) => i.dueAt }),
      overdueDays: t.int({ description: 'Whole days past due; 0 when not overdue.', resolve: (i, _args, ctx) => Math.max(0, Math.floor((ctx.now().getTime() - i.dueAt.getTime()) / DAY_MS)) }),
      account: t.prismaField({ type: 'Account', nullable: true, resolve: (query, i, _args, ctx) => liveAccount(ctx, query, i.accountId) }),
    }),
  });

  builder.queryFields((t) => ({
    myAgenda: t.connection(
      {
        type: AgendaItem,
        description:
          'What is due for you, soonest first, merged from every plugin by the division of labour: items addressed to you, and those of your responsibility on the accounts whose team you are on. Everything overdue, and what falls due from `from` (default now) until `to` (default in 14 days).',
        args: { from: t.arg({ type: 'DateTime' }), to: t.arg({ type: 'DateTime' }) },
        resolve: async (_root, args, ctx) => {
          const from = args.from ?? ctx.now();
          const to = args.to ?? new Date(from.getTime() + DEFAULT_DAYS * DAY_MS);
          if (to <= from) throw badUserInput('to must be after from');
          if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) throw badUserInput(`the window may span at most ${MAX_WINDOW_DAYS} days`);
          const staffId = ctx.access.staffId;
          const items = staffId ? await coreOf(ctx).agenda.itemsFor(staffId, { from, to }) : [];
          // Every item is on an account whose team the viewer is on: readable, no lookup needed.
          ctx.access.markReached('Query.account', items.map((i) => i.accountId));
          return arrayConnection(items as never, args, SOONEST_FIRST, 'Query.myAgenda|soonest', ctx.cursors) as never;
        },
      },
      { fields: (t) => ({ totalCount: t.int({ resolve: (c) => (c as unknown as { totalCount(): Promise<number> }).totalCount() }) }) },
    ),
  }));

  const AgendaChange = builder.objectRef<OutboxTopicMessage>('AgendaChange').implement({
    description: 'Your agenda may have changed: something happened on an account whose team you are on. Read `myAgenda` again.',
    fields: (t) => ({
      id: t.id({ description: 'The event id: pass it back as `after` to resume from here.', resolve: (m) => String(m.seq) }),
      cause: t.string({ description: 'The event that changed it.', resolve: (m) => m.cause }),
      account: t.prismaField({ type: 'Account', nullable: true, resolve: (query, m, _args, ctx) => (m.accountId ? liveAccount(ctx, query, m.accountId) : null) }),
      occurredAt: t.field({ type: 'DateTime', resolve: (m) => new Date(m.occurredAt) }),
    }),
  });

  builder.subscriptionFields((t) => ({
    agendaChanged: t.field({
      type: AgendaChange,
      description: 'Tells you when your agenda may have changed, so a client re-reads `myAgenda` only then.',
      args: { after: t.arg.id({ description: 'Resume after this event id.' }) },
      subscribe: (_root, args, ctx) =>
        ctx.live.subscribe<OutboxTopicMessage>(
          AGENDA_CHANGED_TOPIC,
          {
            staffId: ctx.access.staffId,
            // Theirs when they are on the account's team; judgeLive keeps the viewer current (gone: nothing more).
            accept: (event) =>
              ctx.access.judgeLive('Subscription.agendaChanged', event) && event.account!.team.some((m) => m.staffId === ctx.access.staffId),
          },
          resumePoint(args.after),
        ),
      resolve: (event, _args, ctx) => liveMessage(event, ctx),
    }),
  }));

}
