/**
 * Applies the committed migrations the way `prisma migrate deploy` does:
 * through Prisma's schema engine, which records each migration (name,
 * checksum, timings) in the standard `_prisma_migrations` table, so the
 * Prisma CLI and this code can take turns on the same database. Core's come
 * first (prisma/<provider>/migrations), then each installed plugin's own
 * (its prisma/migrations/<provider>), in configuration order.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { appliedMigrationNames } from './applied-migrations.js';
import { modelOwners } from './schema-composition.js';
import { providerOf, sqliteFilePath, type Provider } from './provider.js';
import { noExternalEntities, withSchemaEngine } from './schema-engine.js';
import { withSqliteFileLock } from './sqlite-file-lock.js';
import { projectRoot } from '../project-root.js';

export const migrationLockFile = 'migration_lock.toml';
export const migrationScriptFile = 'migration.sql';

export function migrationsDirectory(provider: Provider): string {
  return join(projectRoot, 'prisma', provider, 'migrations');
}

/** The migrations folder as the engine wants it: one entry per sub-folder, sorted by name. */
export function readMigrations(directory: string): MigrationList {
  const lockPath = join(directory, migrationLockFile);
  const folders = existsSync(directory)
    ? readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: directory,
    lockfile: { path: migrationLockFile, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: folders.map((folder) => {
      const scriptPath = join(directory, folder, migrationScriptFile);
      return {
        path: folder,
        migrationFile: {
          path: migrationScriptFile,
          content: existsSync(scriptPath)
            ? { tag: 'ok', value: readFileSync(scriptPath, 'utf8') }
            : { tag: 'error', value: `${scriptPath} is missing` },
        },
      };
    }),
  };
}

export interface ApplyMigrationsOptions {
  /** One folder of migrations to apply instead of core's and the installed plugins'. */
  migrationsDir?: string;
  /** The configuration whose installed plugins' migrations apply after core's; default KAM_CONFIG or kam.config.json. */
  configPath?: string;
  /** How long each PostgreSQL connection may take to open (PG_CONNECT_TIMEOUT_MS at start-up). */
  connectTimeoutMs?: number;
}

/**
 * Brings the database at `url` up to date and returns the names of the
 * migrations it applied (none when it already was). Fails, applying nothing
 * more, if a migration failed before or the database has tables that no
 * migration made. Safe to run from several processes at once: PostgreSQL
 * runs are serialised by the engine's advisory lock, SQLite ones by a lock
 * file beside the database.
 */
export async function applyMigrations(url: string, options: ApplyMigrationsOptions = {}): Promise<string[]> {
  const provider = providerOf(url);
  const directories = options.migrationsDir ? [options.migrationsDir] : modelOwners(options.configPath).map((owner) => owner.migrationsDir(provider));
  const lists = directories.map(readMigrations);
  if (lists[0]!.migrationDirectories.length === 0) {
    throw new Error(`No migrations in ${lists[0]!.baseDir}`);
  }
  const applied = await appliedMigrationNames(url, { connectTimeoutMs: options.connectTimeoutMs });
  const pending = lists.filter((list) => !list.migrationDirectories.every((m) => applied.has(m.path)));
  if (pending.length === 0) return [];
  const apply = async () => {
    const names: string[] = [];
    for (const migrationsList of pending) {
      const output = await withSchemaEngine(
        url,
        (engine) => engine.applyMigrations({ migrationsList, filters: noExternalEntities }),
        { connectTimeoutMs: options.connectTimeoutMs },
      );
      names.push(...output.appliedMigrationNames);
    }
    return names;
  };
  if (provider === 'postgresql') return apply();
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  return withSqliteFileLock(file, 60_000, apply);
}
