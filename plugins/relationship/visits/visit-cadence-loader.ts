/**
 * Where accounts stand against their visit cadence, for a page of accounts
 * or the whole portfolio at once: one query per source (accounts, done
 * visits of the last year, who went, whom they met, planned visits), grouped
 * in memory, so the statements do not grow with the accounts or visits.
 */
import type { AccountTier, DecisionRole, PrismaClient, StaffLevel, Visit } from 'kam-graphql/plugin';
import type { CadencePolicy, RelationshipOptions } from '../options.js';
import { cadenceStatus, DAY_MS, lastQualifying, policyFor, type CadenceStatus } from './visit-rules.js';

/** How far back visits count: the longest period an option allows. */
const HISTORY_DAYS = 366;

export interface AccountCadence extends CadenceStatus {
  accountId: string;
  tier: AccountTier;
  policy: CadencePolicy;
  lastQualifyingVisit: Visit | null;
  /** The soonest planned visit from today on (any staff, anyone of the account). */
  nextPlannedVisit: Visit | null;
}

type LoadedVisit = Visit & { staff: { levelAtVisit: StaffLevel }[]; people: { roleAtVisit: DecisionRole }[] };

/** Cadence per account id; absent for accounts that are unknown, archived or whose tier has no policy. */
export async function loadCadences(prisma: PrismaClient, accountIds: readonly string[], now: Date, options: Pick<RelationshipOptions, 'cadence'>): Promise<Map<string, AccountCadence>> {
  const ids = [...accountIds];
  const since = new Date(now.getTime() - HISTORY_DAYS * DAY_MS);
  const doneWhere = { accountId: { in: ids }, status: 'DONE' as const, at: { gte: since, lte: now } };
  const [accounts, done, staff, people, planned] = await Promise.all([
    prisma.account.findMany({ where: { id: { in: ids }, status: 'ACTIVE' }, select: { id: true, tier: true } }),
    prisma.visit.findMany({ where: doneWhere, orderBy: [{ at: 'desc' }, { id: 'asc' }] }),
    prisma.visitStaff.findMany({ where: { visit: doneWhere }, select: { visitId: true, levelAtVisit: true } }),
    prisma.visitPerson.findMany({ where: { visit: doneWhere }, select: { visitId: true, roleAtVisit: true } }),
    prisma.visit.findMany({ where: { accountId: { in: ids }, status: 'PLANNED', at: { gte: new Date(now.getTime() - DAY_MS) } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
  ]);
  const visits = new Map<string, LoadedVisit>();
  const byAccount = new Map<string, LoadedVisit[]>();
  for (const v of done) {
    const visit: LoadedVisit = { ...v, staff: [], people: [] };
    visits.set(v.id, visit);
    const list = byAccount.get(v.accountId);
    if (list) list.push(visit);
    else byAccount.set(v.accountId, [visit]);
  }
  for (const s of staff) visits.get(s.visitId)?.staff.push(s);
  for (const p of people) visits.get(p.visitId)?.people.push(p);
  const next = new Map<string, Visit>();
  for (const v of planned) if (!next.has(v.accountId)) next.set(v.accountId, v);

  const result = new Map<string, AccountCadence>();
  for (const account of accounts) {
    const policy = policyFor(account.tier, options);
    if (!policy) continue;
    const last = lastQualifying(byAccount.get(account.id) ?? [], policy, now);
    const lastVisit = last ? (({ staff: _s, people: _p, ...row }) => row)(last) : null;
    result.set(account.id, {
      accountId: account.id,
      tier: account.tier,
      policy,
      ...cadenceStatus(last?.at ?? null, policy, now),
      lastQualifyingVisit: lastVisit,
      nextPlannedVisit: next.get(account.id) ?? null,
    });
  }
  return result;
}
