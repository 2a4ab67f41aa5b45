/**
 * Entry point: configuration, database (migrated on start-up), demo data on
 * an empty database, then the API; SIGTERM/SIGINT drain and close cleanly.
 */
import { demoTokens, formatDemoTokens } from '../auth/demo-tokens.js';
import { resolveSigningSecret } from '../auth/signing-secret.js';
import { createTokenIssuer } from '../auth/tokens.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { applyMigrations } from '../db/migrations.js';
import { seedDemoPortfolio } from '../demo/demo-portfolio.js';
import { readKamConfig } from '../plugins/plugin-config.js';
import { loadPlugins } from '../plugins/plugin-loader.js';
import { CORE_VERSION } from '../version.js';
import { createPubSub } from '../pubsub/create-pubsub.js';
import { createApp, GRAPHQL_PATH } from './app.js';

async function main() {
  const config = loadConfig();
  const kamConfig = readKamConfig();
  const plugins = await loadPlugins(kamConfig, CORE_VERSION);
  const enabled = plugins.filter((p) => p.enabled).map((p) => `${p.plugin.name}@${p.plugin.version}`);
  console.log(`plugins: ${enabled.length > 0 ? enabled.join(', ') : 'none'}`);
  const db = await openDatabase({
    url: config.databaseUrl,
    sqlite: { busyTimeoutMs: config.sqliteBusyTimeoutMs },
    postgres: { max: config.pgPoolMax, connectionTimeoutMs: config.pgConnectTimeoutMs },
  });
  const applied = await applyMigrations(config.databaseUrl, { connectTimeoutMs: config.pgConnectTimeoutMs });
  if (applied.length > 0) console.log(`applied ${applied.length} migration(s): ${applied.join(', ')}`);

  const jwtSecret = resolveSigningSecret({ configured: config.auth.jwtSecret, jwksUrl: config.auth.jwksUrl, env: config.env });
  const pubsub = createPubSub(config);
  const app = createApp({
    config: {
      ...config,
      auth: { ...config.auth, jwtSecret },
      healthThresholds: kamConfig.health.thresholds,
      healthPeriodicEvery: kamConfig.health.periodicEvery,
    },
    db,
    plugins,
    pubsub: pubsub.pubsub,
  });

  if (config.demoSeed && (await db.prisma.account.count()) === 0) {
    const summary = await seedDemoPortfolio({ db, runtime: app.runtime, plugins, seed: config.seed });
    console.log(`seeded demo data (seed ${config.seed}):`, summary);
    if (jwtSecret) {
      const mint = createTokenIssuer({ jwtSecret, issuer: config.auth.issuer, audience: config.auth.audience });
      console.log(formatDemoTokens(await demoTokens(db.prisma, mint)));
    }
  }

  const address = await app.listen(config.port, config.host);
  const url = `http://${address.address}:${address.port}${GRAPHQL_PATH}`;
  console.log(`KAM GraphQL API on ${url} (${db.provider})${config.graphiql ? ' - open it in a browser for GraphiQL' : ''}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: draining requests and closing`);
    await app.close();
    await pubsub.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
