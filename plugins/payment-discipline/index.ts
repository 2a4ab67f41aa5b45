/**
 * payment-discipline: invoices per account and how reliably they are paid,
 * as a health stave (PAYMENT), GraphQL fields on Account, events, an hourly
 * overdue scan and demo data. Written only against src/plugins/contract.ts.
 */
import { definePlugin } from '../../src/plugins/contract.js';
import { seedDemoInvoices } from './demo-seed.js';
import { onAccountArchived } from './invoice-handlers.js';
import { invoiceEvents } from './invoice-rules.js';
import { registerInvoiceSchema } from './invoice-schema.js';
import { paymentOptionsSchema, type PaymentOptions } from './options.js';
import { OVERDUE_SCAN_JOB, scanOverdueInvoices } from './overdue-scan.js';
import { paymentStave } from './payment-stave.js';

export default definePlugin<PaymentOptions>({
  name: 'payment-discipline',
  version: '1.0.0',
  core: '^1.0.0',
  options: paymentOptionsSchema,
  events: [invoiceEvents.recorded, invoiceEvents.paid, invoiceEvents.writtenOff, invoiceEvents.overdue],
  schema: registerInvoiceSchema,
  on: { 'core.account.archived': onAccountArchived },
  stave: paymentStave,
  jobs: [
    {
      name: OVERDUE_SCAN_JOB,
      every: '1h',
      run: async (runtime) => {
        await scanOverdueInvoices(runtime);
      },
    },
  ],
  seed: seedDemoInvoices,
});
