import type { RelationshipPart } from '../part.js';
import { seedRelationshipDemo } from './demo-seed.js';

/** Six months of visits, care, anniversaries honoured and MAN assessments; seeded after the other parts' demo data. */
export const demoPart: RelationshipPart = { name: 'demo', seed: seedRelationshipDemo };
