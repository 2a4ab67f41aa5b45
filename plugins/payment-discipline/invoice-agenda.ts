/**
 * What collections puts on the agenda: every overdue open invoice of an
 * account, for its sales owner (the SALES member of the team), due at its
 * due date plus the grace period.
 */
import type { AgendaContribution } from 'kam-graphql/plugin';
import { invoiceEvents } from './invoice-events.js';
import { DAY_MS, formatCny, isoDay, overdueCutoff } from './invoice-rules.js';
import type { PaymentOptions } from './options.js';

export const invoiceAgenda: AgendaContribution<PaymentOptions> = {
  changedBy: [invoiceEvents.recorded, invoiceEvents.paid, invoiceEvents.writtenOff, invoiceEvents.overdue],
  async items(query, runtime) {
    const accounts = query.memberships.filter((m) => m.responsibility === 'SALES').map((m) => m.accountId);
    if (accounts.length === 0) return [];
    const grace = runtime.options.graceDays * DAY_MS;
    const due = await runtime.prisma.invoice.findMany({
      where: {
        accountId: { in: accounts },
        status: 'OPEN',
        // Overdue by now, or becoming so before the window ends.
        dueAt: { lt: new Date(query.to.getTime() - grace), gte: new Date(query.from.getTime() - grace - 365 * DAY_MS) },
        account: { status: 'ACTIVE' },
      },
      select: { id: true, accountId: true, number: true, amount: true, dueAt: true, account: { select: { name: true } } },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    });
    const overdueBefore = overdueCutoff(runtime.now(), runtime.options.graceDays);
    return due.map((invoice) => ({
      key: `collect:${invoice.id}`,
      kind: 'payment-discipline.collect-invoice',
      title: `Collect invoice ${invoice.number} of ${invoice.account.name} (${formatCny(invoice.amount)})`,
      accountId: invoice.accountId,
      responsibility: 'SALES' as const,
      staffId: null,
      dueAt: new Date(invoice.dueAt.getTime() + grace),
      action:
        invoice.dueAt < overdueBefore
          ? `Call ${invoice.account.name} about invoice ${invoice.number}, due ${isoDay(invoice.dueAt)}`
          : `Remind ${invoice.account.name} that invoice ${invoice.number} falls due on ${isoDay(invoice.dueAt)}`,
    }));
  },
};
