/**
 * Seeds the demo data set from the command line:
 *
 *   DATABASE_URL=file:./data/kam.db SEED=42 npx tsx src/demo/seed-cli.ts [--reset]
 *
 * Opens the database (SQLite file or PostgreSQL URL), applies the committed
 * migrations, seeds, prints the summary and closes. Refuses to seed a
 * database that already has accounts unless --reset is given.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatabase, providerOf } from '../db/database.js';
import { applyMigrations } from '../db/migrations.js';
import { redactUrl } from '../redact-url.js';
import { readKamConfig } from '../plugins/plugin-config.js';
import { loadPlugins } from '../plugins/plugin-loader.js';
import { createInProcessPubSub } from '../server/pubsub.js';
import { createRuntime } from '../server/runtime.js';
import { CORE_VERSION } from '../version.js';
import { seedDemoPortfolio } from './demo-portfolio.js';
import type { SeedSummary } from './seed.js';

export const DEFAULT_DATABASE_URL = 'file:./data/kam.db';
export const DEFAULT_SEED = 42;

export const USAGE = `Usage: [DATABASE_URL=<url>] [SEED=<int>] tsx src/demo/seed-cli.ts [--reset]

  DATABASE_URL  file:<path> (SQLite) or postgresql://... (default ${DEFAULT_DATABASE_URL})
  SEED          integer seed; the same seed always gives the same data (default ${DEFAULT_SEED})
  --reset       delete existing accounts (with their plugin data), people, team members and demo staff first

Enabled plugins (kam.config.json, or KAM_CONFIG) add their demo data, and health is scored.`;

export interface SeedCliOptions {
  url: string;
  seed: number;
  reset: boolean;
  help: boolean;
}

export function parseSeedCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): SeedCliOptions {
  let reset = false;
  let help = false;
  for (const arg of argv) {
    if (arg === '--reset') reset = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else throw new Error(`Unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  providerOf(url); // fails early, without echoing the URL, on an unsupported scheme
  const rawSeed = env.SEED?.trim();
  const seed = rawSeed ? Number(rawSeed) : DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`SEED must be an integer, got ${JSON.stringify(rawSeed)}`);
  return { url, seed, reset, help };
}

export { redactUrl };

export async function runSeedCli(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = console.log,
): Promise<SeedSummary | null> {
  const options = parseSeedCliArgs(argv, env);
  if (options.help) {
    log(USAGE);
    return null;
  }
  log(`Database: ${redactUrl(options.url)}`);
  const applied = await applyMigrations(options.url);
  log(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'Migrations: up to date');

  const plugins = await loadPlugins(readKamConfig(), CORE_VERSION);
  const db = await openDatabase({ url: options.url });
  try {
    // Not started: the events the plugins' seeds emit wait in the outbox for the server.
    const runtime = createRuntime({ prisma: db.prisma, provider: db.provider, now: () => new Date(), pubsub: createInProcessPubSub(), plugins, config: {} });
    const summary = await seedDemoPortfolio({ db, runtime, plugins, seed: options.seed, reset: options.reset });
    log(`Seeded demo data (seed ${options.seed}${options.reset ? ', after reset' : ''}):`);
    log(`  accounts      ${summary.accounts}, ${summary.activeAccounts} active, ${summary.keyAccounts} key`);
    log(`  people        ${summary.people}`);
    log(`  staff         ${summary.staff}`);
    log(`  team members  ${summary.teamMembers}`);
    log('Tokens to try the API as each role: npm run -s token -- --demo');
    return summary;
  } finally {
    await db.close();
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runSeedCli().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
