/**
 * Runtime configuration, read once from the environment and validated so a
 * typo fails the boot with a clear message instead of misbehaving later.
 */
import { z } from 'zod';
import { DATABASE_URL_FORMS, isDatabaseUrl } from './db/provider.js';
import { LOG_LEVELS, type LogLevel } from './log.js';
import { SECURITY_DEFAULTS, type SecurityConfig } from './server/security/security-config.js';
import type { MetricsConfig } from './metrics/metrics-access.js';

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The lowest level logged (src/log.ts). */
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  // The message never echoes the URL: it may carry a password.
  DATABASE_URL: z
    .string()
    .default('file:./data/kam.db')
    .refine(isDatabaseUrl, `must be ${DATABASE_URL_FORMS}`),
  /** Seed demo data on start-up when the database has no accounts; off in production unless set to true. */
  DEMO_SEED: z.enum(['true', 'false']).optional(),
  SEED: z.coerce.number().int().default(42),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  PG_POOL_MAX: z.coerce.number().int().positive().default(20),
  /** How long a transaction may wait to start before its request fails as SERVICE_UNAVAILABLE. */
  TRANSACTION_MAX_WAIT_MS: z.coerce.number().int().positive().default(10_000),
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
  /** HS256 secret for bearer tokens (at least 32 characters). Outside production a local one is kept in data/. */
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Verify tokens against this JWKS (an identity provider) instead of a shared secret. */
  AUTH_JWKS_URL: z.string().url().optional(),
  /** Signs connection cursors; derived from AUTH_JWT_SECRET when unset (needed in production with AUTH_JWKS_URL). */
  CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_ISSUER: z.string().min(1).default('kam'),
  AUTH_AUDIENCE: z.string().min(1).default('kam-api'),
  /** Abuse limits (docs/security.md): checked before a query runs, whoever sends it. */
  QUERY_MAX_DEPTH: z.coerce.number().int().positive().default(SECURITY_DEFAULTS.queryLimits.maxDepth),
  QUERY_MAX_COST: z.coerce.number().int().positive().default(SECURITY_DEFAULTS.queryLimits.maxCost),
  QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(SECURITY_DEFAULTS.queryLimits.maxAliases),
  QUERY_MAX_TOKENS: z.coerce.number().int().positive().default(SECURITY_DEFAULTS.queryLimits.maxTokens),
  QUERY_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(SECURITY_DEFAULTS.queryLimits.maxDirectives),
  QUERY_MAX_REPEATED_FIELDS: z.coerce.number().int().min(1).default(SECURITY_DEFAULTS.queryLimits.maxRepeatedFields),
  MAX_REQUEST_BYTES: z.coerce.number().int().positive().default(SECURITY_DEFAULTS.maxRequestBytes),
  MAX_WS_MESSAGE_BYTES: z.coerce.number().int().positive().default(SECURITY_DEFAULTS.maxWsMessageBytes),
  /** Schema introspection; off in production unless set. */
  INTROSPECTION: z.enum(['true', 'false']).optional(),
  /** Requests (and websocket subscribe messages) per bearer token, or per client address without one; 0 turns the limiter off. */
  RATE_LIMIT_POINTS: z.coerce.number().int().min(0).default(SECURITY_DEFAULTS.rateLimit.points),
  RATE_LIMIT_DURATION_SECONDS: z.coerce.number().int().positive().default(SECURITY_DEFAULTS.rateLimit.durationSeconds),
  /** Bearer token a scraper sends for GET /metrics. Unset (or empty): open outside production, off (404) in production. */
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  logLevel: LogLevel;
  host: string;
  port: number;
  databaseUrl: string;
  demoSeed: boolean;
  seed: number;
  sqliteBusyTimeoutMs: number;
  pgPoolMax: number;
  pgConnectTimeoutMs: number;
  transactionMaxWaitMs: number;
  keyAccountMinTenureMonths: number;
  graphiql: boolean;
  shutdownGraceMs: number;
  dispatchEvents: boolean;
  /** From kam.config.json (see src/plugins/plugin-config.ts). */
  healthThresholds?: { healthy: number; atRisk: number };
  healthPeriodicEvery?: number | string;
  redisUrl: string | undefined;
  pubsubPrefix: string;
  auth: {
    jwtSecret: string | undefined;
    jwksUrl: string | undefined;
    cursorSecret: string | undefined;
    issuer: string;
    audience: string;
  };
  /** Abuse limits; see src/server/security/. */
  security: SecurityConfig;
  /** GET /metrics; see src/metrics/. */
  metrics: MetricsConfig;
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
    logLevel: c.LOG_LEVEL,
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    demoSeed: c.DEMO_SEED ? c.DEMO_SEED === 'true' : c.NODE_ENV !== 'production',
    seed: c.SEED,
    sqliteBusyTimeoutMs: c.SQLITE_BUSY_TIMEOUT_MS,
    pgPoolMax: c.PG_POOL_MAX,
    pgConnectTimeoutMs: c.PG_CONNECT_TIMEOUT_MS,
    transactionMaxWaitMs: c.TRANSACTION_MAX_WAIT_MS,
    keyAccountMinTenureMonths: c.KEY_ACCOUNT_MIN_TENURE_MONTHS,
    graphiql: c.GRAPHIQL ? c.GRAPHIQL === 'true' : c.NODE_ENV !== 'production',
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    dispatchEvents: c.DISPATCH_EVENTS,
    redisUrl: c.REDIS_URL,
    pubsubPrefix: c.PUBSUB_PREFIX,
    auth: { jwtSecret: c.AUTH_JWT_SECRET, jwksUrl: c.AUTH_JWKS_URL, cursorSecret: c.CURSOR_SECRET, issuer: c.AUTH_ISSUER, audience: c.AUTH_AUDIENCE },
    security: {
      introspection: c.INTROSPECTION ? c.INTROSPECTION === 'true' : c.NODE_ENV !== 'production',
      queryLimits: {
        maxDepth: c.QUERY_MAX_DEPTH,
        maxCost: c.QUERY_MAX_COST,
        maxAliases: c.QUERY_MAX_ALIASES,
        maxTokens: c.QUERY_MAX_TOKENS,
        maxDirectives: c.QUERY_MAX_DIRECTIVES,
        maxRepeatedFields: c.QUERY_MAX_REPEATED_FIELDS,
      },
      maxRequestBytes: c.MAX_REQUEST_BYTES,
      maxWsMessageBytes: c.MAX_WS_MESSAGE_BYTES,
      rateLimit: { points: c.RATE_LIMIT_POINTS, durationSeconds: c.RATE_LIMIT_DURATION_SECONDS },
    },
    // Production serves metrics only behind a token: open, they would tell anyone the traffic, the backlog and the errors.
    metrics: { enabled: c.METRICS_TOKEN !== undefined || c.NODE_ENV !== 'production', token: c.METRICS_TOKEN },
  };
}
