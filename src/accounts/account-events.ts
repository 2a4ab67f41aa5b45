import { z } from 'zod';
import { defineEvents, type PayloadsOf } from '../events/event-catalog.js';

export const accountEvents = {
  created: 'core.account.created',
  updated: 'core.account.updated',
  archived: 'core.account.archived',
  restored: 'core.account.restored',
} as const;

const accountRef = z.object({ accountId: z.string() });

export const accountEventSchemas = defineEvents({
  'core.account.created': accountRef,
  /** `changed`: the fields whose values changed. */
  'core.account.updated': accountRef.extend({ changed: z.array(z.string()) }),
  'core.account.archived': accountRef,
  'core.account.restored': accountRef,
});

declare global {
  interface KamEventPayloads extends PayloadsOf<typeof accountEventSchemas> {}
}
