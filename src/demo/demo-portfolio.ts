/**
 * The whole demo: core portfolio, then each enabled plugin's demo data, then
 * a health pass so dashboards show scores from the first request.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import { DispatcherLease } from '../events/dispatcher-lease.js';
import type { LoadedPlugin } from '../plugins/plugin-loader.js';
import { seedPlugins } from '../plugins/plugin-runtime.js';
import type { Runtime } from '../server/runtime.js';
import { seedDemoData, type SeedSummary } from './seed.js';

export async function seedDemoPortfolio(options: {
  db: Database;
  runtime: Runtime;
  plugins: readonly LoadedPlugin[];
  seed: number;
  reset?: boolean;
}): Promise<SeedSummary> {
  const summary = await seedDemoData(options.db.prisma, { seed: options.seed, reset: options.reset });
  await seedPlugins(options.plugins, options.runtime.pluginDeps, options.seed);
  await options.runtime.health.recomputeAll({ name: 'demo.seed' });
  return summary;
}

/** Long enough for a seed on a slow machine; a seeding process that died is taken over after it. */
const SEED_LEASE_MS = 5 * 60_000;

/**
 * Seeds the demo into an empty database, once, however many instances start
 * on it together: they take turns on a lease, and whoever finds accounts
 * there (seeded by another, or by an earlier run) seeds nothing. Resolves
 * undefined when it did not seed; instances that wait serve the finished demo.
 */
export async function seedDemoPortfolioIfEmpty(options: Parameters<typeof seedDemoPortfolio>[0] & { log?: (message: string) => void }): Promise<SeedSummary | undefined> {
  const { prisma } = options.db;
  const lease = new DispatcherLease({ prisma, now: () => new Date(), holder: randomUUID(), leaseMs: SEED_LEASE_MS, log: () => undefined, name: 'demo-seed' });
  let waiting = false;
  for (;;) {
    if (await lease.hold()) {
      try {
        return (await prisma.account.count()) === 0 ? await seedDemoPortfolio(options) : undefined;
      } finally {
        await lease.release();
      }
    }
    if (!waiting) options.log?.('another instance is seeding the demo data; waiting for it');
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
