import { z } from 'zod';
import { defineEvents, type PayloadsOf } from '../events/event-catalog.js';

export const teamEvents = {
  assigned: 'core.team.assigned',
  unassigned: 'core.team.unassigned',
} as const;

const membership = z.object({ teamMemberId: z.string(), staffId: z.string(), responsibility: z.enum(['RELATIONSHIP', 'SALES', 'SERVICE']) });

export const teamEventSchemas = defineEvents({
  'core.team.assigned': membership,
  'core.team.unassigned': membership,
});

declare global {
  interface KamEventPayloads extends PayloadsOf<typeof teamEventSchemas> {}
}
