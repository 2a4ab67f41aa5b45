/**
 * What care moments emit. Payloads carry ids only: the outbox is never
 * erased, so a kind (an illness), a note or a name would outlive an erasure.
 */
import { defineEvents, z, type EventPayload, type PayloadsOf } from 'kam-graphql/plugin';

export const careMomentEvents = {
  recorded: 'relationship.careMoment.recorded',
  actionAdded: 'relationship.careMoment.actionAdded',
  closed: 'relationship.careMoment.closed',
} as const;

const moment = z.object({ careMomentId: z.string(), personId: z.string() });

export const careMomentEventSchemas = defineEvents({
  'relationship.careMoment.recorded': moment,
  'relationship.careMoment.actionAdded': moment.extend({ careActionId: z.string(), byStaffId: z.string() }),
  'relationship.careMoment.closed': moment,
});

/** Published with every recorded moment: the account's relationship owner (and top management) hear of it live. */
export const CARE_MOMENT_RECORDED_TOPIC = 'relationship:careMomentRecorded';

export const careMomentTopicSchemas = defineEvents({
  [CARE_MOMENT_RECORDED_TOPIC]: moment,
} as const);

type Payloads = PayloadsOf<typeof careMomentEventSchemas> & PayloadsOf<typeof careMomentTopicSchemas>;

declare global {
  interface KamEventPayloads extends Payloads {}
}

export type CareMomentPayload = EventPayload<'relationship.careMoment.recorded'>;
export type CareActionAddedPayload = EventPayload<'relationship.careMoment.actionAdded'>;
