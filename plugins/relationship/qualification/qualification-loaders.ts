/**
 * The request's loaders for MAN assessments: the current assessment of each
 * account, the authorities of each assessment, and the people and staff they
 * name. Each is one flat statement per batch, whatever the page size. The
 * power map reads the current assessment's authorities through them too.
 */
import { DataLoader, type ManAssessment, type Person, type PluginContext, type Staff } from 'kam-graphql/plugin';

export interface ManAuthorityRow {
  assessmentId: string;
  personId: string;
  directTopRelationship: boolean;
}

const CURRENT = Symbol('relationship: current MAN assessment by account');
const AUTHORITIES = Symbol('relationship: MAN authorities by assessment');
const PEOPLE = Symbol('relationship: people named by MAN assessments');
const STAFF = Symbol('relationship: assessors');

const BATCH = { maxBatchSize: 500 };

/** The newest assessment of each account (by assessedAt, then id), or null. */
export function currentAssessments(ctx: Pick<PluginContext, 'loaders' | 'prisma'>): DataLoader<string, ManAssessment | null> {
  return ctx.loaders.get(CURRENT, () =>
    new DataLoader<string, ManAssessment | null>(async (accountIds) => {
      const rows = await ctx.prisma.manAssessment.findMany({
        where: { accountId: { in: [...accountIds] } },
        orderBy: [{ assessedAt: 'desc' }, { id: 'desc' }],
      });
      const current = new Map<string, ManAssessment>();
      for (const row of rows) if (!current.has(row.accountId)) current.set(row.accountId, row);
      return accountIds.map((id) => current.get(id) ?? null);
    }, BATCH),
  );
}

/** The people each assessment names as holding decision authority, in the order they were named. */
export function assessmentAuthorities(ctx: Pick<PluginContext, 'loaders' | 'prisma'>): DataLoader<string, ManAuthorityRow[]> {
  return ctx.loaders.get(AUTHORITIES, () =>
    new DataLoader<string, ManAuthorityRow[]>(async (assessmentIds) => {
      const rows = await ctx.prisma.manAuthority.findMany({
        where: { assessmentId: { in: [...assessmentIds] } },
        select: { assessmentId: true, personId: true, directTopRelationship: true },
      });
      const byAssessment = new Map<string, ManAuthorityRow[]>(assessmentIds.map((id) => [id, []]));
      for (const row of rows) byAssessment.get(row.assessmentId)?.push(row);
      return assessmentIds.map((id) => byAssessment.get(id)!);
    }, BATCH),
  );
}

export function qualificationPeople(ctx: Pick<PluginContext, 'loaders' | 'prisma'>): DataLoader<string, Person | null> {
  return ctx.loaders.get(PEOPLE, () =>
    new DataLoader<string, Person | null>(async (ids) => {
      const rows = await ctx.prisma.person.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }, BATCH),
  );
}

export function qualificationStaff(ctx: Pick<PluginContext, 'loaders' | 'prisma'>): DataLoader<string, Staff | null> {
  return ctx.loaders.get(STAFF, () =>
    new DataLoader<string, Staff | null>(async (ids) => {
      const rows = await ctx.prisma.staff.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }, BATCH),
  );
}
