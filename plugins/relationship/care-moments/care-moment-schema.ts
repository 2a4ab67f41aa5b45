/**
 * GraphQL for care moments: the CareMoment node and its CareAction list,
 * `Person.careMoments`, the portfolio's `openCareMoments`, three mutations
 * with typed errors and the `careMomentRecorded` subscription.
 *
 * Care moments are personal data of the dossier's sensitivity: every rule
 * here is `keyPersonPrivate` (top management and the account's relationship
 * owner), and every value read is written to the sensitive-read log before
 * it is returned (`loggedRead`, `recordSensitiveRead`).
 */
import {
  CareActionKind,
  CareMomentKind,
  DataLoader,
  idOf,
  liveSubscription,
  loggedRead,
  recordSensitiveRead,
  relationConnection,
  rootConnection,
  runMutation,
  selectedFieldNames,
  type CareAction as CareActionRow,
  type CareMoment as CareMomentRow,
  type KamSchemaBuilder,
  type OutboxTopicMessage,
  type PluginContext,
  type SchemaContribution,
  type SortKey,
} from 'kam-graphql/plugin';
// Types only: the plugin uses the host's graphql through the builder, never its own copy.
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { RelationshipOptions } from '../options.js';
import { CARE_MOMENT_RECORDED_TOPIC, type CareMomentPayload } from './care-moment-events.js';
import { careDueBy, DAY_MS, isCareOverdue } from './care-moment-model.js';
import { createCareMomentService } from './care-moment-service.js';

/** Newest first: the moment just learned of leads a person's list. */
const NEWEST_FIRST: readonly SortKey[] = [
  { field: 'learnedAt', direction: 'desc' },
  { field: 'id', direction: 'desc' },
];
/** Oldest first: the portfolio list starts with the moment waiting longest. */
const OLDEST_FIRST: readonly SortKey[] = [
  { field: 'learnedAt', direction: 'asc' },
  { field: 'id', direction: 'asc' },
];

const FIRST_ACTIONS = Symbol('first care action of each moment');
const EVENT_MOMENTS = Symbol('care moments of a live event');

/** When each moment was first answered (null: never), one statement per page of moments. */
function firstActionLoader(ctx: PluginContext) {
  return ctx.loaders.get(FIRST_ACTIONS, () =>
    new DataLoader<string, Date | null>(
      async (ids) => {
        const groups = await ctx.prisma.careAction.groupBy({ by: ['momentId'], where: { momentId: { in: [...ids] } }, _min: { at: true } });
        const first = new Map(groups.map((g) => [g.momentId, g._min.at]));
        return ids.map((id) => first.get(id) ?? null);
      },
      // A mutation's payload must see the action it just added.
      { cache: false },
    ),
  );
}

/** The moment a live notice names, loaded once per event for all its subscribers. */
function momentsOfEvent(ctx: PluginContext) {
  return ctx.loaders.get(EVENT_MOMENTS, () =>
    new DataLoader<string, CareMomentRow | null>(async (ids) => {
      const rows = await ctx.prisma.careMoment.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  );
}

/** The fields named `name` in a selection set, through inline fragments and fragment spreads. */
function fieldsNamed(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, name: string, seen = new Set<string>()): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of set?.selections ?? []) {
    if (selection.kind === 'Field') {
      if (selection.name.value === name) found.push(selection);
    } else if (selection.kind === 'InlineFragment') {
      found.push(...fieldsNamed(info, selection.selectionSet, name, seen));
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      found.push(...fieldsNamed(info, info.fragments[selection.name.value]?.selectionSet, name, seen));
    }
  }
  return found;
}

/**
 * What a connection field reads, for the log: the list itself (`prefix`)
 * and the fields selected on its nodes (`<prefix>.kind`...), so a page is
 * one log row and the nodes' own logged reads cost nothing more.
 */
function connectionFieldNames(info: GraphQLResolveInfo, prefix: string): string[] {
  const nodes = info.fieldNodes.flatMap((field) => [
    ...fieldsNamed(info, field.selectionSet, 'edges').flatMap((edges) => fieldsNamed(info, edges.selectionSet, 'node')),
    ...fieldsNamed(info, field.selectionSet, 'nodes'),
  ]);
  return nodes.length === 0 ? [prefix] : [prefix, ...selectedFieldNames({ ...info, fieldNodes: nodes }, prefix)];
}

type ConnectionOptions = { resolve: (parent: { id: string }, args: unknown, ctx: PluginContext, info: GraphQLResolveInfo) => unknown } & Record<string, unknown>;

/**
 * The field builder `relationConnection` is given, adjusted for a guarded
 * list of personal data: the field is nullable (a caller outside the rule
 * gets null and FORBIDDEN for this field only, not a null person), and the
 * read of the list (counts, cursors, the nodes' fields) is logged for the
 * person, in one row, before the page is returned.
 */
function loggedPersonList(t: unknown, prefix: string) {
  const builder = t as { connection(options: ConnectionOptions, connectionOptions?: unknown): unknown };
  return {
    connection: (options: ConnectionOptions, connectionOptions?: unknown) =>
      builder.connection(
        {
          ...options,
          nullable: true,
          resolve: async (parent, args, ctx, info) => {
            // The page is asked for at once, so the pages of all parents join one batch; it is returned only once the log is written.
            const [page] = await Promise.all([options.resolve(parent, args, ctx, info), recordSensitiveRead(ctx, info, parent.id, connectionFieldNames(info, prefix))]);
            return page;
          },
        },
        connectionOptions,
      ),
  };
}

export function registerCareMomentSchema(builder: KamSchemaBuilder, { options, core }: SchemaContribution<RelationshipOptions>) {
  const { careResponseDays } = options;

  const CareMomentKindEnum = builder.enumType(CareMomentKind, {
    name: 'CareMomentKind',
    description: "A special moment in a key person's life that calls for care.",
  });
  const CareActionKindEnum = builder.enumType(CareActionKind, {
    name: 'CareActionKind',
    description: 'How care was shown.',
  });

  const logged = <T>(read: (m: CareMomentRow, ctx: PluginContext) => T) => loggedRead('careMoments', read);

  const CareAction = builder.prismaObject('CareAction', {
    description: 'Care shown at a special moment (relationship plugin). Read through its moment, which logs the read.',
    fields: (t) => ({
      kind: t.expose('kind', { type: CareActionKindEnum }),
      note: t.exposeString('note', { description: 'What was done, in a sentence.' }),
      at: t.expose('at', { type: 'DateTime', description: 'When the care was shown.' }),
      byStaff: t.relation('byStaff', { description: 'Who showed it.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
    }),
  });

  const CareMoment = builder.prismaNode('CareMoment', {
    id: { field: 'id' },
    // An unknown, erased or hidden id resolves to null through node/nodes.
    nullable: true,
    description:
      "A special moment in a key person's life (illness, a death in the family, a setback...) and the care shown (relationship plugin). " +
      "Personal data: readable only by top management and the account's relationship owner; every read is logged (see `sensitiveReads`).",
    fields: (t) => ({
      person: t.relation('person'),
      kind: t.field({ type: CareMomentKindEnum, resolve: logged((m) => m.kind) }),
      learnedAt: t.field({ type: 'DateTime', description: 'When the SME learned of it; the response time runs from here.', resolve: logged((m) => m.learnedAt) }),
      note: t.string({ nullable: true, resolve: logged((m) => m.note) }),
      closedAt: t.field({ type: 'DateTime', nullable: true, description: 'Null while the moment is open.', resolve: logged((m) => m.closedAt) }),
      closingNote: t.string({ nullable: true, resolve: logged((m) => m.closingNote) }),
      actions: t.field({
        type: [CareAction],
        description: 'The care shown, earliest first.',
        select: (_args, _ctx, nested) => ({ actions: { ...nested(true), orderBy: [{ at: 'asc' }, { id: 'asc' }] } }),
        resolve: loggedRead('careMoments', (m: CareMomentRow & { actions: CareActionRow[] }) => m.actions),
      }),
      dueBy: t.field({
        type: 'DateTime',
        description: 'When the first care action is due: the response time (option careResponseDays) after the moment was learned of.',
        resolve: logged((m) => careDueBy(m.learnedAt, careResponseDays)),
      }),
      overdue: t.boolean({
        description: 'Open, no care action shown yet, and past its due time (option careResponseDays after learnedAt).',
        resolve: async (m, _args, ctx, info) => {
          // Asked for before awaiting the log, so every moment of the page joins one batch.
          const firstAction = m.closedAt ? null : firstActionLoader(ctx).load(m.id);
          await recordSensitiveRead(ctx, info, m.personId, ['careMoments.overdue']);
          if (!firstAction) return false;
          return isCareOverdue({ learnedAt: m.learnedAt, closedAt: m.closedAt, firstActionAt: await firstAction }, ctx.now(), careResponseDays);
        },
      }),
    }),
  });

  const CareMomentFilter = builder.inputType('CareMomentFilter', {
    fields: (t) => ({
      open: t.boolean({ description: 'true: only open moments; false: only closed ones; all when omitted.' }),
    }),
  });

  builder.objectField(core.Person, 'careMoments', (t) =>
    relationConnection(loggedPersonList(t, 'careMoments'), {
      type: CareMoment,
      model: 'CareMoment',
      foreignKey: 'personId',
      totalCount: true,
      description: "Special moments in the person's life and the care shown, newest first. Restricted and logged; null outside the rule.",
      args: { filter: t.arg({ type: CareMomentFilter }) },
      order: () => NEWEST_FIRST,
      where: (args) => (args.filter?.open === true ? { closedAt: null } : args.filter?.open === false ? { closedAt: { not: null } } : {}),
    }),
  );

  builder.queryFields((t) => ({
    openCareMoments: rootConnection(t, {
      type: CareMoment,
      model: 'CareMoment',
      description:
        "Open care moments of active accounts whose key persons the viewer cares for (top management: all; others: accounts whose relationship they own), oldest first. Logged.",
      totalCount: true,
      args: { overdueOnly: t.arg.boolean({ description: 'Only moments without any care action past their due time.' }) },
      scopedBy: 'Query.openCareMoments',
      order: () => OLDEST_FIRST,
      where: (args, ctx) => ({
        closedAt: null,
        person: { account: { AND: [{ status: 'ACTIVE' as const }, ctx.access.accountWhere('Query.openCareMoments') ?? {}] } },
        ...(args.overdueOnly ? { actions: { none: {} }, learnedAt: { lt: new Date(ctx.now().getTime() - careResponseDays * DAY_MS) } } : {}),
      }),
    }),
  }));

  const CareMomentPayloadType = core.errors.payload('CareMomentPayload', 'careMoment', CareMoment);

  const RecordCareMomentInput = builder.inputType('RecordCareMomentInput', {
    fields: (t) => ({
      personId: t.id({ required: true }),
      kind: t.field({ type: CareMomentKindEnum, required: true }),
      learnedAt: t.field({ type: 'DateTime', required: true, description: 'When the SME learned of it; not in the future.' }),
      note: t.string({ description: 'Up to 2000 characters.' }),
    }),
  });
  const AddCareActionInput = builder.inputType('AddCareActionInput', {
    fields: (t) => ({
      momentId: t.id({ required: true }),
      kind: t.field({ type: CareActionKindEnum, required: true }),
      note: t.string({ required: true, description: 'What was done, in a sentence (not empty, up to 2000 characters).' }),
      byStaffId: t.id({ description: 'Who showed the care: a current staff member; the caller when omitted.' }),
      at: t.field({ type: 'DateTime', description: 'When; now when omitted, never in the future nor before the moment was learned of.' }),
    }),
  });

  // The request's transaction and clock, and the operation's reach: a person or moment outside it is "not found".
  const service = (ctx: PluginContext, coordinate: string) =>
    createCareMomentService({
      prisma: ctx.prisma,
      transaction: ctx.transaction,
      now: ctx.now,
      staffId: ctx.viewer.kind === 'staff' ? ctx.viewer.staffId : null,
      reaches: (accountId) => ctx.access.canReach(coordinate, accountId),
    });

  builder.mutationFields((t) => ({
    recordCareMoment: t.field({
      type: CareMomentPayloadType,
      description: "Records a special moment in a key person's life; the account's relationship owner is told live.",
      args: { input: t.arg({ type: RecordCareMomentInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('careMoment', async () => {
          const personId = idOf(input.personId, 'Person', ['input', 'personId']);
          return service(ctx, 'Mutation.recordCareMoment').record({ ...input, personId });
        }),
    }),
    addCareAction: t.field({
      type: CareMomentPayloadType,
      description: 'Records care shown at an open moment (a visit, a call, flowers...).',
      args: { input: t.arg({ type: AddCareActionInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('careMoment', async () => {
          const momentId = idOf(input.momentId, 'CareMoment', ['input', 'momentId']);
          const byStaffId = input.byStaffId ? idOf(input.byStaffId, 'Staff', ['input', 'byStaffId']) : null;
          return service(ctx, 'Mutation.addCareAction').addAction({ ...input, momentId, byStaffId });
        }),
    }),
    closeCareMoment: t.field({
      type: CareMomentPayloadType,
      description: 'Closes an open care moment; it takes no more care actions.',
      args: { id: t.arg.id({ required: true }), closingNote: t.arg.string({ description: 'How it ended, up to 2000 characters.' }) },
      resolve: (_root, { id, closingNote }, ctx) =>
        runMutation('careMoment', async () => service(ctx, 'Mutation.closeCareMoment').close({ id: idOf(id, 'CareMoment', ['id']), closingNote })),
    }),
  }));

  const CareMomentNotice = builder.objectRef<OutboxTopicMessage>('CareMomentNotice').implement({
    description: 'A care moment just recorded (relationship plugin).',
    fields: (t) => ({
      id: t.id({ description: 'The event id: pass it back as `after` to resume from here.', resolve: (m) => String(m.seq) }),
      careMoment: t.field({
        type: CareMoment,
        nullable: true,
        description: "Null when it no longer exists (the person's data was erased).",
        resolve: (m, _args, ctx) => momentsOfEvent(ctx).load((m.payload as CareMomentPayload).careMomentId),
      }),
      occurredAt: t.field({ type: 'DateTime', resolve: (m) => new Date(m.occurredAt) }),
    }),
  });

  builder.subscriptionFields((t) => ({
    careMomentRecorded: liveSubscription(t, {
      type: CareMomentNotice,
      topic: CARE_MOMENT_RECORDED_TOPIC,
      description: "Care moments as they are recorded, of the accounts whose key persons one cares for (top management: all; others: accounts whose relationship they own).",
    }),
  }));

  return { CareMoment, CareAction, CareMomentKindEnum, CareActionKindEnum };
}
