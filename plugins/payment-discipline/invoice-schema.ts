/**
 * GraphQL for invoices: the Invoice node, `Account.invoices` and
 * `Account.paymentDiscipline` on the core Account type, a portfolio-wide
 * list of overdue invoices, and three mutations with typed errors.
 *
 * Resolvers stay thin: decode IDs, call the service with the request's
 * transaction and clock, map domain errors with runMutation.
 */
import {
  DataLoader,
  idOf,
  InvoiceStatus,
  liveSubscription,
  relationConnection,
  rootConnection,
  runMutation,
  type KamSchemaBuilder,
  type OutboxTopicMessage,
  type PluginContext,
  type SchemaContribution,
  type SortKey,
} from 'kam-graphql/plugin';
import { OVERDUE_TOPIC, type InvoiceOverduePayload } from './invoice-events.js';
import { createInvoiceService } from './invoice-service.js';
import { daysPastDue, isOverdue, overdueCutoff, paidOnTime } from './invoice-rules.js';
import type { PaymentOptions } from './options.js';

const OLDEST_DUE_FIRST: readonly SortKey[] = [
  { field: 'dueAt', direction: 'asc' },
  { field: 'id', direction: 'asc' },
];

const EVENT_INVOICES = Symbol('invoices of a live event');

/** The invoice a live notice names, loaded once per event for all its subscribers. */
function invoicesOfEvent(ctx: PluginContext) {
  return ctx.loaders.get(EVENT_INVOICES, () => new DataLoader<string, unknown>(async (ids) => {
    const rows = await ctx.prisma.invoice.findMany({ where: { id: { in: [...ids] } } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }) as DataLoader<string, never>);
}

/** `Account.paymentDiscipline`: what finance and the account team need at a glance. */
export interface PaymentSummary {
  openCount: number;
  openAmount: number;
  overdueCount: number;
  overdueAmount: number;
  oldestOverdueDays: number | null;
}

const SUMMARY_LOADER = Symbol('payment summaries');

/** One loader per request: a page of N accounts costs one statement, not N. */
function summaryLoader(ctx: PluginContext, load: (accountIds: readonly string[]) => Promise<PaymentSummary[]>): DataLoader<string, PaymentSummary> {
  return ctx.loaders.get(SUMMARY_LOADER, () => new DataLoader(load, { maxBatchSize: 500 }));
}

export function registerInvoiceSchema(builder: KamSchemaBuilder, { options, core }: SchemaContribution<PaymentOptions>) {
  const { graceDays } = options;

  const InvoiceStatusEnum = builder.enumType(InvoiceStatus, {
    name: 'InvoiceStatus',
    description: 'Where an invoice stands: OPEN until paid or written off.',
  });

  const Invoice = builder.prismaNode('Invoice', {
    id: { field: 'id' },
    nullable: true,
    description: 'An invoice issued to an account (payment-discipline plugin).',
    fields: (t) => ({
      number: t.exposeString('number', { description: 'The invoice number as printed; unique per account.' }),
      amount: t.exposeFloat('amount', { description: 'Amount in CNY.' }),
      issuedAt: t.expose('issuedAt', { type: 'DateTime' }),
      dueAt: t.expose('dueAt', { type: 'DateTime' }),
      paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true }),
      status: t.expose('status', { type: InvoiceStatusEnum }),
      account: t.relation('account'),
      overdue: t.boolean({
        // Descriptions name the option rather than its value, so the checked-in SDL does not change with the configuration.
        description: 'Open and more than the grace period (option graceDays) past its due date.',
        resolve: (i, _args, ctx) => i.status === 'OPEN' && isOverdue(i, ctx.now(), graceDays),
      }),
      daysOverdue: t.int({
        nullable: true,
        description: 'Days since the due date while the invoice is overdue; null otherwise.',
        resolve: (i, _args, ctx) => (i.status === 'OPEN' && isOverdue(i, ctx.now(), graceDays) ? daysPastDue(i.dueAt, ctx.now()) : null),
      }),
      paidOnTime: t.boolean({
        nullable: true,
        description: 'For paid invoices: paid within the grace period after the due date.',
        resolve: (i) => (i.status === 'PAID' && i.paidAt ? paidOnTime({ dueAt: i.dueAt, paidAt: i.paidAt }, graceDays) : null),
      }),
    }),
  });

  const InvoiceFilter = builder.inputType('InvoiceFilter', {
    fields: (t) => ({
      statuses: t.field({ type: [InvoiceStatusEnum], description: 'Any of these statuses; all when omitted.' }),
      overdue: t.boolean({ description: 'true: only overdue invoices; false: only those that are not overdue.' }),
    }),
  });

  type Filter = { statuses?: readonly InvoiceStatus[] | null; overdue?: boolean | null } | null | undefined;
  const invoiceWhere = (filter: Filter, now: Date) => {
    const cutoff = overdueCutoff(now, graceDays);
    const overdueWhere = { status: 'OPEN' as const, dueAt: { lt: cutoff } };
    return {
      AND: [
        filter?.statuses?.length ? { status: { in: [...filter.statuses] } } : {},
        filter?.overdue === true ? overdueWhere : {},
        filter?.overdue === false ? { NOT: overdueWhere } : {},
      ],
    };
  };

  builder.objectField(core.Account, 'invoices', (t) =>
    relationConnection(t, {
      type: Invoice,
      model: 'Invoice',
      foreignKey: 'accountId',
      totalCount: true,
      description: 'Invoices issued to this account, oldest due date first (payment-discipline plugin).',
      args: { filter: t.arg({ type: InvoiceFilter }) },
      order: () => OLDEST_DUE_FIRST,
      where: (args, ctx) => invoiceWhere(args.filter, ctx.now()),
    }),
  );

  const PaymentDiscipline = builder.objectRef<PaymentSummary>('PaymentDiscipline').implement({
    description: 'Open and overdue invoices of an account; overdue means more than the grace period (option graceDays) past due.',
    fields: (t) => ({
      openCount: t.exposeInt('openCount'),
      openAmount: t.exposeFloat('openAmount', { description: 'CNY' }),
      overdueCount: t.exposeInt('overdueCount'),
      overdueAmount: t.exposeFloat('overdueAmount', { description: 'CNY' }),
      oldestOverdueDays: t.exposeInt('oldestOverdueDays', {
        nullable: true,
        description: 'Days since the due date of the oldest overdue invoice; null when none is overdue.',
      }),
    }),
  });

  builder.prismaObjectField(core.Account, 'paymentDiscipline', (t) =>
    t.field({
      type: PaymentDiscipline,
      description: 'Payment discipline at a glance (payment-discipline plugin).',
      resolve: (account, _args, ctx) =>
        summaryLoader(ctx, async (accountIds) => {
          const now = ctx.now();
          const open = await ctx.prisma.invoice.findMany({
            where: { accountId: { in: [...accountIds] }, status: 'OPEN' },
            select: { accountId: true, amount: true, dueAt: true },
          });
          const summaries = new Map<string, PaymentSummary>(
            accountIds.map((id) => [id, { openCount: 0, openAmount: 0, overdueCount: 0, overdueAmount: 0, oldestOverdueDays: null }]),
          );
          for (const invoice of open) {
            const s = summaries.get(invoice.accountId)!;
            s.openCount += 1;
            s.openAmount += invoice.amount;
            if (isOverdue(invoice, now, graceDays)) {
              s.overdueCount += 1;
              s.overdueAmount += invoice.amount;
              s.oldestOverdueDays = Math.max(s.oldestOverdueDays ?? 0, daysPastDue(invoice.dueAt, now));
            }
          }
          return accountIds.map((id) => summaries.get(id)!);
        }).load(account.id),
    }),
  );

  // Only invoices of the accounts the viewer reaches with this query.
  const overdueWhere = (ctx: PluginContext) => ({
    status: 'OPEN' as const,
    dueAt: { lt: overdueCutoff(ctx.now(), graceDays) },
    account: { AND: [{ status: 'ACTIVE' as const }, ctx.access.accountWhere('Query.overdueInvoices') ?? {}] },
  });

  /** An invoice's account must be within the mutation's reach; an invoice one cannot see is "not found". */
  const authorizeInvoice = async (ctx: PluginContext, coordinate: string, id: string) => {
    await ctx.access.authorizeRecord(coordinate, 'Invoice', id, ['id']);
    return id;
  };

  builder.queryFields((t) => ({
    overdueInvoices: rootConnection(t, {
      type: Invoice,
      model: 'Invoice',
      description: 'Overdue invoices of active accounts across the portfolio, oldest due date first: the collections list.',
      totalCount: true,
      scopedBy: 'Query.overdueInvoices',
      order: () => OLDEST_DUE_FIRST,
      where: (_args, ctx) => overdueWhere(ctx),
    }),
  }));

  const InvoicePayload = core.errors.payload('InvoicePayload', 'invoice', Invoice);

  const RecordInvoiceInput = builder.inputType('RecordInvoiceInput', {
    fields: (t) => ({
      accountId: t.id({ required: true }),
      number: t.string({ required: true, description: 'As printed; unique per account.' }),
      amount: t.float({ required: true, description: 'CNY, positive.' }),
      issuedAt: t.field({ type: 'DateTime', required: true }),
      dueAt: t.field({ type: 'DateTime', required: true }),
    }),
  });

  // The request's transaction and clock: events land in the outbox with the change, and tests can move time.
  const service = (ctx: { transaction: Parameters<typeof createInvoiceService>[0]['transaction']; now: () => Date }) =>
    createInvoiceService({ transaction: ctx.transaction, now: ctx.now, options });

  builder.mutationFields((t) => ({
    recordInvoice: t.field({
      type: InvoicePayload,
      description: 'Records an invoice issued to an active account.',
      args: { input: t.arg({ type: RecordInvoiceInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('invoice', async () => {
          const accountId = idOf(input.accountId, 'Account', ['input', 'accountId']);
          await ctx.access.authorizeAccount('Mutation.recordInvoice', accountId, ['input', 'accountId']);
          return service(ctx).record({ ...input, accountId });
        }),
    }),
    markInvoicePaid: t.field({
      type: InvoicePayload,
      description: 'Marks an open invoice paid; `paidAt` defaults to now and cannot be in the future.',
      args: { id: t.arg.id({ required: true }), paidAt: t.arg({ type: 'DateTime' }) },
      resolve: (_root, { id, paidAt }, ctx) =>
        runMutation('invoice', async () =>
          service(ctx).markPaid(await authorizeInvoice(ctx, 'Mutation.markInvoicePaid', idOf(id, 'Invoice', ['id'])), paidAt),
        ),
    }),
    writeOffInvoice: t.field({
      type: InvoicePayload,
      description: 'Gives up on collecting an open invoice.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx) =>
        runMutation('invoice', async () =>
          service(ctx).writeOff(await authorizeInvoice(ctx, 'Mutation.writeOffInvoice', idOf(id, 'Invoice', ['id']))),
        ),
    }),
  }));

  const InvoiceOverdueNotice = builder.objectRef<OutboxTopicMessage>('InvoiceOverdueNotice').implement({
    description: 'An invoice that just became overdue (payment-discipline plugin).',
    fields: (t) => ({
      id: t.id({ description: 'The event id: pass it back as `after` to resume from here.', resolve: (m) => String(m.seq) }),
      invoice: t.field({
        type: Invoice,
        nullable: true,
        resolve: (m, _args, ctx) => invoicesOfEvent(ctx).load((m.payload as InvoiceOverduePayload).invoiceId),
      }),
      number: t.string({ resolve: (m) => (m.payload as InvoiceOverduePayload).number }),
      amount: t.float({ description: 'CNY', resolve: (m) => (m.payload as InvoiceOverduePayload).amount }),
      daysPastDue: t.int({ resolve: (m) => (m.payload as InvoiceOverduePayload).daysPastDue }),
      occurredAt: t.field({ type: 'DateTime', resolve: (m) => new Date(m.occurredAt) }),
    }),
  });

  builder.subscriptionFields((t) => ({
    invoiceOverdue: liveSubscription(t, {
      type: InvoiceOverdueNotice,
      topic: OVERDUE_TOPIC,
      description: 'Invoices of the accounts one may read as they become overdue (once each), for the collections desk.',
    }),
  }));

  return { Invoice, InvoiceStatusEnum, PaymentDiscipline };
}
