/**
 * GraphQL for visits: the Visit node, `Account.visits` and
 * `Account.visitCadence`, the portfolio's `visitCompliance`, top
 * management's `visitLoad`, four mutations with typed errors, and the live
 * `visitMissed` feed.
 *
 * Resolvers stay thin: decode IDs, check reach (a person or staff member one
 * cannot see is "not found"), call the service with the request's
 * transaction and clock, map domain errors with runMutation.
 */
import {
  DataLoader,
  idOf,
  liveSubscription,
  relationConnection,
  runMutation,
  ValidationError,
  VisitKind,
  VisitStatus,
  type KamSchemaBuilder,
  type OutboxTopicMessage,
  type PluginContext,
  type SchemaContribution,
  type SortKey,
  type Visit,
} from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { loadCadences, type AccountCadence } from './visit-cadence-loader.js';
import { VISIT_MISSED_TOPIC, type VisitMissedPayload } from './visit-events.js';
import { DAY_MS, policyFor, qualifiesForCadence } from './visit-rules.js';
import { createVisitService } from './visit-service.js';

const NEWEST_FIRST: readonly SortKey[] = [
  { field: 'at', direction: 'desc' },
  { field: 'id', direction: 'desc' },
];

const CADENCES = Symbol('visit cadences');
const EVENT_VISITS = Symbol('visits of a live event');
/** visitCompliance lists at most this many accounts: an SME's key accounts are a few dozen. */
const MAX_COMPLIANCE_ACCOUNTS = 2000;

interface VisitCompliance {
  accountCount: number;
  overdueCount: number;
  accounts: AccountCadence[];
}

interface StaffVisitLoad {
  staffId: string;
  done: number;
  planned: number;
  missed: number;
  accountsVisited: number;
  lastVisitAt: Date | null;
}

export function registerVisitSchema(builder: KamSchemaBuilder, { options, core }: SchemaContribution<RelationshipOptions>) {
  const cadenceLoader = (ctx: PluginContext) =>
    ctx.loaders.get(CADENCES, () => new DataLoader<string, AccountCadence | null>(async (ids) => {
      const cadences = await loadCadences(ctx.prisma, ids, ctx.now(), options);
      return ids.map((id) => cadences.get(id) ?? null);
    }, { maxBatchSize: 500 }));

  const VisitKindEnum = builder.enumType(VisitKind, { name: 'VisitKind', description: 'How the contact was made.' });
  const VisitStatusEnum = builder.enumType(VisitStatus, {
    name: 'VisitStatus',
    description: 'PLANNED until it happened (DONE) or did not (MISSED).',
  });

  const VisitStaffMember = builder.prismaObject('VisitStaff', {
    description: 'A staff member who went, with their level at the visit (a later promotion does not change it).',
    fields: (t) => ({
      staff: t.relation('staff'),
      levelAtVisit: t.expose('levelAtVisit', { type: core.StaffLevelEnum }),
    }),
  });
  const VisitPersonMet = builder.prismaObject('VisitPerson', {
    description: 'A person of the account who was met, with their decision role at the visit.',
    fields: (t) => ({
      person: t.relation('person'),
      roleAtVisit: t.expose('roleAtVisit', { type: core.DecisionRoleEnum }),
    }),
  });

  const Visit = builder.prismaNode('Visit', {
    id: { field: 'id' },
    nullable: true,
    description: 'A visit or contact of the SME’s staff with people of an account, done, planned or missed (relationship plugin).',
    fields: (t) => ({
      status: t.expose('status', { type: VisitStatusEnum }),
      kind: t.expose('kind', { type: VisitKindEnum }),
      at: t.expose('at', { type: 'DateTime', description: 'When it happened (DONE) or is planned for (PLANNED, MISSED).' }),
      purpose: t.exposeString('purpose', { nullable: true }),
      outcome: t.exposeString('outcome', { nullable: true }),
      nextSteps: t.exposeString('nextSteps', { nullable: true, description: 'The next steps agreed at the visit.' }),
      nextPlannedAt: t.expose('nextPlannedAt', { type: 'DateTime', nullable: true, description: 'The next visit the two sides agreed on, if any.' }),
      account: t.relation('account'),
      staff: t.relation('staff', { description: 'Who went (at least one).', query: { orderBy: { staffId: 'asc' } } }),
      people: t.relation('people', { description: 'Whom they met (at least one).', query: { orderBy: { personId: 'asc' } } }),
      qualifiesForCadence: t.boolean({
        description: 'Whether this visit counts for the account’s visit cadence (options cadence.key / cadence.general).',
        // Planned into the visit's own query (or its page's) by plugin-prisma, with the staff and people selected alongside.
        select: { account: { select: { tier: true } }, staff: { select: { levelAtVisit: true } }, people: { select: { roleAtVisit: true } } },
        resolve: (visit) => {
          const policy = policyFor(visit.account.tier, options);
          return policy ? qualifiesForCadence(visit, policy) : false;
        },
      }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
    }),
  });

  const VisitFilter = builder.inputType('VisitFilter', {
    fields: (t) => ({
      statuses: t.field({ type: [VisitStatusEnum], description: 'Any of these statuses; all when omitted.' }),
      kinds: t.field({ type: [VisitKindEnum], description: 'Any of these kinds; all when omitted.' }),
      from: t.field({ type: 'DateTime', description: 'At or after this instant.' }),
      to: t.field({ type: 'DateTime', description: 'Before this instant.' }),
      staffId: t.id({ description: 'Only visits this staff member went on.' }),
    }),
  });

  builder.objectField(core.Account, 'visits', (t) =>
    relationConnection(t, {
      type: Visit,
      model: 'Visit',
      foreignKey: 'accountId',
      totalCount: true,
      description: 'Visits and contacts with this account’s people, newest first (relationship plugin).',
      args: { filter: t.arg({ type: VisitFilter }) },
      order: () => NEWEST_FIRST,
      where: (args) => {
        const f = args.filter;
        if (f?.from && f?.to && f.from >= f.to) throw new ValidationError([{ path: ['filter', 'to'], message: 'must be after from' }]);
        return {
          AND: [
            f?.statuses?.length ? { status: { in: [...f.statuses] } } : {},
            f?.kinds?.length ? { kind: { in: [...f.kinds] } } : {},
            f?.from ? { at: { gte: f.from } } : {},
            f?.to ? { at: { lt: f.to } } : {},
            f?.staffId ? { staff: { some: { staffId: idOf(f.staffId, 'Staff', ['filter', 'staffId']) } } } : {},
          ],
        };
      },
    }),
  );

  const CadencePolicyRef = builder.objectRef<AccountCadence['policy']>('VisitCadencePolicy').implement({
    description: 'The cadence an account’s tier follows: a qualifying visit within every period.',
    fields: (t) => ({
      periodDays: t.exposeInt('periodDays'),
      staffLevels: t.field({ type: [core.StaffLevelEnum], description: 'Visits by staff of these levels (at the visit) count.', resolve: (p) => p.staffLevels }),
      decisionRoles: t.field({ type: [core.DecisionRoleEnum], description: 'Visits meeting people of these decision roles count.', resolve: (p) => p.decisionRoles }),
    }),
  });

  const VisitCadence = builder.objectRef<AccountCadence>('VisitCadence').implement({
    description: 'Where an account stands against its visit cadence (relationship plugin).',
    fields: (t) => ({
      account: t.field({ type: core.Account, resolve: (c, _args, ctx) => ctx.prisma.account.findUniqueOrThrow({ where: { id: c.accountId } }) }),
      policy: t.field({ type: CadencePolicyRef, resolve: (c) => c.policy }),
      lastQualifyingVisit: t.field({ type: Visit, nullable: true, resolve: (c) => c.lastQualifyingVisit }),
      daysSinceLastQualifyingVisit: t.int({ nullable: true, description: 'Null when there was none in the last year.', resolve: (c) => c.daysSince }),
      dueBy: t.field({ type: 'DateTime', description: 'The last qualifying visit plus the period; now when there was none.', resolve: (c) => c.dueBy }),
      overdue: t.exposeBoolean('overdue'),
      daysOverdue: t.exposeInt('daysOverdue', { description: 'Days past dueBy; 0 when not overdue.' }),
      nextPlannedVisit: t.field({ type: Visit, nullable: true, description: 'The soonest planned visit from today on.', resolve: (c) => c.nextPlannedVisit }),
    }),
  });

  builder.objectField(core.Account, 'visitCadence', (t) =>
    t.field({
      type: VisitCadence,
      nullable: true,
      description: 'The account against its tier’s visit cadence; null when its tier has none or it is archived (relationship plugin).',
      resolve: (account, _args, ctx) => cadenceLoader(ctx).load(account.id),
    }),
  );

  const VisitComplianceRef = builder.objectRef<VisitCompliance>('VisitCompliance').implement({
    description: 'The portfolio against the visit cadence: accounts that have one, most overdue first.',
    fields: (t) => ({
      accountCount: t.exposeInt('accountCount', { description: 'Active accounts in reach whose tier has a cadence.' }),
      overdueCount: t.exposeInt('overdueCount'),
      accounts: t.field({ type: [VisitCadence], resolve: (c) => c.accounts }),
    }),
  });

  const StaffVisitLoadRef = builder.objectRef<StaffVisitLoad>('StaffVisitLoad').implement({
    description: 'How many visits a staff member made, has planned and missed in a window.',
    fields: (t) => ({
      staff: t.field({ type: core.Staff, resolve: (l, _args, ctx) => ctx.prisma.staff.findUniqueOrThrow({ where: { id: l.staffId } }) }),
      done: t.exposeInt('done'),
      planned: t.exposeInt('planned'),
      missed: t.exposeInt('missed'),
      accountsVisited: t.exposeInt('accountsVisited', { description: 'Distinct accounts of the DONE visits.' }),
      lastVisitAt: t.field({ type: 'DateTime', nullable: true, resolve: (l) => l.lastVisitAt }),
    }),
  });

  builder.queryFields((t) => ({
    visitCompliance: t.field({
      type: VisitComplianceRef,
      description: 'Active accounts one may read whose tier has a visit cadence, overdue first (most days since the last qualifying visit first).',
      args: { overdueOnly: t.arg.boolean({ description: 'Only accounts whose cadence is overdue.' }) },
      resolve: async (_root, { overdueOnly }, ctx) => {
        const tiers = (['KEY', 'GENERAL'] as const).filter((tier) => policyFor(tier, options));
        const accounts = await ctx.prisma.account.findMany({
          where: { AND: [{ status: 'ACTIVE', tier: { in: [...tiers] } }, ctx.access.accountWhere('Query.visitCompliance') ?? {}] },
          select: { id: true },
          orderBy: { id: 'asc' },
          take: MAX_COMPLIANCE_ACCOUNTS,
        });
        const cadences = await loadCadences(ctx.prisma, accounts.map((a) => a.id), ctx.now(), options);
        const all = [...cadences.values()];
        const rank = (c: AccountCadence) => (c.daysSince === null ? Number.MAX_SAFE_INTEGER : c.daysSince);
        all.sort((a, b) => Number(b.overdue) - Number(a.overdue) || rank(b) - rank(a) || a.accountId.localeCompare(b.accountId));
        const overdueCount = all.filter((c) => c.overdue).length;
        return { accountCount: all.length, overdueCount, accounts: overdueOnly ? all.filter((c) => c.overdue) : all };
      },
    }),
    visitLoad: t.field({
      type: [StaffVisitLoadRef],
      description: 'Visits per staff member of a level (top management by default) in a window (default the last 30 days to the next 30): done, planned, missed.',
      args: {
        level: t.arg({ type: core.StaffLevelEnum, description: 'Default TOP.' }),
        from: t.arg({ type: 'DateTime' }),
        to: t.arg({ type: 'DateTime' }),
      },
      resolve: async (_root, args, ctx) => {
        const now = ctx.now();
        const from = args.from ?? new Date(now.getTime() - 30 * DAY_MS);
        const to = args.to ?? new Date(now.getTime() + 30 * DAY_MS);
        if (from >= to) throw new ValidationError([{ path: ['to'], message: 'must be after from' }]);
        if (to.getTime() - from.getTime() > 400 * DAY_MS) throw new ValidationError([{ path: ['to'], message: 'the window is at most 400 days' }]);
        const level = args.level ?? 'TOP';
        const staff = await ctx.prisma.staff.findMany({ where: { level, OR: [{ leftAt: null }, { leftAt: { gt: from } }] }, select: { id: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
        const links = await ctx.prisma.visitStaff.findMany({
          where: { staffId: { in: staff.map((s) => s.id) }, visit: { at: { gte: from, lt: to }, account: ctx.access.accountWhere('Query.visitLoad') ?? {} } },
          select: { staffId: true, visit: { select: { status: true, at: true, accountId: true } } },
        });
        const load = new Map(staff.map((s) => [s.id, { staffId: s.id, done: 0, planned: 0, missed: 0, accountsVisited: 0, lastVisitAt: null as Date | null, accounts: new Set<string>() }]));
        for (const { staffId, visit } of links) {
          const l = load.get(staffId)!;
          if (visit.status === 'DONE') {
            l.done += 1;
            l.accounts.add(visit.accountId);
            if (visit.at <= now && (!l.lastVisitAt || visit.at > l.lastVisitAt)) l.lastVisitAt = visit.at;
          } else if (visit.status === 'PLANNED') l.planned += 1;
          else l.missed += 1;
        }
        return [...load.values()].map(({ accounts, ...l }) => ({ ...l, accountsVisited: accounts.size }));
      },
    }),
  }));

  const VisitPayload = core.errors.payload('VisitPayload', 'visit', Visit);

  const visitInputFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) => ({
    accountId: t.id({ required: true }),
    kind: t.field({ type: VisitKindEnum, required: true }),
    at: t.field({ type: 'DateTime', required: true }),
    staffIds: t.idList({ required: true, description: 'Who goes or went: staff members still with the SME (at least one).' }),
    personIds: t.idList({ required: true, description: 'Whom they meet or met: people of this account (at least one).' }),
    purpose: t.string(),
  });
  const RecordVisitInput = builder.inputType('RecordVisitInput', {
    fields: (t) => ({
      ...visitInputFields(t),
      outcome: t.string(),
      nextSteps: t.string({ description: 'The next steps agreed.' }),
      nextPlannedAt: t.field({ type: 'DateTime', description: 'The next visit agreed on, after this one.' }),
    }),
  });
  const PlanVisitInput = builder.inputType('PlanVisitInput', { fields: (t) => visitInputFields(t) });
  const CompleteVisitInput = builder.inputType('CompleteVisitInput', {
    fields: (t) => ({
      at: t.field({ type: 'DateTime', description: 'When it happened; default its planned date. Not in the future.' }),
      outcome: t.string(),
      nextSteps: t.string(),
      nextPlannedAt: t.field({ type: 'DateTime' }),
    }),
  });

  const service = (ctx: PluginContext) => createVisitService({ transaction: ctx.transaction, now: ctx.now, recordedById: ctx.viewer.kind === 'staff' ? ctx.viewer.staffId : null });

  /** Decodes and checks the people and staff an input names: one the caller cannot see is "not found". */
  async function references(ctx: PluginContext, input: { staffIds: readonly (string | number)[]; personIds: readonly (string | number)[] }) {
    const staffIds = input.staffIds.map((id, i) => idOf(String(id), 'Staff', ['input', 'staffIds', String(i)]));
    const personIds = input.personIds.map((id, i) => idOf(String(id), 'Person', ['input', 'personIds', String(i)]));
    for (const [i, id] of staffIds.entries()) await ctx.access.reference('Staff', id, ['input', 'staffIds', String(i)]);
    for (const [i, id] of personIds.entries()) await ctx.access.reference('Person', id, ['input', 'personIds', String(i)]);
    return { staffIds, personIds };
  }

  const authorizeVisit = async (ctx: PluginContext, coordinate: string, id: string) => {
    await ctx.access.authorizeRecord(coordinate, 'Visit', id, ['id']);
    return id;
  };

  builder.mutationFields((t) => ({
    recordVisit: t.field({
      type: VisitPayload,
      description: 'Records a visit or contact that happened: who went, whom they met, when, what came of it.',
      args: { input: t.arg({ type: RecordVisitInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('visit', async () => {
          const accountId = idOf(input.accountId, 'Account', ['input', 'accountId']);
          await ctx.access.authorizeAccount('Mutation.recordVisit', accountId, ['input', 'accountId']);
          return service(ctx).record({ ...input, accountId, ...(await references(ctx, input)) });
        }),
    }),
    planVisit: t.field({
      type: VisitPayload,
      description: 'Plans a visit: it is PLANNED until recorded done (completeVisit) or missed.',
      args: { input: t.arg({ type: PlanVisitInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('visit', async () => {
          const accountId = idOf(input.accountId, 'Account', ['input', 'accountId']);
          await ctx.access.authorizeAccount('Mutation.planVisit', accountId, ['input', 'accountId']);
          return service(ctx).plan({ ...input, accountId, ...(await references(ctx, input)) });
        }),
    }),
    completeVisit: t.field({
      type: VisitPayload,
      description: 'A planned visit happened: it becomes DONE (not before its date has come).',
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: CompleteVisitInput }) },
      resolve: (_root, { id, input }, ctx) =>
        runMutation('visit', async () => service(ctx).complete(await authorizeVisit(ctx, 'Mutation.completeVisit', idOf(id, 'Visit', ['id'])), input ?? {})),
    }),
    markVisitMissed: t.field({
      type: VisitPayload,
      description: 'A planned visit did not happen (the daily scan also marks those past their date).',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx) => runMutation('visit', async () => service(ctx).markMissed(await authorizeVisit(ctx, 'Mutation.markVisitMissed', idOf(id, 'Visit', ['id'])))),
    }),
  }));

  const visitOfEvent = (ctx: PluginContext) =>
    ctx.loaders.get(EVENT_VISITS, () => new DataLoader<string, Visit | null>(async (ids) => {
      const rows = await ctx.prisma.visit.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }));

  const VisitMissedNotice = builder.objectRef<OutboxTopicMessage>('VisitMissedNotice').implement({
    description: 'A planned visit that did not happen (relationship plugin).',
    fields: (t) => ({
      id: t.id({ description: 'The event id: pass it back as `after` to resume from here.', resolve: (m) => String(m.seq) }),
      visit: t.field({ type: Visit, nullable: true, resolve: (m, _args, ctx) => visitOfEvent(ctx).load((m.payload as VisitMissedPayload).visitId) }),
      account: t.field({ type: core.Account, nullable: true, resolve: (m, _args, ctx) => (m.accountId ? ctx.prisma.account.findUnique({ where: { id: m.accountId } }) : null) }),
      plannedFor: t.field({ type: 'DateTime', resolve: (m) => new Date((m.payload as VisitMissedPayload).at) }),
      reason: t.string({ description: '`manual` (marked missed) or `past-due` (the daily scan).', resolve: (m) => (m.payload as VisitMissedPayload).reason }),
      occurredAt: t.field({ type: 'DateTime', resolve: (m) => new Date(m.occurredAt) }),
    }),
  });

  builder.subscriptionFields((t) => ({
    visitMissed: liveSubscription(t, {
      type: VisitMissedNotice,
      topic: VISIT_MISSED_TOPIC,
      description: 'Planned visits of the accounts one may read that did not happen, as they are marked missed.',
    }),
  }));

  return { Visit, VisitKindEnum, VisitStatusEnum, VisitStaffMember, VisitPersonMet };
}
