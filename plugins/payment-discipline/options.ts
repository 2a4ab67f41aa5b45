/**
 * The plugin's options, as given under `options` in kam.config.json. The
 * loader validates them at boot with this schema, so a typo or a bad value
 * stops the boot with a message naming the plugin and the option.
 */
import { z } from 'kam-graphql/plugin';

export const paymentOptionsSchema = z
  .strictObject({
    /** Days after the due date before an open invoice counts as overdue. */
    graceDays: z.number().int().min(0).default(7),
    /** Days past due at which an overdue invoice scores 0 and calls for escalation. */
    overdueCriticalDays: z.number().int().positive().default(60),
    /** How far back paid invoices count towards the on-time payment ratio. */
    onTimeWindowDays: z.number().int().positive().default(180),
    /**
     * When an account is archived, write off its open invoices that are
     * already `overdueCriticalDays` past due (nobody will chase them any more).
     * Younger open invoices stay open so finance still collects them.
     */
    writeOffOnArchive: z.boolean().default(true),
  })
  .refine((o) => o.overdueCriticalDays > o.graceDays, {
    path: ['overdueCriticalDays'],
    message: 'must be greater than graceDays',
  });

export type PaymentOptions = z.output<typeof paymentOptionsSchema>;

export const DEFAULT_OPTIONS: PaymentOptions = paymentOptionsSchema.parse({});
