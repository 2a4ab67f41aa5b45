/**
 * The relationship demo: reads the demo portfolio, builds six months of
 * key-person maintenance (demo-relationship.ts) and writes it in one
 * transaction, without events (the host rescores every account after
 * seeding). A database that already has visits is left alone.
 */
import type { SeedContext } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { buildDemoRelationship } from './demo-relationship.js';

export async function seedRelationshipDemo(ctx: SeedContext<RelationshipOptions>): Promise<void> {
  const prisma = ctx.prisma;
  if ((await prisma.visit.count()) > 0) {
    ctx.log('demo relationship: the database already has visits, leaving them alone');
    return;
  }
  const [accounts, team, staff, people, anniversaries] = await Promise.all([
    prisma.account.findMany({ where: { status: 'ACTIVE' }, orderBy: { id: 'asc' }, select: { id: true, tier: true, createdAt: true } }),
    prisma.accountTeamMember.findMany({
      where: { account: { status: 'ACTIVE' } },
      orderBy: [{ accountId: 'asc' }, { isLiaison: 'desc' }, { id: 'asc' }],
      select: { accountId: true, staffId: true, responsibility: true, staff: { select: { level: true } } },
    }),
    prisma.staff.findMany({ where: { leftAt: null }, orderBy: { id: 'asc' }, select: { id: true, level: true, hireDate: true } }),
    prisma.person.findMany({ where: { account: { status: 'ACTIVE' }, erasedAt: null }, orderBy: { id: 'asc' }, select: { id: true, accountId: true, decisionRole: true, isKeyPerson: true } }),
    prisma.personAnniversary.findMany({ orderBy: { id: 'asc' }, select: { id: true, personId: true, date: true } }),
  ]);
  const rows = buildDemoRelationship(
    { accounts, team: team.map((m) => ({ accountId: m.accountId, staffId: m.staffId, responsibility: m.responsibility, level: m.staff.level })), staff, people, anniversaries },
    ctx.seed,
    ctx.now(),
  );
  await ctx.transaction(async (tx) => {
    await tx.visit.createMany({ data: rows.visits });
    await tx.visitStaff.createMany({ data: rows.visitStaff });
    await tx.visitPerson.createMany({ data: rows.visitPeople });
    await tx.careMoment.createMany({ data: rows.careMoments });
    await tx.careAction.createMany({ data: rows.careActions });
    await tx.anniversaryOccurrence.createMany({ data: rows.occurrences });
    await tx.manAssessment.createMany({ data: rows.assessments });
    await tx.manAuthority.createMany({ data: rows.authorities });
    await tx.personStanding.createMany({ data: rows.standings });
  });
  const count = (status: string) => rows.visits.filter((v) => v.status === status).length;
  const open = rows.careMoments.filter((m) => m.closedAt === null).length;
  const missed = rows.occurrences.filter((o) => o.honour === null || o.honour === 'NONE').length;
  ctx.log(
    `demo relationship: ${count('DONE')} visits made, ${count('PLANNED')} planned, ${count('MISSED')} missed; ` +
      `${rows.careMoments.length} care moments (${open} open); ${rows.occurrences.length} anniversaries (${missed} missed); ` +
      `${rows.assessments.length} MAN assessments`,
  );
}
