/**
 * The `overdue-scan` job: emits `payment-discipline.invoice.overdue` once per
 * invoice when it crosses its due date plus the grace period. The event makes
 * the health engine rescore that account right away (not at the next
 * periodic pass) and shows up in event feeds and dashboards.
 *
 * Idempotent without a column of its own: the outbox already records which
 * invoices were announced, so the job reads it back in the same transaction.
 * Only invoices that crossed within the last `overdueCriticalDays` are
 * considered, which bounds the work per run; older ones were announced long ago
 * (or, if the job was off for that long, are at the bottom of the stave anyway).
 */
import type { PluginRuntime } from '../../src/plugins/contract.js';
import { eventPayload, type InvoiceOverduePayload } from './invoice-service.js';
import { DAY_MS, daysPastDue, invoiceEvents, overdueCutoff } from './invoice-rules.js';
import type { PaymentOptions } from './options.js';

export const OVERDUE_SCAN_JOB = 'overdue-scan';

/** Returns how many invoices were announced as overdue. */
export async function scanOverdueInvoices(runtime: PluginRuntime<PaymentOptions>): Promise<number> {
  const now = runtime.now();
  const cutoff = overdueCutoff(now, runtime.options.graceDays);
  const since = new Date(cutoff.getTime() - runtime.options.overdueCriticalDays * DAY_MS);
  const announced = await runtime.transaction(async (tx, emit) => {
    const crossed = await tx.invoice.findMany({
      where: { status: 'OPEN', dueAt: { lt: cutoff, gte: since }, account: { status: 'ACTIVE' } },
      select: { id: true, accountId: true, number: true, amount: true, dueAt: true },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    });
    if (crossed.length === 0) return 0;
    const previous = await tx.outboxEvent.findMany({
      where: { name: invoiceEvents.overdue, accountId: { in: [...new Set(crossed.map((i) => i.accountId))] } },
      select: { payload: true },
    });
    const done = new Set(previous.map((e) => (JSON.parse(e.payload) as Partial<InvoiceOverduePayload>).invoiceId));
    let count = 0;
    for (const invoice of crossed) {
      if (done.has(invoice.id)) continue;
      const payload: InvoiceOverduePayload = { ...eventPayload(invoice), daysPastDue: daysPastDue(invoice.dueAt, now) };
      emit(invoiceEvents.overdue, invoice.accountId, payload);
      count += 1;
    }
    return count;
  });
  if (announced > 0) runtime.log(`${announced} invoice(s) became overdue`);
  return announced;
}
