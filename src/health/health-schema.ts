/**
 * Health on the GraphQL API: Account.health and its history, the portfolio
 * view, next best actions and live health changes.
 */
import { badUserInput } from '../errors/bad-input.js';
import { accountWhere, checkedAccountFilter, matchesAccountFilter } from '../accounts/account-filter.js';
import { liveAccount, liveMessage, resumePoint } from '../live/live-fields.js';
import { HealthLevel } from '../generated/prisma-sqlite/enums.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import type { GraphQLContext } from '../schema/context.js';
import type { CoreSchemaRefs } from '../schema/core-schema-refs.js';
import { decodeGlobalIdOrThrow } from '../schema/global-id.js';
import { relationConnection } from '../schema/connections/connection-fields.js';
import type { SortKey } from '../schema/connections/keyset.js';

const NEWEST_FIRST: readonly SortKey[] = [
  { field: 'computedAt', direction: 'desc' },
  { field: 'id', direction: 'desc' },
];
import { createHealthLoader, type HealthLoader } from './health-loader.js';
import {
  HEALTH_CHANGED_TOPIC,
  type HealthChangedMessage,
  type HealthSnapshotMessage,
  type StoredHealth,
  type StoredStave,
} from './health-types.js';
import type { StaveFactor } from './stave.js';

const HEALTH_LOADER = Symbol('stored health');

/** The request's loader of stored health. */
export function healthLoaderOf(ctx: GraphQLContext): HealthLoader {
  return ctx.loaders.get(HEALTH_LOADER, () => createHealthLoader(ctx.prisma));
}

const MAX_ACTIONS = 50;


function accountIdOf(globalId: string): string {
  const decoded = decodeGlobalIdOrThrow(globalId);
  if (decoded.typename !== 'Account') throw badUserInput(`accountId must be the ID of an Account, not a ${decoded.typename}`);
  return decoded.id;
}

export interface NextBestAction {
  stave: StoredStave;
  factor: StaveFactor;
  value: number;
}

/**
 * The shortest staves' factors that have an action, most valuable first:
 * value = weight × (100 − score), ties to the lower score. Factors already
 * at 100 (value 0) are left out: acting on them cannot raise the score.
 */
export function nextBestActions(health: StoredHealth | null, first: number): NextBestAction[] {
  if (!health) return [];
  const shortest = new Set(health.shortestStaves);
  const actions: NextBestAction[] = [];
  for (const stave of health.staves) {
    if (!shortest.has(stave.id)) continue;
    for (const factor of stave.factors) {
      const value = factor.weight * (100 - factor.score);
      if (factor.suggestedAction && value > 0) actions.push({ stave, factor, value });
    }
  }
  // Array.prototype.sort is stable: equal items keep stave then factor order.
  actions.sort((a, b) => b.value - a.value || a.factor.score - b.factor.score);
  return actions.slice(0, first);
}

interface PortfolioHealth {
  total: number;
  computed: number;
  byLevel: { level: HealthLevel; count: number }[];
  byShortestStave: { stave: string; count: number }[];
}

export function registerHealthSchema(builder: KamSchemaBuilder, core: CoreSchemaRefs) {
  const HealthLevelEnum = builder.enumType(HealthLevel, {
    name: 'HealthLevel',
    description: 'HEALTHY at or above the healthy threshold (default 70), AT_RISK at or above the at-risk threshold (default 40), else CRITICAL.',
  });

  const HealthFactor = builder.objectRef<StaveFactor>('HealthFactor').implement({
    description: 'One named factor of a stave, with why it scored so and what to do.',
    fields: (t) => ({
      key: t.exposeString('key'),
      label: t.exposeString('label'),
      score: t.exposeFloat('score', { description: '0 (worst) to 100 (best).' }),
      weight: t.exposeFloat('weight', { description: 'Relative importance within the stave.' }),
      reason: t.exposeString('reason'),
      suggestedAction: t.exposeString('suggestedAction', { nullable: true, description: 'null when nothing needs doing.' }),
    }),
  });

  const StaveScore = builder.objectRef<StoredStave>('StaveScore').implement({
    description: 'One stave (dimension) of an account health: relationship, sales, service or a partner stave.',
    fields: (t) => ({
      id: t.exposeString('id', { description: 'Upper-case stave id, e.g. SALES.' }),
      label: t.exposeString('label'),
      plugin: t.exposeString('plugin', { description: 'The plugin that contributes the stave.' }),
      score: t.exposeInt('score', { description: '0-100; 100 when the stave has nothing to say about the account.' }),
      factors: t.field({ type: [HealthFactor], resolve: (s) => s.factors }),
    }),
  });

  const AccountHealth = builder.objectRef<StoredHealth>('AccountHealth').implement({
    description: 'Health by the short-board law: the score is the minimum over the staves, and the shortest staves are named.',
    fields: (t) => ({
      score: t.exposeInt('score', { description: 'The minimum of the stave scores (100 when no stave is enabled).' }),
      level: t.field({ type: HealthLevelEnum, resolve: (h) => h.level }),
      shortestStaves: t.field({
        type: [StaveScore],
        description: 'The staves at the minimum: fix these first. All of them on a tie; empty when no stave is enabled.',
        resolve: (h) => h.staves.filter((s) => h.shortestStaves.includes(s.id)),
      }),
      staves: t.field({ type: [StaveScore], description: 'Every stave enabled at computation time.', resolve: (h) => h.staves }),
      computedAt: t.field({
        type: 'DateTime',
        description: 'When the health was last computed; the latest change is the newest healthHistory entry.',
        resolve: (h) => h.computedAt,
      }),
      cause: t.exposeString('cause', { description: 'What caused the latest change: an event name, or health.periodic.' }),
    }),
  });

  const HealthChange = builder.prismaObject('AccountHealthChange', {
    name: 'AccountHealthChange',
    description: 'One change of an account health (recomputations that change nothing leave no entry).',
    fields: (t) => ({
      score: t.exposeInt('score'),
      level: t.field({ type: HealthLevelEnum, resolve: (c) => c.level }),
      previousScore: t.exposeInt('previousScore', { nullable: true, description: 'null on the first computation.' }),
      previousLevel: t.field({ type: HealthLevelEnum, nullable: true, resolve: (c) => c.previousLevel }),
      shortestStaves: t.field({ type: ['String'], description: 'Ids of the shortest staves.', resolve: (c) => JSON.parse(c.shortestStaves) as string[] }),
      staves: t.field({ type: [StaveScore], description: 'Every stave as it was at the change.', resolve: (c) => JSON.parse(c.staves) as StoredStave[] }),
      cause: t.exposeString('cause', { description: 'An event name, or health.periodic.' }),
      causeEventId: t.exposeInt('causeEventId', { nullable: true, description: 'The outbox event that caused the change.' }),
      computedAt: t.field({ type: 'DateTime', resolve: (c) => c.computedAt }),
    }),
  });

  builder.objectField(core.Account, 'health', (t) =>
    t.field({
      type: AccountHealth,
      nullable: true,
      description: 'null until the health engine first scores the account.',
      resolve: (account, _args, ctx) => healthLoaderOf(ctx).load(account.id),
    }),
  );

  builder.objectField(core.Account, 'healthHistory', (t) =>
    relationConnection(t, {
      type: HealthChange,
      model: 'AccountHealthChange',
      foreignKey: 'accountId',
      totalCount: true,
      description: 'Changes of health, newest first; `from` inclusive, `to` exclusive.',
      args: {
        from: t.arg({ type: 'DateTime' }),
        to: t.arg({ type: 'DateTime' }),
      },
      order: () => NEWEST_FIRST,
      where: (args) => ({ computedAt: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } }),
    }),
  );

  const LevelCount = builder.objectRef<{ level: HealthLevel; count: number }>('HealthLevelCount').implement({
    fields: (t) => ({ level: t.field({ type: HealthLevelEnum, resolve: (c) => c.level }), count: t.exposeInt('count') }),
  });
  const StaveCount = builder.objectRef<{ stave: string; count: number }>('ShortestStaveCount').implement({
    fields: (t) => ({ stave: t.exposeString('stave', { description: 'Stave id.' }), count: t.exposeInt('count') }),
  });
  const Portfolio = builder.objectRef<PortfolioHealth>('PortfolioHealth').implement({
    fields: (t) => ({
      total: t.exposeInt('total', { description: 'Accounts matching the filter.' }),
      notComputed: t.int({ description: 'Matching accounts not scored yet.', resolve: (p) => p.total - p.computed }),
      byLevel: t.field({ type: [LevelCount], description: 'Every level, zeros included.', resolve: (p) => p.byLevel }),
      byShortestStave: t.field({
        type: [StaveCount],
        description: 'Accounts by shortest stave, most first. An account with tied shortest staves counts once for each, so the counts may add up to more than the scored accounts.',
        resolve: (p) => p.byShortestStave,
      }),
    }),
  });

  const NextBestActionRef = builder.objectRef<NextBestAction>('NextBestAction').implement({
    fields: (t) => ({
      staveId: t.string({ resolve: (a) => a.stave.id }),
      staveLabel: t.string({ resolve: (a) => a.stave.label }),
      factorKey: t.string({ resolve: (a) => a.factor.key }),
      factorLabel: t.string({ resolve: (a) => a.factor.label }),
      action: t.string({ resolve: (a) => a.factor.suggestedAction ?? '' }),
      reason: t.string({ resolve: (a) => a.factor.reason }),
      score: t.float({ description: 'The factor score.', resolve: (a) => a.factor.score }),
      value: t.float({ description: 'weight × (100 − score): how much fixing it lifts the stave.', resolve: (a) => a.value }),
    }),
  });

  builder.queryFields((t) => ({
    portfolioHealth: t.field({
      type: Portfolio,
      description: 'Health counts over the accounts matching `filter` (same filters as `accounts`).',
      args: { filter: t.arg({ type: core.AccountFilter }) },
      resolve: async (_root, args, ctx) => {
        const where = ctx.access.scopeAccounts('Query.portfolioHealth', accountWhere(checkedAccountFilter(args.filter)));
        // Two statements whatever the portfolio size: a count and one groupBy.
        const [total, groups] = await Promise.all([
          ctx.prisma.account.count({ where }),
          ctx.prisma.accountHealth.groupBy({ by: ['level', 'shortestStaves'], where: { account: where }, _count: { _all: true } }),
        ]);
        const byLevel = new Map<HealthLevel, number>(Object.values(HealthLevel).map((l) => [l, 0]));
        const byStave = new Map<string, number>();
        let computed = 0;
        for (const g of groups) {
          const count = g._count._all;
          computed += count;
          byLevel.set(g.level, (byLevel.get(g.level) ?? 0) + count);
          for (const stave of JSON.parse(g.shortestStaves) as string[]) byStave.set(stave, (byStave.get(stave) ?? 0) + count);
        }
        return {
          total,
          computed,
          byLevel: [...byLevel].map(([level, count]) => ({ level, count })),
          byShortestStave: [...byStave]
            .map(([stave, count]) => ({ stave, count }))
            .sort((a, b) => b.count - a.count || a.stave.localeCompare(b.stave)),
        };
      },
    }),
    nextBestActions: t.field({
      type: [NextBestActionRef],
      description:
        'What to do first for an account: the suggested actions of its shortest staves, most valuable first (value = weight × (100 − score), ties to the lower score). Empty until the account is scored.',
      args: {
        accountId: t.arg.id({ required: true }),
        first: t.arg.int({ defaultValue: 5 }),
      },
      resolve: async (_root, args, ctx) => {
        const first = args.first ?? 5;
        if (first < 0 || first > MAX_ACTIONS) throw badUserInput(`first must be between 0 and ${MAX_ACTIONS}`);
        const accountId = accountIdOf(args.accountId);
        // An account the viewer may not read has no actions, exactly like an unknown one.
        if (!(await ctx.access.canReach('Query.nextBestActions', accountId))) return [];
        return nextBestActions(await healthLoaderOf(ctx).load(accountId), first);
      },
    }),
  }));

  const HealthSnapshot = builder.objectRef<HealthSnapshotMessage>('HealthSnapshot').implement({
    fields: (t) => ({
      score: t.exposeInt('score'),
      level: t.field({ type: HealthLevelEnum, resolve: (s) => s.level }),
      shortestStaves: t.field({ type: ['String'], description: 'Ids of the shortest staves.', resolve: (s) => s.shortestStaves }),
      computedAt: t.field({ type: 'DateTime', resolve: (s) => new Date(s.computedAt) }),
    }),
  });
  const HealthCause = builder.objectRef<HealthChangedMessage['cause']>('HealthCause').implement({
    fields: (t) => ({
      name: t.exposeString('name', { description: 'An event name, or health.periodic.' }),
      eventId: t.int({ nullable: true, description: 'The outbox event id, when an event caused it.', resolve: (c) => c.eventId ?? null }),
    }),
  });
  const HealthChanged = builder.objectRef<HealthChangedMessage>('HealthChangedEvent').implement({
    fields: (t) => ({
      id: t.id({ description: 'The event id: pass it back as `after` to resume from here.', resolve: (m) => String(m.seq) }),
      account: t.prismaField({
        type: 'Account',
        nullable: true,
        resolve: (query, m, _args, ctx) => liveAccount(ctx, query, m.accountId),
      }),
      previous: t.field({ type: HealthSnapshot, nullable: true, description: 'null on the first computation.', resolve: (m) => m.previous }),
      current: t.field({ type: HealthSnapshot, resolve: (m) => m.current }),
      levelChanged: t.boolean({
        description: 'The score crossed a threshold (or this is the first computation).',
        resolve: (m) => levelChanged(m),
      }),
      cause: t.field({ type: HealthCause, resolve: (m) => m.cause }),
    }),
  });

  builder.subscriptionFields((t) => ({
    accountHealthChanged: t.field({
      type: HealthChanged,
      description: 'Each change of one account health.',
      args: { accountId: t.arg.id({ required: true }), after: t.arg.id({ description: 'Resume after this event id: the changes stored since then come first, in order.' }) },
      subscribe: (_root, args, ctx) => {
        const accountId = accountIdOf(args.accountId);
        // Judged per event for its receiver, in memory: team membership may change while the subscription lives.
        return ctx.live.subscribe<HealthChangedMessage>(
          HEALTH_CHANGED_TOPIC,
          { staffId: ctx.access.staffId, accept: (event) => event.message.accountId === accountId && ctx.access.judgeLive('Subscription.accountHealthChanged', event) },
          resumePoint(args.after),
        );
      },
      resolve: (event, _args, ctx) => liveMessage(event, ctx),
    }),
    portfolioHealthChanged: t.field({
      type: HealthChanged,
      description: 'Health changes of the accounts matching `filter` (same filters as `accounts`); only threshold crossings with levelChangesOnly.',
      args: {
        filter: t.arg({ type: core.AccountFilter }),
        levelChangesOnly: t.arg.boolean({ defaultValue: false }),
        after: t.arg.id({ description: 'Resume after this event id: the changes stored since then come first, in order.' }),
      },
      subscribe: (_root, args, ctx) => {
        const filter = checkedAccountFilter(args.filter);
        const levelsOnly = args.levelChangesOnly ?? false;
        return ctx.live.subscribe<HealthChangedMessage>(
          HEALTH_CHANGED_TOPIC,
          {
            staffId: ctx.access.staffId,
            // The event's account and team, judged in memory: no query per subscriber.
            accept: (event) =>
              (!levelsOnly || levelChanged(event.message)) &&
              event.account !== null &&
              matchesAccountFilter(event.account, filter) &&
              ctx.access.judgeLive('Subscription.portfolioHealthChanged', event),
          },
          resumePoint(args.after),
        );
      },
      resolve: (event, _args, ctx) => liveMessage(event, ctx),
    }),
  }));

  return { AccountHealth, StaveScore, HealthFactor, HealthLevelEnum, HealthChange };
}

function levelChanged(m: HealthChangedMessage): boolean {
  return m.previous === null || m.previous.level !== m.current.level;
}

