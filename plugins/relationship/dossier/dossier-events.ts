/**
 * What the dossier emits: one event per change, written to the outbox with
 * it. Sensitive personal data: payloads carry ids only, so the outbox (and
 * every handler downstream) never holds a personal value.
 */
import { defineEvents, z, type PayloadsOf } from 'kam-graphql/plugin';

export const dossierEvents = {
  profileSet: 'relationship.profile.set',
  anniversaryAdded: 'relationship.anniversary.added',
  anniversaryRemoved: 'relationship.anniversary.removed',
} as const;

export const dossierEventSchemas = defineEvents({
  'relationship.profile.set': z.object({ personId: z.string() }),
  'relationship.anniversary.added': z.object({ personId: z.string(), anniversaryId: z.string() }),
  'relationship.anniversary.removed': z.object({ personId: z.string(), anniversaryId: z.string() }),
});

declare global {
  interface KamEventPayloads extends PayloadsOf<typeof dossierEventSchemas> {}
}
