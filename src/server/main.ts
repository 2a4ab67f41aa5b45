/**
 * Entry point: configuration, database (checked, then migrated on start-up),
 * demo data on an empty database, then the API; SIGTERM/SIGINT drain and
 * close cleanly. A failure to start prints one line naming its cause and fix
 * when the cause is a known one (src/server/startup-errors.ts).
 */
import { demoTokens, formatDemoTokens } from '../auth/demo-tokens.js';
import { resolveCursorSecret, resolveSigningSecret } from '../auth/signing-secret.js';
import { createTokenIssuer } from '../auth/tokens.js';
import { loadConfig } from '../config.js';
import { logger, setLogLevel } from '../log.js';
import { checkDatabase } from '../db/database-check.js';
import { openDatabase } from '../db/database.js';
import { applyMigrations } from '../db/migrations.js';
import { seedDemoPortfolioIfEmpty } from '../demo/demo-portfolio.js';
import { formatSeedSummary } from '../demo/seed.js';
import { readKamConfig } from '../plugins/plugin-config.js';
import { loadPlugins } from '../plugins/plugin-loader.js';
import { CORE_VERSION } from '../version.js';
import { createPubSub } from '../pubsub/create-pubsub.js';
import { createApp, GRAPHQL_PATH } from './app.js';
import { databaseStartupError, listenStartupError, startupFailureReport, type StartupError } from './startup-errors.js';

/** How long closing pubsub and the database may take after the grace period. */
const SHUTDOWN_MARGIN_MS = 1500;

async function main() {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const kamConfig = readKamConfig();
  const plugins = await loadPlugins(kamConfig, CORE_VERSION);
  const enabled = plugins.filter((p) => p.enabled).map((p) => `${p.plugin.name}@${p.plugin.version}`);
  logger.info(`plugins: ${enabled.length > 0 ? enabled.join(', ') : 'none'}`);
  const database = { url: config.databaseUrl, connectTimeoutMs: config.pgConnectTimeoutMs };
  const explainDatabase = explained((error) => databaseStartupError(error, database));
  // Before the migrations: their engine reports the same causes later and less precisely.
  await checkDatabase(database.url, database).catch(explainDatabase);
  const db = await openDatabase({
    url: config.databaseUrl,
    sqlite: { busyTimeoutMs: config.sqliteBusyTimeoutMs },
    postgres: { max: config.pgPoolMax, connectionTimeoutMs: config.pgConnectTimeoutMs },
    transactions: { maxWaitMs: config.transactionMaxWaitMs },
  });
  const applied = await applyMigrations(database.url, database).catch(explainDatabase);
  if (applied.length > 0) logger.info(`applied ${applied.length} migration(s): ${applied.join(', ')}`);

  const jwtSecret = resolveSigningSecret({ configured: config.auth.jwtSecret, jwksUrl: config.auth.jwksUrl, env: config.env });
  const cursorSecret = resolveCursorSecret({ configured: config.auth.cursorSecret, jwtSecret, env: config.env });
  const pubsub = createPubSub(config);
  const app = createApp({
    config: {
      ...config,
      auth: { ...config.auth, jwtSecret },
      cursorSecret,
      healthThresholds: kamConfig.health.thresholds,
      healthPeriodicEvery: kamConfig.health.periodicEvery,
    },
    db,
    plugins,
    pubsubHandle: pubsub,
  });

  const summary = config.demoSeed ? await seedDemoPortfolioIfEmpty({ db, runtime: app.runtime, plugins, seed: config.seed, log: logger.info }) : undefined;
  if (summary) {
    logger.info(`seeded demo data (seed ${config.seed}): ${formatSeedSummary(summary)}`);
    // Bearer tokens in a log outlive the demo: production never prints them (npm run token mints one on demand).
    if (jwtSecret && config.env !== 'production') {
      const mint = createTokenIssuer({ jwtSecret, issuer: config.auth.issuer, audience: config.auth.audience });
      logger.info(formatDemoTokens(await demoTokens(db.prisma, mint)));
    }
  }

  const address = await app
    .listen(config.port, config.host)
    .catch(explained((error) => listenStartupError(error, config.host, config.port)));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: draining requests and closing`);
    // Whatever hangs (a query stuck on another process's lock), the process is gone shortly after the grace period.
    setTimeout(() => {
      logger.warn('shutdown: still closing after the grace period; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + SHUTDOWN_MARGIN_MS).unref();
    await app.close();
    await pubsub.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  // Announced only once the signal handlers are in place: whoever waits for this line may stop the server at once.
  const url = `http://${address.address}:${address.port}${GRAPHQL_PATH}`;
  logger.info(`KAM GraphQL API on ${url} (${db.provider})${config.graphiql ? ' - open it in a browser for GraphiQL' : ''}`);
}

/** Rethrows a failure as the StartupError `classify` makes of it, or as it is when the cause is not a known one. */
function explained(classify: (error: unknown) => StartupError | undefined) {
  return (error: unknown): never => {
    throw classify(error) ?? error;
  };
}

main().catch((error) => {
  logger.error(startupFailureReport(error, { debug: Boolean(process.env.DEBUG) }));
  process.exit(1);
});
