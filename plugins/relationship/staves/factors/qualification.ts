/**
 * Factor `man-qualification`: the current MAN assessment, Authority counting
 * twice as much as Money and Need, halved once it is older than
 * `manFreshDays`. No assessment scores 0.
 */
import type { ManRating, StaveFactor } from 'kam-graphql/plugin';
import type { AccountRelationshipFacts } from '../stave-batch.js';
import { clamp, daysBetween, isoDay, plural } from '../wording.js';
import { ownerWords } from './visit-cadence.js';

export const RATING_SCORE: Record<ManRating, number> = { CONFIRMED: 100, PARTIAL: 60, UNKNOWN: 20, ABSENT: 0 };
export const MAN_WEIGHTS = { money: 1, authority: 2, need: 1 } as const;

export function qualificationFactor(facts: AccountRelationshipFacts, manFreshDays: number, now: Date, weight: number): StaveFactor {
  const base = { key: 'man-qualification', label: 'MAN qualification', weight };
  const a = facts.assessment;
  if (!a) {
    return {
      ...base,
      score: 0,
      reason: `${facts.account.name} has no MAN assessment (Money, Authority, Need).`,
      suggestedAction: `${ownerWords(facts)}: assess Money, Authority and Need of ${facts.account.name}, starting with who holds decision authority.`,
    };
  }
  const total = MAN_WEIGHTS.money + MAN_WEIGHTS.authority + MAN_WEIGHTS.need;
  const raw = (RATING_SCORE[a.money] * MAN_WEIGHTS.money + RATING_SCORE[a.authority] * MAN_WEIGHTS.authority + RATING_SCORE[a.need] * MAN_WEIGHTS.need) / total;
  const age = daysBetween(a.assessedAt, now);
  const stale = age > manFreshDays;
  const ratings = `Money ${a.money.toLowerCase()}, Authority ${a.authority.toLowerCase()}, Need ${a.need.toLowerCase()}`;
  const reason = `${ratings}, assessed by ${a.assessedBy} on ${isoDay(a.assessedAt)} (${plural(age, 'day')} ago${stale ? `, older than ${manFreshDays}` : ''}).`;
  let suggestedAction: string | null = null;
  if (stale) suggestedAction = `${ownerWords(facts)}: reassess Money, Authority and Need of ${facts.account.name}; the last assessment is ${plural(age, 'day')} old.`;
  else if (a.authority !== 'CONFIRMED') suggestedAction = `${ownerWords(facts)}: confirm who holds decision authority at ${facts.account.name} and meet them.`;
  return { ...base, score: clamp(stale ? raw / 2 : raw), reason, suggestedAction };
}
