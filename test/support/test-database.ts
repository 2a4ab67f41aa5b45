/**
 * A fresh, migrated database per caller, so suites never share state and the
 * same suite runs on either engine:
 *  - default: a SQLite file in a new temporary folder;
 *  - TEST_DATABASE=postgresql: a new, uniquely named database on the server
 *    of TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
 *    created here and dropped by drop().
 *
 * Migrating takes Prisma's schema engine seconds; copying a migrated
 * database takes milliseconds. So each database is a copy of a template
 * migrated once for the migrations as they are (the template's name carries
 * a hash of every migration applied, core's and the installed plugins'): a
 * SQLite file in the temporary folder (kam-test-template-<hash>.db), or on
 * PostgreSQL a database (kam_test_tpl_<hash>) copied with CREATE DATABASE ...
 * TEMPLATE. Templates are built under another name and renamed into place,
 * so one that exists is complete whichever process built it; they are kept
 * for later runs, and a change of migrations makes a new one. Each copy is
 * then migrated as before, which finds nothing to apply.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openDatabase, type Database, type OpenDatabaseOptions, type QueryHook } from '../../src/db/database.js';
import { applyMigrations, readMigrations } from '../../src/db/migrations.js';
import { sqliteFilePath } from '../../src/db/provider.js';
import { modelOwners } from '../../src/db/schema-composition.js';

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
async function onPostgresServer(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: testPostgresServerUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function postgresUrlOf(name: string): string {
  const url = new URL(testPostgresServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** SQLSTATE 55006: the database is in use by another session (a template being copied or renamed elsewhere). */
async function retryWhileInUse<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A hash of every migration applyMigrations would apply for `provider`, in order. */
function migrationsFingerprint(provider: TestProvider): string {
  const hash = createHash('sha256');
  for (const owner of modelOwners()) {
    hash.update(`owner ${owner.label}\n`);
    for (const migration of readMigrations(owner.migrationsDir(provider)).migrationDirectories) {
      hash.update(`${migration.path}\n${JSON.stringify(migration.migrationFile.content)}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** This process's templates, by fingerprint: each is looked for (or built) once. */
const templates = new Map<string, Promise<string>>();

function template(provider: TestProvider): Promise<string> {
  const key = `${provider}:${migrationsFingerprint(provider)}`;
  let found = templates.get(key);
  if (!found) {
    found = (provider === 'sqlite' ? sqliteTemplate : postgresTemplate)(key.slice(key.indexOf(':') + 1));
    found.catch(() => templates.delete(key));
    templates.set(key, found);
  }
  return found;
}

/** The migrated SQLite template file. */
async function sqliteTemplate(fingerprint: string): Promise<string> {
  const file = join(tmpdir(), `kam-test-template-${fingerprint}.db`);
  if (existsSync(file)) return file;
  const folder = mkdtempSync(join(tmpdir(), 'kam-test-template-'));
  try {
    const building = join(folder, 'template.db');
    await applyMigrations(`file:${building}`);
    // One self-contained file: no write-ahead log beside it.
    const db = new BetterSqlite3(building);
    db.pragma('journal_mode = DELETE');
    db.close();
    renameSync(building, file);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return file;
}

/** The name of the migrated PostgreSQL template database. */
async function postgresTemplate(fingerprint: string): Promise<string> {
  const name = `kam_test_tpl_${fingerprint}`;
  const exists = async () => (await onPostgresServer(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).rowCount === 1;
  if (await exists()) return name;
  const building = `kam_test_tplnew_${fingerprint}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await onPostgresServer(`CREATE DATABASE "${building}"`);
  try {
    await applyMigrations(postgresUrlOf(building));
    await retryWhileInUse(() => onPostgresServer(`ALTER DATABASE "${building}" RENAME TO "${name}"`));
  } catch (error) {
    await onPostgresServer(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    // Another process renamed its own into place first: use that one.
    if ((error as { code?: string }).code === '42P04' && (await exists())) return name;
    throw error;
  }
  return name;
}

/** A new database copied from the migrated template: a URL and a way to remove it. */
async function createMigratedDatabase(provider: TestProvider): Promise<{ url: string; remove(): Promise<void> }> {
  const source = await template(provider);
  if (provider === 'sqlite') {
    const empty = await createEmptyDatabase('sqlite');
    copyFileSync(source, sqliteFilePath(empty.url));
    return empty;
  }
  const name = `kam_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await retryWhileInUse(() => onPostgresServer(`CREATE DATABASE "${name}" TEMPLATE "${source}"`));
  return {
    url: postgresUrlOf(name),
    // FORCE: a test that failed half-way may still hold connections.
    remove: async () => void (await onPostgresServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
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
  return {
    url: postgresUrlOf(name),
    // FORCE: a test that failed half-way may still hold connections.
    remove: async () => void (await onPostgresServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const { url, remove } = await createMigratedDatabase(testProvider());
  try {
    // Finds every migration applied already; it is what makes the copy the database a test would have migrated.
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
