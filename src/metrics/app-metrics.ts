/**
 * One app's metrics, put together: what the app wires into its HTTP server,
 * yoga, the websocket server and the runtime. Each concept has its module
 * beside this one; this file only composes them. The app's own metrics live
 * in a registry of its own (several apps can share a process: tests), the
 * process's in one per process (process-metrics.ts); a scrape reads both.
 *
 * Disabled (production without METRICS_TOKEN), nothing is collected, nothing
 * hooks in, and /metrics is left to the server's 404 like any unknown path.
 */
import type { Plugin } from 'graphql-yoga';
import { Registry } from 'prom-client';
import type { Database } from '../db/database.js';
import type { HealthRecomputation } from '../health/health-engine.js';
import { createDatabasePoolMetrics } from './database-pool-metrics.js';
import { createGraphQLOperationMetrics, type GraphQLOperationMetrics } from './graphql-operations.js';
import { createHealthMetrics } from './health-metrics.js';
import { createHttpMetrics, type HttpRoutes, type ObserveRequest } from './http-metrics.js';
import type { MetricsConfig } from './metrics-access.js';
import { createMetricsEndpoint, type MetricsEndpoint } from './metrics-endpoint.js';
import { createOutboxMetrics } from './outbox-metrics.js';
import { processMetrics } from './process-metrics.js';
import { createSubscriptionMetrics } from './subscription-metrics.js';
import { createWebSocketMetrics } from './websocket-metrics.js';

export { METRICS_PATH } from './metrics-endpoint.js';
export { DEFAULT_METRICS_CONFIG, type MetricsConfig } from './metrics-access.js';

export interface AppMetricsOptions {
  config: MetricsConfig;
  db: Pick<Database, 'prisma' | 'poolStats'>;
  /** The app's clock: the outbox lag is measured on it. */
  now: () => Date;
  /** The server's own paths, the routes HTTP requests are counted by. */
  routes: HttpRoutes;
  /** Read when scraped, so they may refer to parts made after the metrics. */
  eventHandlers: () => readonly string[];
  openWebSockets: () => number;
}

export interface AppMetrics {
  /** For yoga: GraphQL operations over HTTP, active subscriptions. */
  plugins: Plugin[];
  /** For graphql-ws's useServer options (spread in): operations over websockets. */
  webSocketHooks: Partial<GraphQLOperationMetrics['webSocketHooks']>;
  /** Call first for every HTTP request. */
  observeRequest: ObserveRequest;
  /** GET /metrics; false for any other request. */
  serve: MetricsEndpoint;
  /** For the health engine. */
  onHealthRecomputed?: (recomputation: HealthRecomputation) => void;
}

const DISABLED: AppMetrics = Object.freeze({
  plugins: [],
  webSocketHooks: {},
  observeRequest: () => {},
  serve: () => false,
});

export function createAppMetrics(options: AppMetricsOptions): AppMetrics {
  if (!options.config.enabled) return DISABLED;
  const registry = new Registry();
  const operations = createGraphQLOperationMetrics(registry);
  const subscriptions = createSubscriptionMetrics(registry);
  createWebSocketMetrics(registry, options.openWebSockets);
  createOutboxMetrics(registry, { prisma: options.db.prisma, now: options.now, handlers: options.eventHandlers });
  if (options.db.poolStats) createDatabasePoolMetrics(registry, options.db.poolStats);
  const onHealthRecomputed = createHealthMetrics(registry);
  const observeRequest = createHttpMetrics(registry, options.routes);
  const processRegistry = processMetrics();
  return {
    plugins: [operations.plugin, subscriptions],
    webSocketHooks: operations.webSocketHooks,
    observeRequest,
    serve: createMetricsEndpoint({ token: options.config.token, registries: () => [processRegistry, registry] }),
    onHealthRecomputed,
  };
}
