import { z } from 'zod';
import { defineEvents, type PayloadsOf } from '../events/event-catalog.js';

export const staffEvents = {
  created: 'core.staff.created',
  updated: 'core.staff.updated',
} as const;

export const staffEventSchemas = defineEvents({
  'core.staff.created': z.object({ staffId: z.string() }),
  'core.staff.updated': z.object({ staffId: z.string() }),
});

declare global {
  interface KamEventPayloads extends PayloadsOf<typeof staffEventSchemas> {}
}
