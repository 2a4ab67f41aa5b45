/**
 * What the visits emit: an event for every change (written to the outbox
 * with it, so the health engine rescores the account after commit) and a
 * live topic telling the account's people that a planned visit was missed.
 */
import { defineEvents, z, type PayloadsOf } from 'kam-graphql/plugin';

export const visitEvents = {
  recorded: 'relationship.visit.recorded',
  planned: 'relationship.visit.planned',
  completed: 'relationship.visit.completed',
  missed: 'relationship.visit.missed',
} as const;

const visit = z.object({
  visitId: z.string(),
  kind: z.string(),
  status: z.enum(['PLANNED', 'DONE', 'MISSED']),
  /** ISO-8601: when it happened, or is planned for. */
  at: z.string(),
  staffIds: z.array(z.string()),
  personIds: z.array(z.string()),
});

export const visitEventSchemas = defineEvents({
  'relationship.visit.recorded': visit,
  'relationship.visit.planned': visit,
  'relationship.visit.completed': visit,
  'relationship.visit.missed': visit.extend({ reason: z.enum(['manual', 'past-due']) }),
});

/** A planned visit that did not happen: the relationship owner's client hears of it live. */
export const VISIT_MISSED_TOPIC = 'relationship:visitMissed';

export const visitTopicSchemas = defineEvents({
  [VISIT_MISSED_TOPIC]: visit.extend({ reason: z.enum(['manual', 'past-due']) }),
} as const);

type Payloads = PayloadsOf<typeof visitEventSchemas> & PayloadsOf<typeof visitTopicSchemas>;

declare global {
  interface KamEventPayloads extends Payloads {}
}

export type VisitEventPayload = z.output<typeof visit>;
export type VisitMissedPayload = VisitEventPayload & { reason: 'manual' | 'past-due' };
