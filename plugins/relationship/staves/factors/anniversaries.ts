/**
 * Factor `anniversaries`: of the key persons' anniversaries of the last
 * year, the share honoured (a greeting, a gift or a visit; NONE or nothing
 * recorded counts as missed). Anniversaries coming within the lead time and
 * not yet honoured make the suggested action.
 */
import type { StaveFactor } from 'kam-graphql/plugin';
import type { AccountRelationshipFacts } from '../stave-batch.js';
import { clamp, daysBetween, isoDay, names, plural } from '../wording.js';
import { ownerWords } from './visit-cadence.js';

const honoured = (honour: string | null) => honour !== null && honour !== 'NONE';

export function anniversariesFactor(facts: AccountRelationshipFacts, now: Date, weight: number): StaveFactor | null {
  const base = { key: 'anniversaries', label: 'Anniversaries honoured', weight };
  const keyPersons = new Map(facts.people.filter((p) => p.isKeyPerson).map((p) => [p.id, p.name]));
  const ofKeyPersons = facts.occurrences.filter((o) => keyPersons.has(o.personId));
  if (ofKeyPersons.length === 0) return null;
  const today = isoDay(now);
  const past = ofKeyPersons.filter((o) => isoDay(o.occursOn) < today);
  const coming = ofKeyPersons.filter((o) => isoDay(o.occursOn) >= today && !honoured(o.honour));
  const missed = past.filter((o) => !honoured(o.honour));
  const score = past.length === 0 ? 100 : clamp((100 * (past.length - missed.length)) / past.length);
  const pastWords =
    past.length === 0
      ? 'No anniversary of a key person in the last year.'
      : `${past.length - missed.length} of ${plural(past.length, 'anniversary', 'anniversaries')} of key persons in the last year honoured` +
        (missed.length > 0 ? `; missed: ${names(missed.map((o) => `${keyPersons.get(o.personId)}'s ${o.label} (${isoDay(o.occursOn)})`))}.` : '.');
  const next = coming[0];
  return {
    ...base,
    score,
    reason: next ? `${pastWords} Coming: ${keyPersons.get(next.personId)}'s ${next.label} on ${isoDay(next.occursOn)}.` : pastWords,
    suggestedAction: next
      ? `${ownerWords(facts)}: prepare greetings for ${keyPersons.get(next.personId)} of ${facts.account.name}: ${next.label} on ${isoDay(next.occursOn)}, in ${plural(daysBetween(now, next.occursOn) + 1, 'day')}.`
      : null,
  };
}
