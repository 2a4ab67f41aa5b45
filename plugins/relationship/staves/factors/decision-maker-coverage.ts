/**
 * Factor `decision-maker-coverage`: every person with decision authority
 * (decision role DECISION_MAKER, or named as an authority in the current MAN
 * assessment) met by staff the cadence counts within `coveragePeriodDays`.
 * An account whose decision makers are unknown scores 0: Authority is the
 * most important of Money, Authority and Need.
 */
import type { StaveFactor } from 'kam-graphql/plugin';
import type { CadencePolicy } from '../../options.js';
import type { AccountRelationshipFacts } from '../stave-batch.js';
import { clamp, daysBetween, names, plural } from '../wording.js';
import { levelWords, ownerWords } from './visit-cadence.js';

export function decisionMakerCoverageFactor(facts: AccountRelationshipFacts, policy: CadencePolicy, coveragePeriodDays: number, now: Date, weight: number): StaveFactor {
  const base = { key: 'decision-maker-coverage', label: 'Decision makers met', weight };
  const named = new Set(facts.assessment?.authorities.map((a) => a.personId) ?? []);
  const authorities = facts.people.filter((p) => p.decisionRole === 'DECISION_MAKER' || named.has(p.id));
  if (authorities.length === 0) {
    return {
      ...base,
      score: 0,
      reason: `No decision maker of ${facts.account.name} is known.`,
      suggestedAction: `${ownerWords(facts)}: find out who decides at ${facts.account.name} and record them as decision makers.`,
    };
  }
  const met = new Set<string>();
  for (const v of facts.visits) {
    if (v.status !== 'DONE' || v.at > now || daysBetween(v.at, now) > coveragePeriodDays) continue;
    if (!v.staff.some((s) => policy.staffLevels.includes(s.levelAtVisit))) continue;
    for (const p of v.people) met.add(p.personId);
  }
  const unmet = authorities.filter((p) => !met.has(p.id));
  const score = clamp((100 * (authorities.length - unmet.length)) / authorities.length);
  const period = plural(coveragePeriodDays, 'day');
  if (unmet.length === 0) {
    return { ...base, score, reason: `All ${plural(authorities.length, 'decision maker')} met at ${levelWords(policy)} within ${period}.`, suggestedAction: null };
  }
  return {
    ...base,
    score,
    reason: `${plural(unmet.length, 'decision maker')} of ${authorities.length} not met at ${levelWords(policy)} within ${period}: ${names(unmet.map((p) => p.name))}.`,
    suggestedAction: `${ownerWords(facts)}: at ${facts.account.name}, arrange a ${levelWords(policy)} meeting with ${names(unmet.map((p) => p.name))}.`,
  };
}
