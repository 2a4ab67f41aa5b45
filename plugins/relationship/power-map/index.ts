import type { RelationshipPart } from '../part.js';

export const powerMapPart: RelationshipPart = { name: 'power-map' };
