import { z } from 'zod';
import { defineEvents, type PayloadsOf } from '../events/event-catalog.js';

export const personEvents = {
  added: 'core.person.added',
  updated: 'core.person.updated',
  removed: 'core.person.removed',
  erased: 'core.person.erased',
} as const;

const personRef = z.object({ personId: z.string() });

export const personEventSchemas = defineEvents({
  'core.person.added': personRef,
  'core.person.updated': personRef,
  'core.person.removed': personRef,
  /** The person's personal data was erased on request (right to erasure). */
  'core.person.erased': personRef,
});

declare global {
  interface KamEventPayloads extends PayloadsOf<typeof personEventSchemas> {}
}
