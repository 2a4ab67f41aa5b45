/**
 * The key-person dossier: each key person's private profile (gender, birth
 * date and age, family, expertise, hobbies, personal development,
 * personality, health notes) and the dates that matter to them. Sensitive
 * personal data: top management and the account's relationship owner only
 * (`keyPersonPrivate`), every read logged, exported and erased through the
 * host's privacy mechanism. See README.md.
 */
import { keyPersonPrivate } from 'kam-graphql/plugin';
import type { RelationshipPart } from '../part.js';
import { dossierEventSchemas } from './dossier-events.js';
import { dossierPersonalData } from './dossier-personal-data.js';
import { registerDossierSchema } from './dossier-schema.js';
import { seedDemoDossiers } from './dossier-seed.js';

export { ageOn, byMonthDay, nextOccurrence } from './anniversary-dates.js';
export { dossierEvents } from './dossier-events.js';
export { buildDemoDossiers, seedDemoDossiers } from './dossier-seed.js';

export const dossierPart: RelationshipPart = {
  name: 'dossier',
  events: dossierEventSchemas,
  access: {
    'Person.profile': keyPersonPrivate("Read a key person's private profile (logged)"),
    'Person.anniversaries': { ...keyPersonPrivate("Read a key person's anniversaries (logged)"), nodeTypes: ['PersonAnniversary'] },
    'Mutation.setPersonProfile': keyPersonPrivate("Write a key person's private profile"),
    'Mutation.addPersonAnniversary': keyPersonPrivate("Add a key person's anniversary"),
    'Mutation.removePersonAnniversary': keyPersonPrivate("Remove a key person's anniversary"),
  },
  schema: registerDossierSchema,
  personalData: dossierPersonalData,
  // The audit trail records which dossier fields changed, never what they held.
  withheldAuditValues: ['PersonProfile', 'PersonAnniversary'],
  // Before the relationship demo (demo/), which honours these anniversaries.
  seed: seedDemoDossiers,
};
