/**
 * The power map: `Account.relationshipMap` and each person's standing
 * (influence, relationship strength).
 */
import { keyPersonPrivate } from 'kam-graphql/plugin';
import type { RelationshipPart } from '../part.js';
import { powerMapEventSchemas } from './power-map-events.js';
import { powerMapPersonalData } from './power-map-personal-data.js';
import { registerPowerMapSchema, SET_PERSON_STANDING } from './power-map-schema.js';

export const powerMapPart: RelationshipPart = {
  name: 'power-map',
  events: powerMapEventSchemas,
  access: {
    // The standing is the relationship owner's judgement: top management and the account's relationship owner.
    [SET_PERSON_STANDING]: keyPersonPrivate("Set a person's influence and relationship strength on the power map"),
  },
  schema: registerPowerMapSchema,
  personalData: powerMapPersonalData,
};

export { createPowerMapService, type PowerMapService } from './power-map-service.js';
export { loadRelationshipMaps } from './power-map-load.js';
