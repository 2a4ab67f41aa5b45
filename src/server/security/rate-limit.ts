/**
 * Rate limiting (rate-limiter-flexible): each caller gets RATE_LIMIT_POINTS
 * operations per RATE_LIMIT_DURATION_SECONDS. A caller is whom its bearer
 * token verifies as (a staff member or a service account), so minting more
 * tokens buys no more budget; a request without a token, or with one that
 * does not verify, counts against its address, so forged tokens cannot buy
 * fresh budgets either. HTTP requests and websocket `subscribe` messages
 * draw on the same budget.
 *
 * In memory by default (one budget per instance); with REDIS_URL the budget
 * lives in Redis so all instances share it. Losing Redis must not take the
 * API down: while it is away each instance counts in memory (the insurance
 * limiter), and if even that failed the operation would be let through.
 */
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { redactUrl } from '../../redact-url.js';
import type { SecurityConfig } from './security-config.js';
import { logger } from '../../log.js';

export const RATE_LIMITED_CODE = 'RATE_LIMITED';

export type RateLimiterLog = Pick<Console, 'info' | 'warn' | 'error'>;

export interface RateLimiterOptions {
  limit: SecurityConfig['rateLimit'];
  /** Share the budget over Redis (`redis://` or `rediss://`); in memory when unset. */
  redisUrl?: string;
  /** Prefix of the Redis keys, e.g. `kam:` gives `kam:rate-limit:<key>`. */
  redisPrefix?: string;
  log?: RateLimiterLog;
}

export interface RateLimiter {
  kind: 'off' | 'memory' | 'redis';
  /** Counts one operation for `key`: undefined when allowed, else the seconds to wait. */
  consume(key: string): Promise<number | undefined>;
  close(): Promise<void>;
}

/** Whom a request's bearer token verifies as (its subject); undefined without a token or when it does not verify. */
export type RequestSubject = (request: Request) => Promise<string | undefined>;

/** `subject:<staff id or service:name>` for a caller with a verified token, else `address:<address>`. */
export function rateLimitKey(subject: string | undefined, remoteAddress: string | undefined): string {
  if (subject) return `subject:${subject}`;
  // An IPv4 client seen through a dual-stack socket is still the same client.
  return `address:${(remoteAddress ?? 'unknown').replace(/^::ffff:/, '')}`;
}

export function rateLimitedError(retryAfterSeconds: number, overHttp: boolean): GraphQLError {
  return new GraphQLError(`Too many requests: try again in ${retryAfterSeconds} s.`, {
    extensions: {
      code: RATE_LIMITED_CODE,
      retryAfterSeconds,
      // yoga turns this into the response status and headers, and leaves it out of the body.
      ...(overHttp ? { http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } } } : {}),
    },
  });
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { points, durationSeconds: duration } = options.limit;
  const log = options.log ?? logger;
  if (points <= 0) return { kind: 'off', consume: async () => undefined, close: async () => undefined };

  let limiter: RateLimiterAbstract;
  let close = async () => undefined as void;
  if (options.redisUrl) {
    const client = connectRedis(options.redisUrl, options.redisPrefix ?? 'kam:', log);
    limiter = new RateLimiterRedis({
      storeClient: client.redis,
      keyPrefix: `${options.redisPrefix ?? 'kam:'}rate-limit`,
      points,
      duration,
      // Not connected: count in memory at once instead of waiting for Redis.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration }),
    });
    close = client.close;
  } else {
    limiter = new RateLimiterMemory({ points, duration });
  }

  let failureLogged = false;
  return {
    kind: options.redisUrl ? 'redis' : 'memory',
    async consume(key) {
      try {
        await limiter.consume(key);
        failureLogged = false;
        return undefined;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        // Neither Redis nor the insurance limiter answered: serve rather than refuse everyone.
        if (!failureLogged) log.error(`rate limit: cannot count operations (${reason(rejection)}); letting them through`);
        failureLogged = true;
        return undefined;
      }
    },
    close,
  };
}

/** A Redis connection for the limiter: fails fast while away, reconnects forever, logs each transition once. */
function connectRedis(url: string, prefix: string, log: RateLimiterLog) {
  const where = redactUrl(url);
  const redis = new Redis(url, {
    connectionName: 'kam-rate-limit',
    // While Redis is away a command fails at once and the insurance limiter counts instead.
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1000,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt - 1, 10), 2000),
  });
  let state: 'connecting' | 'up' | 'down' = 'connecting';
  let closing = false;
  let lastError = 'connection closed';
  redis.on('error', (error: unknown) => (lastError = reason(error)));
  redis.on('ready', () => {
    if (closing || state === 'up') return;
    if (state === 'connecting') log.info(`rate limit: budget shared over Redis at ${where}, key prefix "${prefix}rate-limit"`);
    else log.info(`rate limit: Redis at ${where} is back, the budget is shared again`);
    state = 'up';
  });
  redis.on('close', () => {
    if (closing || state === 'down') return;
    log.warn(`rate limit: ${state === 'up' ? 'lost' : 'cannot reach'} Redis at ${where} (${lastError}); each instance counts on its own meanwhile`);
    state = 'down';
  });
  return {
    redis,
    async close() {
      if (closing) return;
      closing = true;
      const ended = redis.status === 'end' ? Promise.resolve() : new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        timer.unref();
        redis.once('end', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      redis.disconnect();
      await ended;
    },
  };
}

/** Counts every GraphQL request over HTTP (not /health or the GraphiQL page) before it is parsed. */
export function useRateLimit(limiter: RateLimiter, subjectOf: RequestSubject): Plugin {
  if (limiter.kind === 'off') return {};
  return {
    async onRequestParse({ request, serverContext }) {
      const req = (serverContext as { req?: IncomingMessage }).req;
      const retryAfter = await limiter.consume(rateLimitKey(await subjectOf(request), req?.socket.remoteAddress));
      if (retryAfter !== undefined) throw rateLimitedError(retryAfter, true);
    },
  };
}

function reason(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
