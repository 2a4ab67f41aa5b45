/**
 * Drafts the next migration of one provider: the SQL that takes a database
 * from the state its committed migrations leave it in to a target schema.
 *
 * How the "from" state is known, offline and without `prisma migrate dev`:
 *  - SQLite: the committed migrations are applied to a scratch database file,
 *    and the engine diffs that real database against the target. What was
 *    actually committed (even hand-edited SQL) is what counts.
 *  - PostgreSQL: the wasm schema engine cannot introspect PostgreSQL here, and
 *    no server is needed to write a migration, so each PostgreSQL migration
 *    folder keeps the datamodel it leads to (`schema.prisma.snapshot`, written
 *    with it) and the diff starts from the newest folder's snapshot. Edit a
 *    PostgreSQL migration by hand only together with its snapshot.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiffTarget } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { applyMigrations, migrationsDirectory, readMigrations } from './migrations.js';
import type { Provider } from './provider.js';
import { noExternalEntities, withSchemaEngine } from './schema-engine.js';

/** Written next to migration.sql in PostgreSQL migration folders. */
export const snapshotFile = 'schema.prisma.snapshot';

export interface MigrationDraft {
  provider: Provider;
  /** The migration script; null when the schema needs no change. */
  sql: string | null;
  /** The datamodel to store with the migration (PostgreSQL only). */
  snapshot?: string;
}

function datamodel(content: string): DiffTarget {
  return { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] };
}

/** The diff script, or null when `from` already is `to`. */
async function diffScript(url: string | null, from: DiffTarget, to: DiffTarget): Promise<string | null> {
  const result = await withSchemaEngine(url, (engine) =>
    engine.diff({ from, to, script: true, exitCode: true, filters: noExternalEntities }),
  );
  // With exitCode set, the engine answers 2 for a non-empty diff.
  return result.exitCode === 2 ? (result.stdout ?? '') : null;
}

async function draftSqlite(schema: string, migrationsDir: string): Promise<MigrationDraft> {
  const scratch = mkdtempSync(join(tmpdir(), 'kam-migrate-'));
  const url = `file:${join(scratch, 'from.db')}`;
  try {
    const hasMigrations = readMigrations(migrationsDir).migrationDirectories.length > 0;
    if (hasMigrations) await applyMigrations(url, { migrationsDir });
    // `schemaDatasource` is the database the engine is connected to: the scratch file.
    const from: DiffTarget = hasMigrations
      ? { tag: 'schemaDatasource', files: [{ path: 'schema.prisma', content: schema }], configDir: scratch }
      : { tag: 'empty' };
    return { provider: 'sqlite', sql: await diffScript(url, from, datamodel(schema)) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function draftPostgres(schema: string, migrationsDir: string): Promise<MigrationDraft> {
  const folders = readMigrations(migrationsDir).migrationDirectories;
  const latest = folders[folders.length - 1]?.path;
  let from: DiffTarget = { tag: 'empty' };
  if (latest) {
    const snapshotPath = join(migrationsDir, latest, snapshotFile);
    if (!existsSync(snapshotPath)) {
      throw new Error(`${snapshotPath} is missing: cannot tell the PostgreSQL schema after ${latest}`);
    }
    from = datamodel(readFileSync(snapshotPath, 'utf8'));
  }
  const sql = await diffScript(null, from, datamodel(schema));
  return { provider: 'postgresql', sql, snapshot: schema };
}

/** Drafts the migration from the committed ones of `provider` to `schema` (a composed schema.prisma). */
export function draftMigration(
  provider: Provider,
  schema: string,
  migrationsDir: string = migrationsDirectory(provider),
): Promise<MigrationDraft> {
  return provider === 'sqlite' ? draftSqlite(schema, migrationsDir) : draftPostgres(schema, migrationsDir);
}
