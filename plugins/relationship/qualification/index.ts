import type { RelationshipPart } from '../part.js';

export const qualificationPart: RelationshipPart = { name: 'qualification' };
