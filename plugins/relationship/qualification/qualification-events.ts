/**
 * What the qualification entity emits: one event per MAN assessment, with
 * ids and ratings only (no evidence text: the outbox is never erased).
 */
import { defineEvents, z, type EventPayload, type PayloadsOf } from 'kam-graphql/plugin';

export const qualificationEvents = {
  assessed: 'relationship.qualification.assessed',
} as const;

const rating = z.enum(['CONFIRMED', 'PARTIAL', 'UNKNOWN', 'ABSENT']);

export const qualificationEventSchemas = defineEvents({
  'relationship.qualification.assessed': z.object({
    assessmentId: z.string(),
    money: rating,
    authority: rating,
    need: rating,
    assessedAt: z.string(),
    assessedById: z.string(),
    /** The people named as holding decision authority. */
    authorityPersonIds: z.array(z.string()),
  }),
});

type Payloads = PayloadsOf<typeof qualificationEventSchemas>;

declare global {
  interface KamEventPayloads extends Payloads {}
}

export type QualificationAssessedPayload = EventPayload<'relationship.qualification.assessed'>;
