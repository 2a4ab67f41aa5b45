/**
 * Factor `dossier-completeness`: how much of each key person's dossier is
 * known (DOSSIER_FIELDS filled), averaged over the account's key persons.
 * Caring for a person starts with knowing them.
 */
import type { StaveFactor } from 'kam-graphql/plugin';
import { DOSSIER_FIELDS, type AccountRelationshipFacts } from '../stave-batch.js';
import { clamp, names, plural } from '../wording.js';
import { ownerWords } from './visit-cadence.js';

/** Below this share of fields a dossier counts as thin. */
const THIN = 0.5;

export function dossierCompletenessFactor(facts: AccountRelationshipFacts, weight: number): StaveFactor {
  const base = { key: 'dossier-completeness', label: 'Key-person dossiers', weight };
  const keyPersons = facts.people.filter((p) => p.isKeyPerson);
  if (keyPersons.length === 0) {
    return {
      ...base,
      score: 0,
      reason: `${facts.account.name} has no key person named.`,
      suggestedAction: `${ownerWords(facts)}: name the key persons of ${facts.account.name} and start their dossiers.`,
    };
  }
  const shares = keyPersons.map((p) => (p.dossierFilled ?? 0) / DOSSIER_FIELDS.length);
  const score = clamp((100 * shares.reduce((s, x) => s + x, 0)) / shares.length);
  const thin = keyPersons.filter((_, i) => shares[i]! < THIN);
  if (thin.length === 0) {
    return { ...base, score, reason: `The dossiers of the ${plural(keyPersons.length, 'key person')} are ${score}% complete.`, suggestedAction: null };
  }
  return {
    ...base,
    score,
    reason: `The dossiers of the ${plural(keyPersons.length, 'key person')} are ${score}% complete; thin or missing: ${names(thin.map((p) => p.name))}.`,
    suggestedAction: `${ownerWords(facts)}: complete the dossier of ${names(thin.map((p) => p.name))} (family, expertise, hobbies, personality) at the next contact.`,
  };
}
