/**
 * Drafts the next migration of one owner (core or a plugin) for one
 * provider: the SQL that takes the owner's tables from the state their
 * committed migrations leave them in to the composed schema. Every other
 * table and enum (core's, other plugins', tables core's early migrations
 * made for plugins) is left to its own owner: the engine is told they are
 * external, so one owner's migration never touches another's.
 *
 * How the "from" state is known, offline and without `prisma migrate dev`:
 *  - SQLite: every owner's committed migrations are applied to a scratch
 *    database file, and the engine diffs that real database against the
 *    target. What was actually committed (even hand-edited SQL) is what counts.
 *  - PostgreSQL: the wasm schema engine cannot introspect PostgreSQL here, and
 *    no server is needed to write a migration, so each PostgreSQL migration
 *    folder keeps the datamodel it leads to (`schema.prisma.snapshot`, written
 *    with it) and the diff starts from the owner's newest snapshot (core's for
 *    a plugin's first migration, since core's early migrations made some
 *    plugins' tables). Edit a PostgreSQL migration by hand only together with
 *    its snapshot.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { DiffTarget } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { applyMigrations, readMigrations } from './migrations.js';
import type { Provider } from './provider.js';
import { entitiesIn, ownedEntities, type ModelOwner } from './schema-composition.js';
import { withSchemaEngine } from './schema-engine.js';

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

/** Everything named in `from` or `to` that the owner does not define. */
function externalTo(owner: ModelOwner, names: { tables: string[]; enums: string[] }[]) {
  const own = ownedEntities(owner);
  const others = (key: 'tables' | 'enums', mine: string[]) => [...new Set(names.flatMap((n) => n[key]))].filter((name) => !mine.includes(name));
  return { externalTables: others('tables', own.tables), externalEnums: others('enums', own.enums) };
}

/** The diff script, or null when `from` already is `to`. */
async function diffScript(url: string | null, from: DiffTarget, to: DiffTarget, filters: { externalTables: string[]; externalEnums: string[] }): Promise<string | null> {
  const result = await withSchemaEngine(url, (engine) => engine.diff({ from, to, script: true, exitCode: true, filters }));
  // With exitCode set, the engine answers 2 for a non-empty diff.
  return result.exitCode === 2 ? (result.stdout ?? '') : null;
}

async function draftSqlite(schema: string, owner: ModelOwner, owners: readonly ModelOwner[]): Promise<MigrationDraft> {
  const scratch = mkdtempSync(join(tmpdir(), 'kam-migrate-'));
  const file = join(scratch, 'from.db');
  const url = `file:${file}`;
  try {
    for (const each of owners) {
      const dir = each.migrationsDir('sqlite');
      if (readMigrations(dir).migrationDirectories.length > 0) await applyMigrations(url, { migrationsDir: dir });
    }
    const existing = existsSync(file) ? tablesOf(file) : [];
    const from: DiffTarget = existsSync(file)
      ? { tag: 'schemaDatasource', files: [{ path: 'schema.prisma', content: schema }], configDir: scratch }
      : { tag: 'empty' };
    const filters = externalTo(owner, [entitiesIn(schema), { tables: existing, enums: [] }]);
    return { provider: 'sqlite', sql: await diffScript(url, from, datamodel(schema), filters) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function tablesOf(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

function latestSnapshot(dir: string): string | undefined {
  const folders = readMigrations(dir).migrationDirectories;
  const latest = folders[folders.length - 1]?.path;
  if (!latest) return undefined;
  const path = join(dir, latest, snapshotFile);
  if (!existsSync(path)) throw new Error(`${path} is missing: cannot tell the PostgreSQL schema after ${latest}`);
  return readFileSync(path, 'utf8');
}

async function draftPostgres(schema: string, owner: ModelOwner, core: ModelOwner): Promise<MigrationDraft> {
  const previous = latestSnapshot(owner.migrationsDir('postgresql')) ?? latestSnapshot(core.migrationsDir('postgresql'));
  const from: DiffTarget = previous ? datamodel(previous) : { tag: 'empty' };
  const filters = externalTo(owner, [entitiesIn(schema), ...(previous ? [entitiesIn(previous)] : [])]);
  const sql = await diffScript(null, from, datamodel(schema), filters);
  return { provider: 'postgresql', sql, snapshot: schema };
}

/**
 * Drafts `owner`'s next migration for `provider` towards `schema` (the
 * composed schema.prisma); `owners` are every owner of the configuration,
 * core first, whose migrations make up the state drafted from.
 */
export function draftMigration(provider: Provider, schema: string, owner: ModelOwner, owners: readonly ModelOwner[]): Promise<MigrationDraft> {
  return provider === 'sqlite' ? draftSqlite(schema, owner, owners) : draftPostgres(schema, owner, owners[0]!);
}
