/**
 * Care at special moments: a key person's illness, a death in the family,
 * a setback, and the care the SME showed. See README.md.
 */
import type { RelationshipPart } from '../part.js';
import { careMomentAccess } from './care-moment-access.js';
import { careMomentAgenda } from './care-moment-agenda.js';
import { careMomentEventSchemas, careMomentTopicSchemas } from './care-moment-events.js';
import { careMomentPersonalData } from './care-moment-personal-data.js';
import { registerCareMomentSchema } from './care-moment-schema.js';

export const careMomentPart: RelationshipPart = {
  name: 'care-moments',
  events: careMomentEventSchemas,
  topics: careMomentTopicSchemas,
  access: careMomentAccess,
  schema: registerCareMomentSchema,
  agenda: careMomentAgenda,
  personalData: careMomentPersonalData,
};
