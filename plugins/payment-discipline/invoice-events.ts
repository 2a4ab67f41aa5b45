/**
 * What this plugin emits, with payload schemas: the events (written to the
 * outbox with each change, handled after commit by any module) and the live
 * topic dashboards subscribe to.
 */
import { defineEvents, z, type EventPayload, type PayloadsOf } from 'kam-graphql/plugin';

/** Every event this plugin emits: `<plugin>.<entity>.<action>`. */
export const invoiceEvents = {
  recorded: 'payment-discipline.invoice.recorded',
  paid: 'payment-discipline.invoice.paid',
  writtenOff: 'payment-discipline.invoice.written-off',
  overdue: 'payment-discipline.invoice.overdue',
} as const;

const invoice = z.object({ invoiceId: z.string(), number: z.string(), amount: z.number(), dueAt: z.string() });

export const invoiceEventSchemas = defineEvents({
  'payment-discipline.invoice.recorded': invoice,
  'payment-discipline.invoice.paid': invoice.extend({ paidAt: z.string(), onTime: z.boolean(), daysLate: z.number().int().min(0) }),
  'payment-discipline.invoice.written-off': invoice.extend({ reason: z.enum(['manual', 'account-archived']) }),
  'payment-discipline.invoice.overdue': invoice.extend({ daysPastDue: z.number().int().min(0) }),
});

/** Published once per invoice as it becomes overdue: the collections desk watches it live. */
export const OVERDUE_TOPIC = 'payment-discipline:invoiceOverdue';

export const paymentTopicSchemas = defineEvents({
  [OVERDUE_TOPIC]: invoice.extend({ daysPastDue: z.number().int().min(0) }),
} as const);

type Payloads = PayloadsOf<typeof invoiceEventSchemas> & PayloadsOf<typeof paymentTopicSchemas>;

declare global {
  interface KamEventPayloads extends Payloads {}
}

export type InvoiceEventPayload = z.output<typeof invoice>;
export type InvoicePaidPayload = EventPayload<'payment-discipline.invoice.paid'>;
export type InvoiceWrittenOffPayload = EventPayload<'payment-discipline.invoice.written-off'>;
export type InvoiceOverduePayload = EventPayload<'payment-discipline.invoice.overdue'>;
