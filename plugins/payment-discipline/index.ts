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
  // Reading invoices follows the account; collecting them is sales management's, writing off top management's.
  access: {
    'Query.overdueInvoices': {
      summary: 'The collections list of overdue invoices',
      staff: { TOP: 'all', MIDDLE: 'department', FRONTLINE: 'team' },
      serviceScope: 'invoices:read',
    },
    'Mutation.recordInvoice': {
      summary: 'Record an invoice',
      staff: { TOP: 'all', MIDDLE: 'department', FRONTLINE: 'none' },
      serviceScope: 'invoices:write',
    },
    'Mutation.markInvoicePaid': {
      summary: 'Mark an invoice paid',
      staff: { TOP: 'all', MIDDLE: 'department', FRONTLINE: 'none' },
      serviceScope: 'invoices:write',
    },
    'Mutation.writeOffInvoice': {
      summary: 'Write an invoice off',
      staff: { TOP: 'all', MIDDLE: 'none', FRONTLINE: 'none' },
    },
  },
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
