/**
 * Everything the RELATIONSHIP stave needs of a batch of accounts, loaded with
 * one query per source (accounts and owners, people and dossiers, visits,
 * care moments, anniversary occurrences, MAN assessments) and grouped by
 * account in memory: the statement count depends on the batch, never on how
 * many accounts, people or visits it holds.
 */
import type { AccountTier, DecisionRole, ManRating, PrismaClient, StaffLevel, VisitStatus } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { DAY_MS } from './wording.js';

export interface StaveAccount {
  id: string;
  name: string;
  tier: AccountTier;
  /** The account's RELATIONSHIP owners (current, not departed), by name. */
  owners: { staffId: string; name: string }[];
}

export interface StavePerson {
  id: string;
  accountId: string;
  name: string;
  title: string | null;
  decisionRole: DecisionRole;
  isKeyPerson: boolean;
  /** The dossier fields that are filled, of DOSSIER_FIELDS; null without a dossier. */
  dossierFilled: number | null;
}

export interface StaveVisit {
  accountId: string;
  status: VisitStatus;
  at: Date;
  staff: { staffId: string; name: string; levelAtVisit: StaffLevel }[];
  people: { personId: string; roleAtVisit: DecisionRole }[];
}

export interface StaveCareMoment {
  accountId: string;
  personId: string;
  kind: string;
  learnedAt: Date;
  firstActionAt: Date | null;
}

export interface StaveOccurrence {
  accountId: string;
  personId: string;
  label: string;
  occursOn: Date;
  honour: string | null;
}

export interface StaveAssessment {
  accountId: string;
  money: ManRating;
  authority: ManRating;
  need: ManRating;
  assessedAt: Date;
  assessedBy: string;
  authorities: { personId: string; directTopRelationship: boolean }[];
}

export interface AccountRelationshipFacts {
  account: StaveAccount;
  people: StavePerson[];
  /** DONE visits of the last year and PLANNED ones, newest first. */
  visits: StaveVisit[];
  openCareMoments: StaveCareMoment[];
  /** Occurrences of the last year and of the lead time ahead, soonest first. */
  occurrences: StaveOccurrence[];
  /** The current assessment (the newest), if any. */
  assessment: StaveAssessment | null;
}

/** The dossier fields whose filling counts towards completeness. */
export const DOSSIER_FIELDS = ['gender', 'birthDate', 'familyMembers', 'expertise', 'hobbies', 'personalDevelopment', 'personality'] as const;

/** How far back visits count: the longest period an option allows. */
export const VISIT_HISTORY_DAYS = 366;

export async function loadStaveBatch(
  prisma: PrismaClient,
  accountIds: readonly string[],
  now: Date,
  options: RelationshipOptions,
): Promise<Map<string, AccountRelationshipFacts>> {
  const ids = [...accountIds];
  const visitsSince = new Date(now.getTime() - VISIT_HISTORY_DAYS * DAY_MS);
  const yearAgo = new Date(now.getTime() - 365 * DAY_MS);
  const leadEnd = new Date(now.getTime() + options.anniversaryLeadDays * DAY_MS);

  // Flat queries filtered through their parent (never nested includes): a nested include sends the
  // parents' ids back as an IN list, which SQLite splits every 999 values, so statements would grow with rows.
  const visitWhere = { accountId: { in: ids }, OR: [{ status: 'DONE' as const, at: { gte: visitsSince, lte: now } }, { status: 'PLANNED' as const, at: { gte: visitsSince } }] };
  const [accounts, owners, people, dossiers, visits, visitStaff, visitPeople, moments, firstActions, occurrences, anniversaries, assessments, authorities, staffNames] = await Promise.all([
    prisma.account.findMany({ where: { id: { in: ids }, status: 'ACTIVE' }, select: { id: true, name: true, tier: true } }),
    prisma.accountTeamMember.findMany({
      where: { accountId: { in: ids }, responsibility: 'RELATIONSHIP', staff: { OR: [{ leftAt: null }, { leftAt: { gt: now } }] } },
      select: { accountId: true, staffId: true },
      orderBy: [{ isLiaison: 'desc' }, { assignedAt: 'asc' }, { id: 'asc' }],
    }),
    prisma.person.findMany({
      where: { accountId: { in: ids }, erasedAt: null },
      select: { id: true, accountId: true, name: true, title: true, decisionRole: true, isKeyPerson: true },
      orderBy: [{ accountId: 'asc' }, { id: 'asc' }],
    }),
    prisma.personProfile.findMany({
      where: { person: { accountId: { in: ids }, erasedAt: null } },
      select: { personId: true, ...(Object.fromEntries(DOSSIER_FIELDS.map((f) => [f, true])) as Record<(typeof DOSSIER_FIELDS)[number], true>) },
    }),
    prisma.visit.findMany({ where: visitWhere, select: { id: true, accountId: true, status: true, at: true }, orderBy: [{ at: 'desc' }, { id: 'asc' }] }),
    prisma.visitStaff.findMany({ where: { visit: visitWhere }, select: { visitId: true, staffId: true, levelAtVisit: true } }),
    prisma.visitPerson.findMany({ where: { visit: visitWhere }, select: { visitId: true, personId: true, roleAtVisit: true } }),
    prisma.careMoment.findMany({
      where: { accountId: { in: ids }, closedAt: null },
      select: { id: true, accountId: true, personId: true, kind: true, learnedAt: true },
      orderBy: [{ learnedAt: 'asc' }, { id: 'asc' }],
    }),
    prisma.careAction.groupBy({ by: ['momentId'], where: { moment: { accountId: { in: ids }, closedAt: null } }, _min: { at: true } }),
    prisma.anniversaryOccurrence.findMany({
      where: { accountId: { in: ids }, occursOn: { gte: yearAgo, lte: leadEnd } },
      select: { accountId: true, personId: true, anniversaryId: true, occursOn: true, honour: true },
      orderBy: [{ occursOn: 'asc' }, { id: 'asc' }],
    }),
    prisma.personAnniversary.findMany({ where: { person: { accountId: { in: ids } } }, select: { id: true, label: true } }),
    prisma.manAssessment.findMany({
      where: { accountId: { in: ids } },
      select: { id: true, accountId: true, money: true, authority: true, need: true, assessedAt: true, assessedById: true },
      orderBy: [{ assessedAt: 'desc' }, { id: 'desc' }],
    }),
    prisma.manAuthority.findMany({ where: { assessment: { accountId: { in: ids } } }, select: { assessmentId: true, personId: true, directTopRelationship: true } }),
    // The staff's names, for reasons and actions: an SME's staff is a few hundred rows at most, and a filter
    // naming the rows above would either send their ids back or pass SQLite's 999 parameters at 500 accounts.
    prisma.staff.findMany({ select: { id: true, name: true } }),
  ]);
  const staffName = new Map(staffNames.map((s) => [s.id, s.name]));
  const nameOf = (id: string) => staffName.get(id) ?? 'a former staff member';

  const facts = new Map<string, AccountRelationshipFacts>();
  for (const a of accounts) {
    facts.set(a.id, { account: { id: a.id, name: a.name, tier: a.tier, owners: [] }, people: [], visits: [], openCareMoments: [], occurrences: [], assessment: null });
  }
  for (const o of owners) facts.get(o.accountId)?.account.owners.push({ staffId: o.staffId, name: nameOf(o.staffId) });
  const filled = new Map(dossiers.map((d) => [d.personId, DOSSIER_FIELDS.filter((f) => d[f] !== null && d[f] !== '').length]));
  for (const p of people) facts.get(p.accountId)?.people.push({ ...p, dossierFilled: filled.get(p.id) ?? null });

  const byVisit = new Map<string, StaveVisit>();
  for (const v of visits) {
    const visit: StaveVisit = { accountId: v.accountId, status: v.status, at: v.at, staff: [], people: [] };
    byVisit.set(v.id, visit);
    facts.get(v.accountId)?.visits.push(visit);
  }
  for (const s of visitStaff) byVisit.get(s.visitId)?.staff.push({ staffId: s.staffId, name: nameOf(s.staffId), levelAtVisit: s.levelAtVisit });
  for (const p of visitPeople) byVisit.get(p.visitId)?.people.push({ personId: p.personId, roleAtVisit: p.roleAtVisit });

  const firstAction = new Map(firstActions.map((a) => [a.momentId, a._min.at]));
  for (const m of moments) {
    facts.get(m.accountId)?.openCareMoments.push({ accountId: m.accountId, personId: m.personId, kind: m.kind, learnedAt: m.learnedAt, firstActionAt: firstAction.get(m.id) ?? null });
  }
  const labels = new Map(anniversaries.map((a) => [a.id, a.label]));
  for (const o of occurrences) {
    facts.get(o.accountId)?.occurrences.push({ accountId: o.accountId, personId: o.personId, label: labels.get(o.anniversaryId) ?? 'anniversary', occursOn: o.occursOn, honour: o.honour });
  }
  const current = new Map<string, StaveAssessment>();
  for (const m of assessments) {
    const f = facts.get(m.accountId);
    if (!f || f.assessment) continue;
    f.assessment = { accountId: m.accountId, money: m.money, authority: m.authority, need: m.need, assessedAt: m.assessedAt, assessedBy: nameOf(m.assessedById), authorities: [] };
    current.set(m.id, f.assessment);
  }
  for (const a of authorities) current.get(a.assessmentId)?.authorities.push({ personId: a.personId, directTopRelationship: a.directTopRelationship });
  return facts;
}
