/**
 * The abuse limits an app runs with, assembled in one place so app.ts only
 * plugs them in: yoga plugins (rate limit, CSRF, introspection switch, query
 * limits, no suggestions), the request body check, the websocket message cap and the
 * per-operation rate limit for websockets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { useCsrfPrevention } from './csrf.js';
import { useIntrospectionSwitch } from './introspection.js';
import { refuseCostlyOperation } from './query-cost.js';
import { useQueryLimits } from './query-limits.js';
import { createRateLimiter, rateLimitedError, rateLimitKey, useRateLimit, type RateLimiterLog, type RequestSubject } from './rate-limit.js';
import { admitRequestBody } from './request-size.js';
import { useHideSuggestions } from './suggestions.js';
import { resolveSecurityConfig, type SecurityConfig, type SecurityOptions } from './security-config.js';

export interface SecurityDeps {
  /** Whom a request's bearer token verifies as: the rate limit counts per subject, not per token. */
  requestSubject: RequestSubject;
  security?: SecurityOptions;
  /** With it, the rate limit budget is shared over Redis. */
  redisUrl?: string;
  /** Redis key prefix (PUBSUB_PREFIX). */
  redisPrefix?: string;
  log?: RateLimiterLog;
}

/** What graphql-ws hands onSubscribe, as far as the rate limit needs it. */
export interface WebSocketOperationContext {
  /** The token verified at connection_init; absent if the connection was admitted without one. */
  extra: { request: IncomingMessage; token?: { subject: string } };
}

export interface Security {
  config: SecurityConfig;
  /** For yoga's `plugins`; the websocket server gets them through yoga.getEnveloped(). */
  plugins: Plugin[];
  /** Answers 413 and resolves false when the body is over the limit. */
  admitRequestBody(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The error to answer a websocket `subscribe` with when its operation costs too much (checked before the context is built). */
  refuseCostlyOperation(operation: Parameters<typeof refuseCostlyOperation>[1]): GraphQLError | undefined;
  /** The error to answer a websocket `subscribe` with when its caller is over budget. */
  limitWebSocketOperation(ctx: WebSocketOperationContext): Promise<GraphQLError | undefined>;
  close(): Promise<void>;
}

export function createSecurity(deps: SecurityDeps): Security {
  const config = resolveSecurityConfig(deps.security);
  const limiter = createRateLimiter({ limit: config.rateLimit, redisUrl: deps.redisUrl, redisPrefix: deps.redisPrefix, log: deps.log });
  return {
    config,
    // Rate limit first: refused requests count too.
    plugins: [
      useRateLimit(limiter, deps.requestSubject),
      useCsrfPrevention(),
      ...useIntrospectionSwitch(config.introspection),
      ...useQueryLimits(config.queryLimits),
      useHideSuggestions(),
    ],
    refuseCostlyOperation: (operation) => refuseCostlyOperation(config.queryLimits.maxCost, operation),
    admitRequestBody: (req, res) => admitRequestBody(req, res, config.maxRequestBytes),
    async limitWebSocketOperation(ctx) {
      // The connection's token was verified once, at connection_init.
      const key = rateLimitKey(ctx.extra.token?.subject, ctx.extra.request.socket.remoteAddress);
      const retryAfter = await limiter.consume(key);
      return retryAfter === undefined ? undefined : rateLimitedError(retryAfter, false);
    },
    close: () => limiter.close(),
  };
}
