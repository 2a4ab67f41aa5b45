import type { RelationshipPart } from '../part.js';

export const visitPart: RelationshipPart = { name: 'visits' };
