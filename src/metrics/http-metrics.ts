/**
 * HTTP requests by route, method and status, and their duration by route.
 * Routes are the server's own paths; any other path counts as `other`, so a
 * scanner trying a thousand paths adds no series. Websocket upgrades are not
 * requests here: the websocket gauges count them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Counter, Histogram, type Registry } from 'prom-client';

export interface HttpRoutes {
  /** Paths served as they are, e.g. /graphql. */
  paths: readonly string[];
  /** Prefixes whose paths count as one route, `<prefix>*` (e.g. /docs/*). */
  prefixes?: readonly string[];
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);

export type ObserveRequest = (req: IncomingMessage, res: ServerResponse) => void;

export function createHttpMetrics(registry: Registry, routes: HttpRoutes): ObserveRequest {
  const requests = new Counter({
    name: 'kam_http_requests_total',
    help: 'HTTP requests answered, by route, method and status (status "aborted": the client left before the status was sent).',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'kam_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to the end of its answer, by route.',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const paths = new Set(routes.paths);
  const prefixes = routes.prefixes ?? [];

  function routeOf(url: string | undefined): string {
    const path = (url ?? '/').split('?', 1)[0]!;
    if (paths.has(path)) return path;
    const prefix = prefixes.find((p) => path.startsWith(p));
    return prefix === undefined ? 'other' : `${prefix}*`;
  }

  return (req, res) => {
    const started = performance.now();
    const route = routeOf(req.url);
    const method = METHODS.has(req.method ?? '') ? req.method! : 'other';
    // 'close' comes for every response, answered or not.
    res.once('close', () => {
      const status = res.headersSent ? String(res.statusCode) : 'aborted';
      requests.inc({ route, method, status });
      duration.observe({ route }, (performance.now() - started) / 1000);
    });
  };
}
