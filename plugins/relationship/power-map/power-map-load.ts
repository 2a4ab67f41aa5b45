/**
 * Loads the power maps of a batch of accounts with seven flat statements,
 * run together, whatever the batch holds (people, assessments, visits):
 * filtered through their parent, never nested includes, so the count never
 * grows with rows. Usable outside GraphQL (the demo, a report).
 */
import { DataLoader, type PluginContext, type PrismaClient, type Staff } from 'kam-graphql/plugin';
import { buildRelationshipMaps, type RelationshipMap } from './power-map-model.js';

export async function loadRelationshipMaps(prisma: PrismaClient, accountIds: readonly string[], now: Date): Promise<Map<string, RelationshipMap>> {
  const ids = [...accountIds];
  if (ids.length === 0) return new Map();
  const topVisit = { accountId: { in: ids }, status: 'DONE' as const, at: { lte: now }, staff: { some: { levelAtVisit: 'TOP' as const } } };
  const [people, standings, assessments, authorities, topVisits, topVisitPeople, topVisitStaff] = await Promise.all([
    prisma.person.findMany({ where: { accountId: { in: ids }, erasedAt: null }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    prisma.personStanding.findMany({ where: { person: { accountId: { in: ids } } }, select: { personId: true, influence: true, strength: true } }),
    prisma.manAssessment.findMany({ where: { accountId: { in: ids } }, select: { id: true, accountId: true }, orderBy: [{ assessedAt: 'desc' }, { id: 'desc' }] }),
    prisma.manAuthority.findMany({ where: { assessment: { accountId: { in: ids } } }, select: { assessmentId: true, personId: true, directTopRelationship: true } }),
    prisma.visit.findMany({ where: topVisit, select: { id: true, at: true } }),
    prisma.visitPerson.findMany({ where: { visit: topVisit }, select: { visitId: true, personId: true } }),
    prisma.visitStaff.findMany({ where: { levelAtVisit: 'TOP', visit: topVisit }, select: { visitId: true, staffId: true } }),
  ]);
  return buildRelationshipMaps(ids, { people, standings, assessments, authorities, topVisits, topVisitPeople, topVisitStaff });
}

const MAPS = Symbol('relationship: power maps by account');
const STAFF = Symbol('relationship: staff on power maps');

/** The request's loader: every account of a page in one batch. */
export function relationshipMaps(ctx: Pick<PluginContext, 'loaders' | 'prisma' | 'now'>): DataLoader<string, RelationshipMap> {
  return ctx.loaders.get(MAPS, () =>
    new DataLoader<string, RelationshipMap>(async (accountIds) => {
      const maps = await loadRelationshipMaps(ctx.prisma, accountIds, ctx.now());
      return accountIds.map((id) => maps.get(id)!);
    }, { maxBatchSize: 500 }),
  );
}

export function powerMapStaff(ctx: Pick<PluginContext, 'loaders' | 'prisma'>): DataLoader<string, Staff | null> {
  return ctx.loaders.get(STAFF, () =>
    new DataLoader<string, Staff | null>(async (ids) => {
      const rows = await ctx.prisma.staff.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { maxBatchSize: 500 }),
  );
}
