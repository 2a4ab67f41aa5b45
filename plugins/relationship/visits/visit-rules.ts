/**
 * The visit cadence rule, in one place for the stave, the compliance query,
 * the agenda and the missed-visit scan: a visit qualifies for an account's
 * cadence when it was DONE by staff of one of the policy's levels (their
 * level at the visit) meeting a person of one of its decision roles (their
 * role at the visit). Key and general accounts each follow their own policy.
 */
import type { AccountTier, DecisionRole, StaffLevel, VisitStatus } from 'kam-graphql/plugin';
import type { CadencePolicy, RelationshipOptions } from '../options.js';

export const DAY_MS = 86_400_000;

export interface CadenceVisit {
  status: VisitStatus;
  at: Date;
  staff: readonly { levelAtVisit: StaffLevel }[];
  people: readonly { roleAtVisit: DecisionRole }[];
}

/** The tier's cadence policy; null when the tier has none (general accounts, by default). */
export function policyFor(tier: AccountTier, options: Pick<RelationshipOptions, 'cadence'>): CadencePolicy | null {
  return tier === 'KEY' ? options.cadence.key : options.cadence.general;
}

export function qualifiesForCadence(visit: CadenceVisit, policy: CadencePolicy): boolean {
  return (
    visit.status === 'DONE' &&
    visit.staff.some((s) => policy.staffLevels.includes(s.levelAtVisit)) &&
    visit.people.some((p) => policy.decisionRoles.includes(p.roleAtVisit))
  );
}

export interface CadenceStatus {
  /** Whole days since the last qualifying visit; null when there is none. */
  daysSince: number | null;
  /** When the next qualifying visit is due: the last one plus the period (now when there is none). */
  dueBy: Date;
  overdue: boolean;
  /** Days past `dueBy` (0 when not overdue). */
  daysOverdue: number;
}

/** Where an account stands against its policy, given its last qualifying visit. */
export function cadenceStatus(lastQualifyingAt: Date | null, policy: CadencePolicy, now: Date): CadenceStatus {
  if (!lastQualifyingAt) return { daysSince: null, dueBy: now, overdue: true, daysOverdue: 0 };
  const daysSince = Math.floor((now.getTime() - lastQualifyingAt.getTime()) / DAY_MS);
  const dueBy = new Date(lastQualifyingAt.getTime() + policy.periodDays * DAY_MS);
  const overdue = daysSince > policy.periodDays;
  return { daysSince, dueBy, overdue, daysOverdue: overdue ? daysSince - policy.periodDays : 0 };
}

/** The newest visit (of those given, newest first or not) that qualifies and happened by `now`. */
export function lastQualifying<V extends CadenceVisit>(visits: readonly V[], policy: CadencePolicy, now: Date): V | null {
  let last: V | null = null;
  for (const v of visits) if (v.at <= now && qualifiesForCadence(v, policy) && (!last || v.at > last.at)) last = v;
  return last;
}
