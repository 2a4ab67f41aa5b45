/** What the power map emits: a person's standing set, with ids and levels only. */
import { defineEvents, z, type EventPayload, type PayloadsOf } from 'kam-graphql/plugin';

export const powerMapEvents = {
  standingSet: 'relationship.personStanding.set',
} as const;

export const powerMapEventSchemas = defineEvents({
  'relationship.personStanding.set': z.object({
    personId: z.string(),
    influence: z.enum(['LOW', 'MEDIUM', 'HIGH']).nullable(),
    strength: z.enum(['NONE', 'WEAK', 'GOOD', 'STRONG']).nullable(),
  }),
});

type Payloads = PayloadsOf<typeof powerMapEventSchemas>;

declare global {
  interface KamEventPayloads extends Payloads {}
}

export type PersonStandingSetPayload = EventPayload<'relationship.personStanding.set'>;
