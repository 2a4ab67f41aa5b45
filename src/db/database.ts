/**
 * Opens the application's database: a Prisma client on SQLite (default,
 * embedded) or PostgreSQL, with connection settings made explicit so that
 * contention fails with an error instead of hanging. Takes plain options:
 * reading the environment is the config module's job.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { providerOf, sqliteFilePath, type Provider } from './provider.js';
import { reportQueries, type QueryHook } from './query-hook.js';
import { guardSqliteAdapter, SQLITE_BUSY_SLICE_MS, whileBusy } from './sqlite-adapter.js';

export { providerOf, type Provider } from './provider.js';
export type { QueryHook } from './query-hook.js';

export interface SqliteOptions {
  /** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

export interface PostgresPoolOptions {
  /** Connections in the pool. */
  max?: number;
  /** How long a query waits for a connection (new or from the pool) before failing. */
  connectionTimeoutMs?: number;
  /** How long an unused connection stays open. */
  idleTimeoutMs?: number;
}

export interface TransactionWaitOptions {
  /** How long a transaction may wait to start (for a pooled connection, or SQLite's writer) before it fails as unavailable. */
  maxWaitMs?: number;
  /** How long an interactive transaction may run. */
  timeoutMs?: number;
}

export interface OpenDatabaseOptions {
  url: string;
  transactions?: TransactionWaitOptions;
  /** Called once per SQL statement sent to the database. */
  onQuery?: QueryHook;
  sqlite?: SqliteOptions;
  postgres?: PostgresPoolOptions;
}

/** A PostgreSQL pool's connections now (node-postgres's counts). */
export interface PoolStats {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** The most connections the pool opens. */
  max: number;
}

export interface Database {
  /**
   * The Prisma client. Typed with the SQLite-generated client: the PostgreSQL
   * one is generated from the same models and has the same API.
   */
  prisma: PrismaClient;
  provider: Provider;
  url: string;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  /** PostgreSQL only: the pool's counts, undefined until the first connection (SQLite has one connection and no pool). */
  poolStats?(): PoolStats | undefined;
  close(): Promise<void>;
}

export const defaultSqliteOptions: Required<SqliteOptions> = { busyTimeoutMs: 5000 };

/**
 * Prisma waits 2 s for a transaction to start by default: under a burst of
 * writers (and per-account locks, which hold connections while they wait)
 * that fails writes that would have succeeded a moment later.
 */
export const defaultTransactionWaitOptions: Required<TransactionWaitOptions> = { maxWaitMs: 10_000, timeoutMs: 15_000 };

export const defaultPostgresPoolOptions: Required<PostgresPoolOptions> = {
  max: 20,
  connectionTimeoutMs: 5000,
  idleTimeoutMs: 30_000,
};

// Each engine's client and driver adapter are loaded when a database of that engine is opened:
// start-up never loads the other engine's.

async function sqliteAdapter(url: string, options: SqliteOptions = {}): Promise<SqlDriverAdapterFactory> {
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  const { busyTimeoutMs } = { ...defaultSqliteOptions, ...options };
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  // SQLite waits synchronously: only a short slice of the busy timeout here, the guard waits out the rest asynchronously.
  const slice = Math.min(SQLITE_BUSY_SLICE_MS, busyTimeoutMs);
  const stock = new PrismaBetterSqlite3({ url: file, timeout: slice });
  const pragmas: SqlDriverAdapterFactory = {
    provider: stock.provider,
    adapterName: stock.adapterName,
    async connect() {
      const adapter = await stock.connect();
      // WAL lets readers work while one writer writes; the busy timeout is
      // set again by pragma so it holds whatever the driver's default is;
      // secure_delete overwrites deleted content, so erased personal data
      // does not linger in free pages of the file.
      // Switching to WAL needs the file for a moment: another process's write lock is waited out like any other.
      await whileBusy(busyTimeoutMs, () => adapter.executeScript(
        `PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${Math.max(0, Math.floor(slice))}; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;`,
      ));
      return adapter;
    },
  };
  return guardSqliteAdapter(pragmas, busyTimeoutMs);
}

/** The stock adapter, and the pool it opens (node-postgres's, reached through the adapter's public `underlyingDriver()`). */
async function postgresAdapter(url: string, options: PostgresPoolOptions = {}): Promise<{ factory: SqlDriverAdapterFactory; poolStats: () => PoolStats | undefined }> {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const pool = { ...defaultPostgresPoolOptions, ...options };
  const stock = new PrismaPg({
    connectionString: url,
    max: pool.max,
    connectionTimeoutMillis: pool.connectionTimeoutMs,
    idleTimeoutMillis: pool.idleTimeoutMs,
  });
  let driver: pg.Pool | undefined;
  const factory: SqlDriverAdapterFactory = {
    provider: stock.provider,
    adapterName: stock.adapterName,
    async connect() {
      const adapter = await stock.connect();
      driver = adapter.underlyingDriver();
      return adapter;
    },
  };
  const poolStats = () =>
    driver && { total: driver.totalCount, idle: driver.idleCount, waiting: driver.waitingCount, max: driver.options.max ?? pool.max };
  return { factory, poolStats };
}

/** Which database each client opened here talks to (the PostgreSQL client is typed as the SQLite one). */
const clientProviders = new WeakMap<object, Provider>();

/** The database of a client made by openDatabase; undefined for any other client. */
export function providerOfClient(prisma: object): Provider | undefined {
  return clientProviders.get(prisma);
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { url, onQuery } = options;
  const provider = providerOf(url);
  // Each engine's adapter and client are loaded only when used: a SQLite start never loads PostgreSQL's.
  const postgres = provider === 'postgresql' ? await postgresAdapter(url, options.postgres) : undefined;
  let adapter = postgres?.factory ?? (await sqliteAdapter(url, options.sqlite));
  if (onQuery) adapter = reportQueries(adapter, onQuery);

  const wait = { ...defaultTransactionWaitOptions, ...options.transactions };
  const transactionOptions = { maxWait: wait.maxWaitMs, timeout: wait.timeoutMs };
  const prisma =
    provider === 'sqlite'
      ? new (await import('../generated/prisma-sqlite/client.js')).PrismaClient({ adapter, transactionOptions })
      : (new (await import('../generated/prisma-postgresql/client.js')).PrismaClient({ adapter, transactionOptions }) as unknown as PrismaClient);
  clientProviders.set(prisma, provider);

  return {
    prisma,
    provider,
    url,
    async ping() {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    ...(postgres && { poolStats: postgres.poolStats }),
    async close() {
      await prisma.$disconnect();
    },
  };
}
