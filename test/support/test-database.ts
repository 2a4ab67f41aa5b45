/**
 * A fresh, migrated database per caller, so suites never share state and the
 * same suite runs on either engine:
 *  - default: a SQLite file in a new temporary folder;
 *  - TEST_DATABASE=postgresql: a new, uniquely named database on the server
 *    of TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
 *    created here and dropped by drop().
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type OpenDatabaseOptions, type QueryHook } from '../../src/db/database.js';
import { applyMigrations } from '../../src/db/migrations.js';

export interface TestDatabase {
  url: string;
  /** Open, with every migration applied. */
  db: Database;
  /** Closes `db` and deletes the database. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  onQuery?: QueryHook;
  /** Extra connection settings (e.g. a short busy timeout or a small pool). */
  sqlite?: OpenDatabaseOptions['sqlite'];
  postgres?: OpenDatabaseOptions['postgres'];
  transactions?: OpenDatabaseOptions['transactions'];
  /** Opens the migrated database at another address (e.g. through a test proxy). */
  connectUrl?: (url: string) => string;
}

export type TestProvider = 'sqlite' | 'postgresql';

export function testProvider(): TestProvider {
  const wanted = process.env.TEST_DATABASE ?? 'sqlite';
  if (wanted !== 'sqlite' && wanted !== 'postgresql') {
    throw new Error(`TEST_DATABASE must be sqlite or postgresql, not ${wanted}`);
  }
  return wanted;
}

export function testPostgresServerUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/** Runs one statement on the PostgreSQL server's maintenance database. */
async function onPostgresServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresServerUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty database (no migrations): a URL and a way to remove it. */
export async function createEmptyDatabase(provider: TestProvider = testProvider()): Promise<{
  url: string;
  remove(): Promise<void>;
}> {
  if (provider === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'kam-test-'));
    return {
      url: `file:${join(folder, 'test.db')}`,
      remove: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const name = `kam_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await onPostgresServer(`CREATE DATABASE "${name}"`);
  const url = new URL(testPostgresServerUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a test that failed half-way may still hold connections.
    remove: () => onPostgresServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const { url, remove } = await createEmptyDatabase();
  try {
    await applyMigrations(url);
    const db = await openDatabase({ ...options, url: options.connectUrl ? options.connectUrl(url) : url });
    let dropped = false;
    return {
      url,
      db,
      async drop() {
        if (dropped) return;
        dropped = true;
        try {
          await db.close();
        } finally {
          await remove();
        }
      },
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
