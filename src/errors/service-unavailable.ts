/**
 * Failures that say "try again later", not "this is a bug": the database is
 * unreachable or restarting, its connection pool is exhausted, a transaction
 * could not start in time, a lock was held too long. Clients get
 * SERVICE_UNAVAILABLE with a Retry-After (HTTP 503 over HTTP) instead of a
 * masked "Unexpected error.", so they can tell retrying from reporting.
 */
import { GraphQLError } from 'graphql';

export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/** Prisma's codes for an unreachable database, a pool or transaction-start timeout, a write conflict. */
const PRISMA_CODES: Record<string, string> = {
  P1001: 'the database cannot be reached',
  P1002: 'the database did not answer in time',
  P1008: 'a database operation timed out',
  P1017: 'the database closed the connection',
  P2024: 'no database connection was free in time',
  P2028: 'a transaction could not start in time',
  P2034: 'a write conflicted with another one',
};

/** Driver adapter error kinds (@prisma/driver-adapter-utils) of the same failures. */
const ADAPTER_KINDS: Record<string, string> = {
  DatabaseNotReachable: 'the database cannot be reached',
  ConnectionClosed: 'the database closed the connection',
  SocketTimeout: 'the database did not answer in time',
  TooManyConnections: 'the database has no connection to spare',
  TransactionWriteConflict: 'a write conflicted with another one',
  TransactionAlreadyClosed: 'a transaction ran out of time',
};

/** Driver and server codes: sockets, PostgreSQL (admin shutdown, starting up, too many clients, serialization, deadlock), SQLite locks. */
const DRIVER_CODES: Record<string, string> = {
  ECONNREFUSED: 'the database refused the connection',
  ECONNRESET: 'the database connection was reset',
  ETIMEDOUT: 'the database did not answer in time',
  EPIPE: 'the database connection was cut',
  EHOSTUNREACH: 'the database host cannot be reached',
  '57P01': 'the database is shutting down',
  '57P02': 'the database is shutting down',
  '57P03': 'the database is starting up',
  '53300': 'the database has no connection to spare',
  '40001': 'a write conflicted with another one',
  '40P01': 'a deadlock was broken',
  SQLITE_BUSY: 'the database file is locked by another writer',
  SQLITE_LOCKED: 'the database file is locked by another writer',
};

const MESSAGES: [RegExp, string][] = [
  [/timeout exceeded when trying to connect/i, 'no database connection was free in time'],
  [/Connection terminated/i, 'the database closed the connection'],
  [/Unable to start a transaction in the given time/i, 'a transaction could not start in time'],
  [/database is locked/i, 'the database file is locked by another writer'],
];

/** Why `error` (or anything it wraps) means the database is unavailable for now; undefined for any other failure. */
export function unavailabilityOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof e.code === 'string' && PRISMA_CODES[e.code]) return PRISMA_CODES[e.code];
    if (typeof e.code === 'string' && DRIVER_CODES[e.code]) return DRIVER_CODES[e.code];
    if (typeof e.kind === 'string' && ADAPTER_KINDS[e.kind]) return ADAPTER_KINDS[e.kind];
    if (typeof e.message === 'string') {
      const match = MESSAGES.find(([pattern]) => pattern.test(e.message as string));
      if (match) return match[1];
    }
    queue.push(e.cause, e.originalError, e.meta?.driverAdapterError);
  }
  return undefined;
}

/** Seconds a client should wait before retrying. */
export const RETRY_AFTER_SECONDS = 2;

export class ServiceUnavailableError extends GraphQLError {
  constructor(readonly reason: string, overHttp = true) {
    super(`Service unavailable: ${reason}; try again in ${RETRY_AFTER_SECONDS} s.`, {
      extensions: {
        code: SERVICE_UNAVAILABLE,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        // yoga turns this into the response status and headers, and leaves it out of the body.
        ...(overHttp ? { http: { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } } } : {}),
      },
    });
  }
}
