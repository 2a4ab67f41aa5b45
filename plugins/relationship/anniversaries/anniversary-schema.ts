/**
 * GraphQL for anniversary reminders: the key persons' anniversaries coming
 * within the lead time (per the viewer's reach), and how each occurrence was
 * honoured. Anniversaries are dossier data: top management and the account's
 * relationship owner only, and every read of one is logged.
 */
import {
  AnniversaryHonour,
  idOf,
  loggedRead,
  runMutation,
  ValidationError,
  type AnniversaryOccurrence as OccurrenceRow,
  type KamSchemaBuilder,
  type PluginContext,
  type SchemaContribution,
} from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { dueOccurrences } from './anniversary-reminders.js';
import { createHonourService } from './honour-service.js';
import { daysUntil } from './occurrence-dates.js';

/** An occurrence coming up, stored or not yet. */
interface Upcoming {
  anniversaryId: string;
  personId: string;
  accountId: string;
  occursOn: Date;
  daysAhead: number;
  stored: OccurrenceRow | null;
}

export function registerAnniversarySchema(builder: KamSchemaBuilder, { options, core }: SchemaContribution<RelationshipOptions>) {
  const HonourEnum = builder.enumType(AnniversaryHonour, {
    name: 'AnniversaryHonour',
    description: 'How the SME marked an anniversary; NONE counts as missed.',
  });

  const AnniversaryOccurrence = builder.prismaObject('AnniversaryOccurrence', {
    description: 'One yearly occurrence of a key person’s anniversary, and how it was honoured (relationship plugin).',
    fields: (t) => ({
      occursOn: t.field({ type: 'DateTime', description: 'Midnight UTC of the day.', resolve: loggedRead('anniversaries', (o: OccurrenceRow) => o.occursOn) }),
      honour: t.field({ type: HonourEnum, nullable: true, description: 'Null while not recorded (a past one then counts as missed).', resolve: (o) => o.honour }),
      honouredAt: t.expose('honouredAt', { type: 'DateTime', nullable: true }),
      note: t.string({ nullable: true, resolve: loggedRead('anniversaries', (o: OccurrenceRow) => o.note) }),
      announced: t.boolean({ description: 'Whether the reminder job announced it.', resolve: (o) => o.announcedAt !== null }),
      anniversary: t.relation('anniversary'),
    }),
  });

  const UpcomingAnniversary = builder.objectRef<Upcoming>('UpcomingAnniversary').implement({
    description: 'A key person’s anniversary coming within the lead time (option anniversaryLeadDays).',
    fields: (t) => ({
      anniversary: t.field({
        type: 'PersonAnniversary' as never,
        resolve: (u: Upcoming, _args: unknown, ctx: PluginContext) => ctx.prisma.personAnniversary.findUniqueOrThrow({ where: { id: u.anniversaryId } }) as never,
      }),
      person: t.field({ type: core.Person, resolve: (u, _args, ctx) => ctx.prisma.person.findUniqueOrThrow({ where: { id: u.personId } }) }),
      occursOn: t.field({ type: 'DateTime', resolve: loggedRead('anniversaries', (u: Upcoming) => u.occursOn) }),
      daysAhead: t.exposeInt('daysAhead', { description: '0 on the day itself.' }),
      occurrence: t.field({ type: AnniversaryOccurrence, nullable: true, description: 'The stored occurrence, once announced or honoured.', resolve: (u) => u.stored }),
    }),
  });

  builder.queryFields((t) => ({
    upcomingAnniversaries: t.field({
      type: [UpcomingAnniversary],
      description: 'Anniversaries of key persons of the accounts one keeps the relationship with, coming within `days` (default option anniversaryLeadDays), soonest first.',
      args: { days: t.arg.int({ description: '1 to 90.' }) },
      resolve: async (_root, { days }, ctx) => {
        const lead = days ?? options.anniversaryLeadDays;
        if (!Number.isInteger(lead) || lead < 1 || lead > 90) throw new ValidationError([{ path: ['days'], message: 'must be from 1 to 90' }]);
        const reach = ctx.access.accountWhere('Query.upcomingAnniversaries');
        const accounts = reach ? (await ctx.prisma.account.findMany({ where: reach, select: { id: true } })).map((a) => a.id) : undefined;
        const now = ctx.now();
        const due = await dueOccurrences(ctx.prisma, now, lead, accounts);
        if (due.length === 0) return [];
        const stored = await ctx.prisma.anniversaryOccurrence.findMany({ where: { anniversaryId: { in: [...new Set(due.map((d) => d.anniversaryId))] }, occursOn: { gte: due.reduce((min, d) => (d.occursOn < min ? d.occursOn : min), due[0]!.occursOn) } } });
        const byKey = new Map(stored.map((o) => [`${o.anniversaryId}|${o.occursOn.toISOString()}`, o]));
        return due
          .map((d) => ({ ...d, daysAhead: daysUntil(d.occursOn, now), stored: byKey.get(`${d.anniversaryId}|${d.occursOn.toISOString()}`) ?? null }))
          .sort((a, b) => a.occursOn.getTime() - b.occursOn.getTime() || a.anniversaryId.localeCompare(b.anniversaryId));
      },
    }),
  }));

  const OccurrencePayload = core.errors.payload('HonourAnniversaryPayload', 'occurrence', AnniversaryOccurrence);

  const HonourAnniversaryInput = builder.inputType('HonourAnniversaryInput', {
    fields: (t) => ({
      anniversaryId: t.id({ required: true }),
      occursOn: t.field({ type: 'DateTime', description: 'The day of the occurrence; default the one coming within the lead time, else the latest passed.' }),
      honour: t.field({ type: HonourEnum, required: true }),
      note: t.string({ description: 'What was sent or said.' }),
    }),
  });

  builder.mutationFields((t) => ({
    honourAnniversary: t.field({
      type: OccurrencePayload,
      description: 'Records how an anniversary was honoured (again, to correct it).',
      args: { input: t.arg({ type: HonourAnniversaryInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('occurrence', async () => {
          const anniversaryId = idOf(input.anniversaryId, 'PersonAnniversary', ['input', 'anniversaryId']);
          await ctx.access.authorizeRecord('Mutation.honourAnniversary', 'PersonAnniversary', anniversaryId, ['input', 'anniversaryId']);
          const service = createHonourService({
            transaction: ctx.transaction,
            now: ctx.now,
            leadDays: options.anniversaryLeadDays,
            honouredById: ctx.viewer.kind === 'staff' ? ctx.viewer.staffId : null,
          });
          return service.honour({ ...input, anniversaryId });
        }),
    }),
  }));

  return { AnniversaryOccurrence, UpcomingAnniversary, HonourEnum };
}
