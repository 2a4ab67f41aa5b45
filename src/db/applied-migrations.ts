/**
 * Which migrations a database already has, read straight from
 * `_prisma_migrations`. Start-up uses it to skip the schema engine when
 * nothing is pending: the engine takes write locks, which on a SQLite file
 * that a running instance is writing to would only contend for nothing.
 */
import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { providerOf, sqliteFilePath } from './provider.js';

const APPLIED_SQL =
  'SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL';

export interface AppliedMigrationsOptions {
  /** How long to wait for a PostgreSQL connection. */
  connectTimeoutMs?: number;
}

/** Names of the migrations recorded as applied; empty when the database or the table does not exist yet. */
export async function appliedMigrationNames(url: string, options: AppliedMigrationsOptions = {}): Promise<Set<string>> {
  if (providerOf(url) === 'sqlite') {
    const file = sqliteFilePath(url);
    if (!existsSync(file)) return new Set();
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: 5000 });
    try {
      const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
      if (!table) return new Set();
      return new Set((db.prepare(APPLIED_SQL).all() as { name: string }[]).map((r) => r.name));
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000 });
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('_prisma_migrations') AS t");
    if (!exists.rows[0]?.t) return new Set();
    return new Set((await client.query<{ name: string }>(APPLIED_SQL)).rows.map((r) => r.name));
  } finally {
    await client.end();
  }
}
