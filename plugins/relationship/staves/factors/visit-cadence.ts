/**
 * Factor `visit-cadence`: the account's last qualifying visit against its
 * tier's cadence (options.cadence). A visit qualifies when it was DONE by
 * staff of one of the policy's levels (their level at the visit) meeting a
 * person of one of its decision roles (their role at the visit).
 *
 * Full marks until a week before the visit falls due, easing to 80 on the
 * due day; once overdue it starts at 60 and reaches 0 after one more period.
 * The stave caps its score at this factor's while the cadence is overdue.
 */
import type { StaveFactor } from 'kam-graphql/plugin';
import type { CadencePolicy } from '../../options.js';
import type { AccountRelationshipFacts, StavePerson } from '../stave-batch.js';
import { clamp, daysBetween, isoDay, names, plural } from '../wording.js';
import { qualifiesForCadence } from '../../visits/visit-rules.js';

export const VISIT_CADENCE_KEY = 'visit-cadence';
const DUE_SOON_DAYS = 7;

/** "top management", or the levels the policy counts. */
export function levelWords(policy: CadencePolicy): string {
  if (policy.staffLevels.length === 1 && policy.staffLevels[0] === 'TOP') return 'top-level';
  return `${policy.staffLevels.map((l) => l.toLowerCase()).join(' or ')}-level`;
}

/** The person the next visit should meet: a decision maker the policy counts, key persons first, the least recently met first. */
export function personToVisit(facts: AccountRelationshipFacts, policy: CadencePolicy): StavePerson | null {
  const lastMet = new Map<string, number>();
  for (const v of facts.visits) {
    if (v.status !== 'DONE') continue;
    for (const p of v.people) lastMet.set(p.personId, Math.max(lastMet.get(p.personId) ?? 0, v.at.getTime()));
  }
  const candidates = facts.people.filter((p) => policy.decisionRoles.includes(p.decisionRole));
  candidates.sort((a, b) => Number(b.isKeyPerson) - Number(a.isKeyPerson) || (lastMet.get(a.id) ?? 0) - (lastMet.get(b.id) ?? 0) || a.name.localeCompare(b.name));
  return candidates[0] ?? null;
}

/** Who should go: the account's relationship owner, named. */
export function ownerWords(facts: AccountRelationshipFacts): string {
  return facts.account.owners[0]?.name ?? `The relationship owner of ${facts.account.name} (none assigned: assign a top manager)`;
}

export interface CadenceFactor extends StaveFactor {
  overdue: boolean;
}

export function visitCadenceFactor(facts: AccountRelationshipFacts, policy: CadencePolicy, now: Date, weight: number): CadenceFactor {
  const base = { key: VISIT_CADENCE_KEY, label: `${levelWords(policy)[0]!.toUpperCase()}${levelWords(policy).slice(1)} visit cadence`, weight };
  const last = facts.visits.find((v) => v.at <= now && qualifiesForCadence(v, policy));
  const next = facts.visits.filter((v) => v.status === 'PLANNED' && v.at >= now).at(-1);
  const nextWords = next ? ` The next visit is planned for ${isoDay(next.at)}.` : '';
  const person = personToVisit(facts, policy);
  const whom = person ? `${person.name}${person.title ? ` (${person.title})` : ''}` : 'a decision maker';
  const who = ownerWords(facts);
  if (!last) {
    return {
      ...base,
      overdue: true,
      score: 0,
      reason: `No ${levelWords(policy)} visit to a decision maker of ${facts.account.name} in the last year; the policy asks for one every ${plural(policy.periodDays, 'day')}.${nextWords}`,
      suggestedAction: `${who}: visit ${whom} of ${facts.account.name} this week; there has been no ${levelWords(policy)} visit in the last year.`,
    };
  }
  const days = daysBetween(last.at, now);
  const by = names(last.staff.filter((s) => policy.staffLevels.includes(s.levelAtVisit)).map((s) => s.name));
  const lastWords = `The last ${levelWords(policy)} visit was ${plural(days, 'day')} ago (${isoDay(last.at)}, by ${by}); the policy asks for one every ${plural(policy.periodDays, 'day')}.`;
  if (days > policy.periodDays) {
    const overdueDays = days - policy.periodDays;
    return {
      ...base,
      overdue: true,
      score: clamp(60 * (1 - overdueDays / policy.periodDays)),
      reason: `${lastWords} It is ${plural(overdueDays, 'day')} overdue.${nextWords}`,
      suggestedAction: `${who}: visit ${whom} of ${facts.account.name} this week; the last ${levelWords(policy)} visit was ${plural(days, 'day')} ago.`,
    };
  }
  const dueIn = policy.periodDays - days;
  const soon = dueIn < DUE_SOON_DAYS;
  return {
    ...base,
    overdue: false,
    score: soon ? clamp(80 + (20 * dueIn) / DUE_SOON_DAYS) : 100,
    reason: `${lastWords} The next is due in ${plural(dueIn, 'day')}.${nextWords}`,
    suggestedAction:
      soon && !next ? `${who}: plan a visit to ${whom} of ${facts.account.name} within ${plural(dueIn, 'day')}.` : null,
  };
}
