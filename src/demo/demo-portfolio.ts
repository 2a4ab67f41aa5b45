/**
 * The whole demo: core portfolio, then each enabled plugin's demo data, then
 * a health pass so dashboards show scores from the first request.
 */
import type { Database } from '../db/database.js';
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
