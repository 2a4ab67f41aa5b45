/**
 * Runtime configuration, read once from the environment and validated so a
 * typo fails the boot with a clear message instead of misbehaving later.
 */
import { z } from 'zod';

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().default('file:./data/kam.db'),
  /** Seed demo data on start-up when the database has no accounts. */
  DEMO_SEED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  SEED: z.coerce.number().int().default(42),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  PG_POOL_MAX: z.coerce.number().int().positive().default(10),
  PG_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Minimum months of service for staff dedicated to key accounts. */
  KEY_ACCOUNT_MIN_TENURE_MONTHS: z.coerce.number().int().min(0).default(12),
  GRAPHIQL: z.enum(['true', 'false']).optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10000),
  /** false: serve the API only and leave outbox dispatch to other instances. */
  DISPATCH_EVENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Pub/sub over Redis so several instances share subscriptions; in-process when unset or empty. */
  REDIS_URL: z
    .string()
    .regex(/^(rediss?:\/\/.+)?$/, 'must be a redis:// or rediss:// URL')
    .optional()
    .transform((v) => v || undefined),
  /** Prepended to every Redis channel, so several deployments can share one Redis. */
  PUBSUB_PREFIX: z.string().min(1).default('kam:'),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string;
  demoSeed: boolean;
  seed: number;
  sqliteBusyTimeoutMs: number;
  pgPoolMax: number;
  pgConnectTimeoutMs: number;
  keyAccountMinTenureMonths: number;
  graphiql: boolean;
  shutdownGraceMs: number;
  dispatchEvents: boolean;
  /** From kam.config.json (see src/plugins/plugin-config.ts). */
  healthThresholds?: { healthy: number; atRisk: number };
  healthPeriodicEvery?: number | string;
  redisUrl: string | undefined;
  pubsubPrefix: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${details}`);
  }
  const c = parsed.data;
  return {
    env: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    demoSeed: c.DEMO_SEED,
    seed: c.SEED,
    sqliteBusyTimeoutMs: c.SQLITE_BUSY_TIMEOUT_MS,
    pgPoolMax: c.PG_POOL_MAX,
    pgConnectTimeoutMs: c.PG_CONNECT_TIMEOUT_MS,
    keyAccountMinTenureMonths: c.KEY_ACCOUNT_MIN_TENURE_MONTHS,
    graphiql: c.GRAPHIQL ? c.GRAPHIQL === 'true' : c.NODE_ENV !== 'production',
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    dispatchEvents: c.DISPATCH_EVENTS,
    redisUrl: c.REDIS_URL,
    pubsubPrefix: c.PUBSUB_PREFIX,
  };
}
