/**
 * The PAYMENT stave: how reliably the account pays. A key account that pays
 * late is a relationship problem as much as a finance one, so it belongs on
 * the barrel next to relationship, sales and service.
 *
 * Factors (each 0-100, with a reason and a suggested action):
 *  - overdue-invoices  (weight 3): share of the open amount and count that is overdue;
 *  - oldest-overdue    (weight 4): age of the oldest overdue invoice, falling
 *                                  to 0 at `overdueCriticalDays` past due;
 *  - on-time-payments  (weight 2): invoices paid on time in the last `onTimeWindowDays`.
 *
 * Time comes from `ctx.now` only, so the engine's periodic pass makes an
 * unpaid invoice weigh more every day. One SQL statement per call, whatever
 * the number of accounts.
 */
import { weightedScore, type StaveContext, type StaveDefinition, type StaveFactor, type StaveScore } from 'kam-graphql/plugin';
import { DAY_MS, daysPastDue, formatCny, isoDay, isOverdue, paidOnTime, plural } from './invoice-rules.js';
import { DEFAULT_OPTIONS, type PaymentOptions } from './options.js';

export const PAYMENT_STAVE_ID = 'PAYMENT';

export const FACTOR_WEIGHTS = { overdueInvoices: 3, oldestOverdue: 4, onTimePayments: 2 } as const;

/** What the stave needs of an invoice; one row shape for the one query. */
export interface StaveInvoice {
  accountId: string;
  number: string;
  amount: number;
  dueAt: Date;
  paidAt: Date | null;
  status: 'OPEN' | 'PAID' | 'WRITTEN_OFF';
}

type Settings = Pick<PaymentOptions, 'graceDays' | 'overdueCriticalDays' | 'onTimeWindowDays'>;

function overdueInvoicesFactor(open: StaveInvoice[], overdue: StaveInvoice[]): StaveFactor {
  const openAmount = open.reduce((sum, i) => sum + i.amount, 0);
  const overdueAmount = overdue.reduce((sum, i) => sum + i.amount, 0);
  const base = { key: 'overdue-invoices', label: 'Overdue invoices', weight: FACTOR_WEIGHTS.overdueInvoices };
  if (overdue.length === 0) {
    return {
      ...base,
      score: 100,
      reason:
        open.length === 1
          ? `The open invoice (${formatCny(openAmount)}) is not overdue.`
          : `None of the ${open.length} open invoices (${formatCny(openAmount)}) is overdue.`,
      suggestedAction: null,
    };
  }
  const amountShare = openAmount > 0 ? overdueAmount / openAmount : 1;
  const countShare = overdue.length / open.length;
  // At most 60 points off: how old the debt is (the next factor) is what drives a score to 0.
  const score = Math.round(100 - 60 * (0.7 * amountShare + 0.3 * countShare));
  const numbers = overdue.map((i) => i.number).join(', ');
  return {
    ...base,
    score,
    reason:
      `${overdue.length} of ${plural(open.length, 'open invoice')} ${overdue.length === 1 ? 'is' : 'are'} overdue: ` +
      `${formatCny(overdueAmount)} of ${formatCny(openAmount)} (${Math.round(amountShare * 100)}%).`,
    // One overdue invoice: the oldest-overdue factor already says what to do about it; no duplicate action.
    suggestedAction:
      overdue.length === 1
        ? null
        : `Send the account's finance contact a statement of the ${overdue.length} overdue invoices (${numbers}; ${formatCny(overdueAmount)}) and agree payment dates.`,
  };
}

function oldestOverdueFactor(overdue: StaveInvoice[], now: Date, settings: Settings): StaveFactor {
  const base = { key: 'oldest-overdue', label: 'Oldest overdue invoice', weight: FACTOR_WEIGHTS.oldestOverdue };
  const oldest = overdue[0]; // sorted by due date
  if (!oldest) return { ...base, score: 100, reason: 'No invoice is overdue.', suggestedAction: null };
  const days = daysPastDue(oldest.dueAt, now);
  const score = Math.max(0, Math.min(100, Math.round(100 * (1 - days / settings.overdueCriticalDays))));
  const what = `invoice ${oldest.number} (${formatCny(oldest.amount)}), ${plural(days, 'day')} overdue`;
  return {
    ...base,
    score,
    reason: `The oldest overdue invoice, ${oldest.number} (${formatCny(oldest.amount)}), was due on ${isoDay(oldest.dueAt)}: ${plural(days, 'day')} ago.`,
    suggestedAction:
      days >= settings.overdueCriticalDays
        ? `Escalate ${what}: have your top management raise it with theirs and agree a payment plan.`
        : `Call the account's finance contact about ${what}.`,
  };
}

function onTimeFactor(paid: StaveInvoice[], settings: Settings): StaveFactor {
  const late = paid.filter((i) => !paidOnTime({ dueAt: i.dueAt, paidAt: i.paidAt! }, settings.graceDays));
  const onTime = paid.length - late.length;
  const ratio = onTime / paid.length;
  const averageDaysLate = late.length === 0 ? 0 : Math.round(late.reduce((sum, i) => sum + daysPastDue(i.dueAt, i.paidAt!), 0) / late.length);
  return {
    key: 'on-time-payments',
    label: 'On-time payments',
    weight: FACTOR_WEIGHTS.onTimePayments,
    score: Math.round(100 * ratio),
    reason: `${onTime} of ${plural(paid.length, 'invoice')} paid in the last ${settings.onTimeWindowDays} days ${paid.length === 1 ? 'was' : 'were'} paid on time (${Math.round(ratio * 100)}%).`,
    suggestedAction:
      ratio >= 0.8
        ? null
        : `Review payment terms with the account's finance contact: ${late.length} of the last ${plural(paid.length, 'invoice')} ${late.length === 1 ? 'was' : 'were'} paid late, by ${plural(averageDaysLate, 'day')} on average.`,
  };
}

/** Scores one account's invoices as they stood at `now`; null when there is nothing to judge. */
export function scoreAccount(invoices: readonly StaveInvoice[], now: Date, settings: Settings): StaveScore | null {
  const windowStart = now.getTime() - settings.onTimeWindowDays * DAY_MS;
  // Paid after `now` means still open at `now`: recomputing for an earlier date stays truthful.
  const open = invoices
    .filter((i) => i.status === 'OPEN' || (i.status === 'PAID' && i.paidAt !== null && i.paidAt.getTime() > now.getTime()))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.number.localeCompare(b.number));
  const paid = invoices.filter(
    (i) => i.status === 'PAID' && i.paidAt !== null && i.paidAt.getTime() <= now.getTime() && i.paidAt.getTime() >= windowStart,
  );
  const overdue = open.filter((i) => isOverdue(i, now, settings.graceDays));
  const factors: StaveFactor[] = [];
  if (open.length > 0) factors.push(overdueInvoicesFactor(open, overdue), oldestOverdueFactor(overdue, now, settings));
  if (paid.length > 0) factors.push(onTimeFactor(paid, settings));
  if (factors.length === 0) return null;
  return { score: weightedScore(factors), factors };
}

/** The stave definition; core hands compute() this plugin's validated options in `ctx.options`. */
export const paymentStave: StaveDefinition<PaymentOptions> = {
  id: PAYMENT_STAVE_ID,
  label: 'Payment discipline',
  async compute(accountIds: readonly string[], ctx: StaveContext<PaymentOptions>): Promise<Map<string, StaveScore>> {
    const scores = new Map<string, StaveScore>();
    if (accountIds.length === 0) return scores;
    const settings = ctx.options ?? DEFAULT_OPTIONS;
    const windowStart = new Date(ctx.now.getTime() - settings.onTimeWindowDays * DAY_MS);
    // The whole batch in one statement: open invoices, and those paid recently enough to matter.
    const rows = await ctx.prisma.invoice.findMany({
      where: {
        accountId: { in: [...accountIds] },
        OR: [{ status: 'OPEN' }, { status: 'PAID', paidAt: { gte: windowStart } }],
      },
      select: { accountId: true, number: true, amount: true, dueAt: true, paidAt: true, status: true },
    });
    const byAccount = new Map<string, StaveInvoice[]>();
    for (const row of rows) {
      const list = byAccount.get(row.accountId);
      if (list) list.push(row);
      else byAccount.set(row.accountId, [row]);
    }
    for (const [accountId, invoices] of byAccount) {
      const score = scoreAccount(invoices, ctx.now, settings);
      if (score) scores.set(accountId, score);
    }
    return scores;
  },
};
