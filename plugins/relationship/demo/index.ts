import type { RelationshipPart } from '../part.js';

export const demoPart: RelationshipPart = { name: 'demo' };
