/**
 * Migrations: applied the Prisma way and idempotently (on SQLite, or on
 * PostgreSQL with TEST_DATABASE=postgresql), committed ones in step with the
 * models, and new ones drafted offline for both providers.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { draftMigration, snapshotFile } from '../../src/db/migration-drafts.js';
import { applyMigrations } from '../../src/db/migrations.js';
import type { Provider } from '../../src/db/provider.js';
import { composeSchema, modelOwners, type ModelOwner } from '../../src/db/schema-composition.js';
import { compiled } from '../support/compiled.js';
import { createEmptyDatabase, testProvider } from '../support/test-database.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const providers: Provider[] = ['sqlite', 'postgresql'];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emptyDatabase(): Promise<string> {
  const { url, remove } = await createEmptyDatabase();
  cleanups.push(remove);
  return url;
}

/** Core's committed migrations, then each installed plugin's, as applyMigrations applies them. */
/** Each owner's migration folders (core's, then each installed plugin's), by name, with the folder each lives in. */
function committedMigrationDirs(provider: Provider): Map<string, string> {
  return new Map(
    modelOwners().flatMap((owner) => {
      const dir = owner.migrationsDir(provider);
      if (!existsSync(dir)) return [];
      return readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
        .map((name) => [name, join(dir, name)] as const);
    }),
  );
}

function committedMigrations(provider: Provider): string[] {
  return [...committedMigrationDirs(provider).keys()];
}

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'kam-migrations-'));
  cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** The composed schema with one more column, as a developer's next change. */
function changedSchema(provider: Provider): string {
  const schema = composeSchema(provider);
  const changed = schema.replace(/model Staff \{\n/, 'model Staff {\n  nickname String?\n');
  expect(changed).not.toBe(schema);
  return changed;
}

describe(`applyMigrations on ${testProvider()}`, () => {
  it('applies every committed migration once and records them in _prisma_migrations', async () => {
    const url = await emptyDatabase();
    const expected = committedMigrations(testProvider());
    expect(expected.length).toBeGreaterThan(0);

    expect(await applyMigrations(url)).toEqual(expected);
    expect(await applyMigrations(url)).toEqual([]);

    const db = await openDatabase({ url });
    cleanups.push(() => db.close());
    const rows = (await db.prisma.$queryRawUnsafe(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    )) as { migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown; applied_steps_count: unknown }[];
    expect(rows.map((row) => row.migration_name)).toEqual(expected);
    for (const row of rows) {
      const sql = readFileSync(join(committedMigrationDirs(testProvider()).get(row.migration_name)!, 'migration.sql'), 'utf8');
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }

    // The migrated schema is the one the client was generated from.
    const account = await db.prisma.account.create({
      data: { name: 'Acme', searchName: 'acme', industry: 'INDUSTRIAL', people: { create: { name: 'Ann', searchName: 'ann' } } },
      include: { people: true },
    });
    expect(account.people).toHaveLength(1);
  });

  it('applies each migration once when scripts/migrate.ts runs twice at the same time', async () => {
    const url = await emptyDatabase();
    const migrate = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [compiled('scripts/migrate.ts')], {
          cwd: root,
          env: { ...process.env, DATABASE_URL: url },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`migrate exited with ${code}`))));
      });
    const outputs = await Promise.all([migrate(), migrate()]);
    const applied = outputs.flatMap((output) => /^applied: (.*)$/m.exec(output)?.[1]?.split(', ') ?? []);
    expect(applied.sort()).toEqual(committedMigrations(testProvider()));
    expect(await applyMigrations(url)).toEqual([]);
  });
});

describe.each(providers)('%s migrations', (provider) => {
  it('of core and of every installed plugin match the composed models (run `npm run migrate:new -- <name>` after changing them)', async () => {
    const owners = modelOwners();
    for (const owner of owners) {
      const draft = await draftMigration(provider, composeSchema(provider), owner, owners);
      expect(draft.sql, owner.label).toBeNull();
    }
  });

  it('are drafted from the state the previous ones leave', async () => {
    const dir = tempFolder();
    const schema = composeSchema(provider);
    // Core's models, with a history of its own in `dir`.
    const core: ModelOwner = { ...modelOwners()[0]!, migrationsDir: () => dir };
    const draft = (target: string) => draftMigration(provider, target, core, [core]);

    const first = await draft(schema);
    expect(first.sql).toMatch(/CREATE TABLE "Account"/);
    mkdirSync(join(dir, '20240101000000_init'));
    writeFileSync(join(dir, '20240101000000_init', 'migration.sql'), first.sql!);
    if (first.snapshot !== undefined) writeFileSync(join(dir, '20240101000000_init', snapshotFile), first.snapshot);

    expect((await draft(schema)).sql).toBeNull();
    const next = await draft(changedSchema(provider));
    expect(next.sql).toMatch(/"nickname" TEXT/);
    expect(next.sql).not.toMatch(/CREATE TABLE "Account"/);
  });
});
