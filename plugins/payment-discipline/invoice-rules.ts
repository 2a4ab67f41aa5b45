/**
 * When an invoice is overdue, and how late a payment was:
 * one definition used by the service, the schema, the stave and the job, so
 * they never disagree about what "overdue" means.
 */
export const DAY_MS = 86_400_000;


/** An open invoice is overdue once `graceDays` have passed since its due date: due before this instant. */
export function overdueCutoff(now: Date, graceDays: number): Date {
  return new Date(now.getTime() - graceDays * DAY_MS);
}

export function isOverdue(invoice: { dueAt: Date }, now: Date, graceDays: number): boolean {
  return invoice.dueAt.getTime() < overdueCutoff(now, graceDays).getTime();
}

/** Whole days since the due date (0 before it): what a finance contact calls "23 days overdue". */
export function daysPastDue(dueAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / DAY_MS));
}

/** Paid within the grace period counts as on time: it never became overdue. */
export function paidOnTime(invoice: { dueAt: Date; paidAt: Date }, graceDays: number): boolean {
  return invoice.paidAt.getTime() <= invoice.dueAt.getTime() + graceDays * DAY_MS;
}

const cny = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** `CNY 48,000`: amounts as people read them in reasons and actions. */
export function formatCny(amount: number): string {
  return `CNY ${cny.format(amount)}`;
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
