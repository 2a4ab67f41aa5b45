/**
 * payment-discipline: invoices per account and how reliably they are paid,
 * as a health stave (PAYMENT), GraphQL fields on Account, events, an hourly
 * overdue scan, a live topic of newly overdue invoices, agenda items for
 * collection and demo data. Written only against the plugin kit.
 */
import { definePlugin, readPortfolio, salesManagement, topManagement } from 'kam-graphql/plugin';
import { seedDemoInvoices } from './demo-seed.js';
import { invoiceAgenda } from './invoice-agenda.js';
import { invoiceEventSchemas, paymentTopicSchemas } from './invoice-events.js';
import { onAccountArchived } from './invoice-handlers.js';
import { registerInvoiceSchema } from './invoice-schema.js';
import { paymentOptionsSchema, type PaymentOptions } from './options.js';
import { OVERDUE_SCAN_JOB, scanOverdueInvoices } from './overdue-scan.js';
import { paymentStave } from './payment-stave.js';

export default definePlugin<PaymentOptions>({
  name: 'payment-discipline',
  version: '1.0.0',
  core: '^1.0.0',
  options: paymentOptionsSchema,
  events: invoiceEventSchemas,
  topics: paymentTopicSchemas,
  agenda: invoiceAgenda,
  // Reading invoices follows the account; collecting them is sales management's, writing off top management's.
  access: {
    'Query.overdueInvoices': readPortfolio('The collections list of overdue invoices', 'invoices:read'),
    'Mutation.recordInvoice': salesManagement('Record an invoice', 'invoices:write'),
    'Mutation.markInvoicePaid': salesManagement('Mark an invoice paid', 'invoices:write'),
    'Mutation.writeOffInvoice': topManagement('Write an invoice off'),
    'Subscription.invoiceOverdue': readPortfolio('Live: invoices becoming overdue (only of accounts one may read)', 'invoices:read'),
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
