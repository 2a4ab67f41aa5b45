/**
 * Demo invoices for the demo portfolio: a year of monthly invoices per
 * active account, most paid on time, some paid late, and a few accounts that
 * have stopped paying, so the PAYMENT stave has something to say.
 *
 * Deterministic: the same seed number and `now` give the same rows, ids
 * included. Runs once: a database that already has invoices is left alone.
 */
import type { SeedContext } from 'kam-graphql/plugin';
import { DAY_MS } from './invoice-rules.js';
import type { PaymentOptions } from './options.js';

/** mulberry32: a tiny seeded generator; demo data must never touch Math.random. */
function createRandom(seed: number): { next(): number; int(min: number, max: number): number } {
  let a = (Math.imul((Math.trunc(seed) ^ 0x5bd1e995) >>> 0, 0x27d4eb2d) + 0x1b873593) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

type Habit = 'prompt' | 'slow' | 'stopped';

export interface DemoInvoice {
  id: string;
  accountId: string;
  number: string;
  amount: number;
  issuedAt: Date;
  dueAt: Date;
  paidAt: Date | null;
  status: 'OPEN' | 'PAID';
}

/** Pure: the invoices for these accounts, as of `now`. */
export function buildDemoInvoices(
  accounts: readonly { id: string; tier: 'KEY' | 'GENERAL'; annualSales: number | null }[],
  seed: number,
  now: Date,
): DemoInvoice[] {
  const rng = createRandom(seed);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const invoices: DemoInvoice[] = [];
  const habits = accounts.map((account): Habit => {
    const roll = rng.next();
    return roll < (account.tier === 'KEY' ? 0.2 : 0.1) ? 'stopped' : roll < 0.45 ? 'slow' : 'prompt';
  });
  // The demo must show a key account whose shortest stave is PAYMENT, whatever the seed.
  const firstKey = accounts.findIndex((a) => a.tier === 'KEY');
  if (firstKey >= 0 && !accounts.some((a, i) => a.tier === 'KEY' && habits[i] === 'stopped')) habits[firstKey] = 'stopped';
  accounts.forEach((account, index) => {
    const habit = habits[index]!;
    const months = account.tier === 'KEY' ? rng.int(9, 12) : rng.int(3, 6);
    const monthly = Math.max(20_000, ((account.annualSales ?? 20e6) * 0.004) / 12);
    // Payment terms: net 30, issued roughly monthly; the newest invoice is not yet due.
    // Stopped payers leave their last 3-4 invoices unpaid: the older ones are a month or two overdue.
    const stoppedAfter = months - rng.int(3, 4);
    for (let m = 0; m < months; m++) {
      const issuedAt = new Date(today - ((months - 1 - m) * 30 + rng.int(1, 5)) * DAY_MS);
      const dueAt = new Date(issuedAt.getTime() + 30 * DAY_MS);
      const amount = Math.round((monthly * (0.6 + rng.next() * 0.8)) / 100) * 100;
      const lateBy = habit === 'prompt' ? -rng.int(0, 10) : habit === 'slow' ? rng.int(-5, 35) : rng.int(0, 20);
      const paidAt = new Date(dueAt.getTime() + lateBy * DAY_MS);
      const unpaid = paidAt.getTime() > today || (habit === 'stopped' && m >= stoppedAfter);
      const seq = String(m + 1).padStart(4, '0');
      invoices.push({
        id: `inv_${account.id}_${seq}`,
        accountId: account.id,
        number: `JR-${issuedAt.getUTCFullYear()}-${String(index + 1).padStart(3, '0')}${seq}`,
        amount,
        issuedAt,
        dueAt,
        paidAt: unpaid ? null : paidAt,
        status: unpaid ? 'OPEN' : 'PAID',
      });
    }
  });
  return invoices;
}

export async function seedDemoInvoices(ctx: SeedContext<PaymentOptions>): Promise<void> {
  if ((await ctx.prisma.invoice.count()) > 0) {
    ctx.log('demo invoices: the database already has invoices, leaving them alone');
    return;
  }
  const accounts = await ctx.prisma.account.findMany({
    where: { status: 'ACTIVE' },
    orderBy: { id: 'asc' },
    select: { id: true, tier: true, annualSales: true },
  });
  const invoices = buildDemoInvoices(accounts, ctx.seed, ctx.now());
  // Demo rows, not business changes: no events. The caller rescores every account after seeding.
  await ctx.transaction((tx) => tx.invoice.createMany({ data: invoices }));
  ctx.log(`demo invoices: ${invoices.length} for ${accounts.length} accounts`);
}
