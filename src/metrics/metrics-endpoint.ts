/**
 * GET (and HEAD) /metrics: the Prometheus text format, for whoever
 * metrics-access.ts lets in. Never cached: every scrape reads afresh.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { logger } from '../log.js';
import { metricsAccessFor } from './metrics-access.js';

export const METRICS_PATH = '/metrics';

export interface MetricsEndpointOptions {
  /** undefined: open. */
  token: string | undefined;
  /** The registries scraped together, in this order. */
  registries: () => Registry[];
}

/** Handles the request and answers true, or answers false and leaves it alone. */
export type MetricsEndpoint = (req: IncomingMessage, res: ServerResponse) => boolean;

export function createMetricsEndpoint(options: MetricsEndpointOptions): MetricsEndpoint {
  const access = metricsAccessFor(options.token);

  async function scrape(req: IncomingMessage, res: ServerResponse) {
    try {
      const text = await Registry.merge(options.registries()).metrics();
      res.writeHead(200, { 'content-type': Registry.PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
    } catch (error) {
      logger.error('collecting metrics failed:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Unexpected error.\n');
    }
  }

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if ((req.url ?? '/').split('?', 1)[0] !== METRICS_PATH) return false;
    if (access(req.headers.authorization) !== 'allowed') {
      res
        .writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"', 'cache-control': 'no-store' })
        .end(req.method === 'HEAD' ? undefined : 'A bearer token (METRICS_TOKEN) is needed for the metrics.\n');
      return true;
    }
    void scrape(req, res);
    return true;
  };
}
