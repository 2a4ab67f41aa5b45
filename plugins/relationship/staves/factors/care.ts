/**
 * Factor `care-moments`: open special moments of the account's people that
 * went unanswered past the response time (options.careResponseDays). Each
 * unanswered moment costs 50 points; moments answered by a care action, or
 * still within the response time, cost nothing.
 */
import type { StaveFactor } from 'kam-graphql/plugin';
import type { AccountRelationshipFacts } from '../stave-batch.js';
import { clamp, DAY_MS, daysBetween, names, plural } from '../wording.js';
import { ownerWords } from './visit-cadence.js';

export function careFactor(facts: AccountRelationshipFacts, careResponseDays: number, now: Date, weight: number): StaveFactor {
  const base = { key: 'care-moments', label: 'Care at special moments', weight };
  const open = facts.openCareMoments;
  const unanswered = open.filter((m) => m.firstActionAt === null && now.getTime() - m.learnedAt.getTime() > careResponseDays * DAY_MS);
  const personName = (id: string) => facts.people.find((p) => p.id === id)?.name ?? 'a person';
  if (unanswered.length === 0) {
    return {
      ...base,
      score: 100,
      reason: open.length === 0 ? 'No special moment is open.' : `${plural(open.length, 'open special moment')}, none unanswered past ${plural(careResponseDays, 'day')}.`,
      suggestedAction: null,
    };
  }
  const oldest = unanswered[0]!; // sorted by when it was learned
  const who = names(unanswered.map((m) => `${personName(m.personId)} (${m.kind.toLowerCase().replace(/_/g, ' ')})`));
  const whom = names([...new Set(unanswered.map((m) => personName(m.personId)))]);
  return {
    ...base,
    score: clamp(100 - 50 * unanswered.length),
    reason: `${plural(unanswered.length, 'special moment')} without any care action past ${plural(careResponseDays, 'day')}: ${who}; the oldest was learned ${plural(daysBetween(oldest.learnedAt, now), 'day')} ago.`,
    suggestedAction: `${ownerWords(facts)}: show ${whom} of ${facts.account.name} that you care (a call, a visit or a letter) today.`,
  };
}
