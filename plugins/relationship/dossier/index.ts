import type { RelationshipPart } from '../part.js';

export const dossierPart: RelationshipPart = { name: 'dossier' };
