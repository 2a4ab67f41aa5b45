/**
 * Who may read GET /metrics.
 *
 * - `METRICS_TOKEN` set: only a request with `Authorization: Bearer <token>`;
 *   any other gets 401. The token is compared in constant time.
 * - unset, outside production: anyone who can reach the port (a developer's
 *   machine, a test).
 * - unset, in production: nobody. The endpoint is off and the path answers
 *   404 like any path the server does not serve: an open endpoint would tell
 *   anyone the traffic, the backlog and the error rates, and a 401 would
 *   invite guessing a token that does not exist. Metrics are optional, so the
 *   server still starts; the operator who wants them sets a token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface MetricsConfig {
  /** false: GET /metrics answers 404 and nothing is collected. */
  enabled: boolean;
  /** The bearer token a scraper must send; undefined: open (when enabled). */
  token: string | undefined;
}

/** What an app does without a metrics setting: open, as outside production. */
export const DEFAULT_METRICS_CONFIG: MetricsConfig = Object.freeze({ enabled: true, token: undefined });

export type MetricsAccess = 'allowed' | 'unauthorized';

/** SHA-256 first, so the comparison takes as long whatever the length of what was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Judges a request's Authorization header against the configured token. */
export function metricsAccessFor(token: string | undefined): (authorization: string | undefined) => MetricsAccess {
  if (token === undefined) return () => 'allowed';
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    // Hashed and compared even without a token, so a missing header costs what a wrong one does.
    const given = digest(match?.[1] ?? '');
    return timingSafeEqual(given, expected) && match ? 'allowed' : 'unauthorized';
  };
}
