import { z } from 'zod';
import { defineEvents, type PayloadsOf } from '../events/event-catalog.js';

export const personProfileEvents = {
  profileUpdated: 'core.personProfile.updated',
  anniversaryAdded: 'core.personAnniversary.added',
  anniversaryRemoved: 'core.personAnniversary.removed',
} as const;

export const personProfileEventSchemas = defineEvents({
  'core.personProfile.updated': z.object({ personId: z.string() }),
  'core.personAnniversary.added': z.object({ personId: z.string(), anniversaryId: z.string() }),
  'core.personAnniversary.removed': z.object({ personId: z.string(), anniversaryId: z.string() }),
});

declare global {
  interface KamEventPayloads extends PayloadsOf<typeof personProfileEventSchemas> {}
}
