/**
 * The `overdue-scan` job: emits `payment-discipline.invoice.overdue` once per
 * invoice when it crosses its due date plus the grace period. The event makes
 * the health engine rescore that account right away (not at the next
 * periodic pass) and shows up in event feeds and dashboards.
 *
 * Idempotent through `overdueAnnouncedAt`: an invoice is claimed with a
 * conditional update in the same transaction as its event, so a re-run, or
 * two instances running at once, announce it exactly once. Only invoices that
 * crossed within the last `overdueCriticalDays` are considered, which bounds
 * the work per run; older ones are at the bottom of the stave anyway.
 */
import type { PluginRuntime } from 'kam-graphql/plugin';
import { invoiceEvents, OVERDUE_TOPIC, type InvoiceOverduePayload } from './invoice-events.js';
import { eventPayload } from './invoice-service.js';
import { DAY_MS, daysPastDue, overdueCutoff } from './invoice-rules.js';
import type { PaymentOptions } from './options.js';

export const OVERDUE_SCAN_JOB = 'overdue-scan';

/** Returns how many invoices were announced as overdue. */
export async function scanOverdueInvoices(runtime: PluginRuntime<PaymentOptions>): Promise<number> {
  const now = runtime.now();
  const cutoff = overdueCutoff(now, runtime.options.graceDays);
  const since = new Date(cutoff.getTime() - runtime.options.overdueCriticalDays * DAY_MS);
  const announced = await runtime.transaction(async (tx, emit) => {
    const crossed = await tx.invoice.findMany({
      where: { status: 'OPEN', overdueAnnouncedAt: null, dueAt: { lt: cutoff, gte: since }, account: { status: 'ACTIVE' } },
      select: { id: true, accountId: true, number: true, amount: true, dueAt: true },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    });
    let count = 0;
    for (const invoice of crossed) {
      const claimed = await tx.invoice.updateMany({ where: { id: invoice.id, overdueAnnouncedAt: null }, data: { overdueAnnouncedAt: now } });
      if (claimed.count === 0) continue;
      const payload: InvoiceOverduePayload = { ...eventPayload(invoice), daysPastDue: daysPastDue(invoice.dueAt, now) };
      emit(invoiceEvents.overdue, invoice.accountId, payload);
      // And live, for whoever watches collections (published after commit, like the event).
      emit(OVERDUE_TOPIC, invoice.accountId, payload);
      count += 1;
    }
    return count;
  });
  if (announced > 0) runtime.log(`${announced} invoice(s) became overdue`);
  return announced;
}
