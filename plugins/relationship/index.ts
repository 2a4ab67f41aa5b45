/**
 * relationship: key-person maintenance. Top-management visits and their
 * monthly cadence, the key-person dossier, care at special moments,
 * anniversaries and their reminders, MAN qualification, the power map, and
 * the RELATIONSHIP stave. Written only against the plugin kit; index.ts is
 * wiring: each entity folder contributes a part (part.ts).
 */
import { definePlugin } from 'kam-graphql/plugin';
import { relationshipOptionsSchema, type RelationshipOptions } from './options.js';
import { mergeParts } from './merge-parts.js';
import { relationshipStave } from './staves/relationship-stave.js';
import { dossierPart } from './dossier/index.js';
import { anniversaryPart } from './anniversaries/index.js';
import { visitPart } from './visits/index.js';
import { careMomentPart } from './care-moments/index.js';
import { qualificationPart } from './qualification/index.js';
import { powerMapPart } from './power-map/index.js';
import { demoPart } from './demo/index.js';

const merged = mergeParts([dossierPart, anniversaryPart, visitPart, careMomentPart, qualificationPart, powerMapPart, demoPart]);

export default definePlugin<RelationshipOptions>({
  name: 'relationship',
  version: '1.0.0',
  core: '^1.0.0',
  options: relationshipOptionsSchema,
  ...merged,
  stave: relationshipStave,
});
