import type { RelationshipPart } from '../part.js';

export const anniversaryPart: RelationshipPart = { name: 'anniversaries' };
