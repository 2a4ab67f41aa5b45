/**
 * Reactions to events. Delivery is at least once: a handler can see the same
 * event again after a crash or a retry, so each one checks the current state
 * and changes only what still needs changing.
 */
import type { EventHandler } from 'kam-graphql/plugin';
import { invoiceEvents, type InvoiceWrittenOffPayload } from './invoice-events.js';
import { eventPayload } from './invoice-service.js';
import { DAY_MS, plural } from './invoice-rules.js';
import type { PaymentOptions } from './options.js';

/**
 * An archived account leaves the portfolio: nobody will chase its debts that
 * are already `overdueCriticalDays` past due, so they are written off (each
 * with its own event). Younger open invoices stay open for finance to collect.
 */
export const onAccountArchived: EventHandler<PaymentOptions, 'core.account.archived'> = async (event, runtime) => {
  const accountId = event.accountId;
  if (!runtime.options.writeOffOnArchive || !accountId) return;
  // Measured from when the account was archived, not when the event is handled: a late or repeated delivery decides the same.
  const dueBefore = new Date(event.occurredAt.getTime() - runtime.options.overdueCriticalDays * DAY_MS);
  const written = await runtime.transaction(async (tx, emit) => {
    // Restored again before we got here: leave its invoices alone.
    const account = await tx.account.findUnique({ where: { id: accountId }, select: { status: true } });
    if (account?.status !== 'ARCHIVED') return 0;
    const stale = await tx.invoice.findMany({
      where: { accountId, status: 'OPEN', dueAt: { lt: dueBefore } },
      select: { id: true, number: true, amount: true, dueAt: true },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    });
    if (stale.length === 0) return 0;
    await tx.invoice.updateMany({ where: { id: { in: stale.map((i) => i.id) }, status: 'OPEN' }, data: { status: 'WRITTEN_OFF' } });
    for (const invoice of stale) {
      const payload: InvoiceWrittenOffPayload = { ...eventPayload(invoice), reason: 'account-archived' };
      emit(invoiceEvents.writtenOff, accountId, payload);
    }
    return stale.length;
  });
  if (written > 0) runtime.log(`account ${accountId} archived: wrote off ${plural(written, 'invoice')} overdue by ${runtime.options.overdueCriticalDays}+ days`);
};
