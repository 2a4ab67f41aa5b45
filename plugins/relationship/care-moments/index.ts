import type { RelationshipPart } from '../part.js';

export const careMomentPart: RelationshipPart = { name: 'care-moments' };
