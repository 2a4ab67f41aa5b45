/**
 * What the anniversaries emit: `upcoming` once per occurrence when it comes
 * within the lead time (the reminder job), `honoured` when the SME records
 * how it marked one.
 */
import { defineEvents, z, type PayloadsOf } from 'kam-graphql/plugin';

export const anniversaryEvents = {
  upcoming: 'relationship.anniversary.upcoming',
  honoured: 'relationship.anniversary.honoured',
} as const;

const occurrence = z.object({
  occurrenceId: z.string(),
  anniversaryId: z.string(),
  personId: z.string(),
  kind: z.enum(['BIRTHDAY', 'COMPANY', 'PERSONAL']),
  /** ISO-8601 day (midnight UTC). */
  occursOn: z.string(),
});

export const anniversaryEventSchemas = defineEvents({
  'relationship.anniversary.upcoming': occurrence.extend({ daysAhead: z.number().int().min(0) }),
  'relationship.anniversary.honoured': occurrence.extend({ honour: z.enum(['GREETING', 'GIFT', 'VISIT', 'NONE']) }),
});

type Payloads = PayloadsOf<typeof anniversaryEventSchemas>;

declare global {
  interface KamEventPayloads extends Payloads {}
}
