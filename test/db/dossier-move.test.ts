/**
 * The key-person dossier moved from core into the relationship plugin
 * without losing a row. Its tables (PersonProfile, PersonAnniversary and, on
 * PostgreSQL, the AnniversaryKind enum) were created by core's migration
 * 20261127013038_auth_audit_privacy; the plugin's models now define them,
 * under the same table, column, index and enum names, and ownership moved
 * without any migration:
 *  - a database migrated before the move, with dossiers in it, keeps every
 *    row when the migrations of today's configuration are applied;
 *  - no owner has a migration pending (nothing to drop, nothing to recreate);
 *  - core's next migrations leave the tables alone (another owner's), and the
 *    plugin's next migration starts from the tables as core's history left
 *    them (it alters them; it never creates them again).
 * On SQLite, or on PostgreSQL with TEST_DATABASE=postgresql (drafting, which
 * needs no server, is checked for both providers).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { draftMigration } from '../../src/db/migration-drafts.js';
import { applyMigrations, migrationLockFile } from '../../src/db/migrations.js';
import type { Provider } from '../../src/db/provider.js';
import { composeSchema, modelOwners, ownedEntities, type ModelOwner } from '../../src/db/schema-composition.js';
import { createEmptyDatabase, testProvider } from '../support/test-database.js';

/** The last migrations of each owner before the move: what a deployment of that time had applied. */
const BEFORE_MOVE = {
  core: { sqlite: '20261202101136_staff_left_at', postgresql: '20261202101137_staff_left_at' },
  relationship: { sqlite: '20261202101146_relationship_init', postgresql: '20261202101146_relationship_init' },
} as const;
const DOSSIER_TABLES = ['PersonProfile', 'PersonAnniversary'];

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function owner(label: string): ModelOwner {
  const found = modelOwners().find((o) => o.label === label);
  if (!found) throw new Error(`no model owner ${label}: is the relationship plugin installed in kam.config.json?`);
  return found;
}

/** A copy of an owner's migration folders up to `last`, as the repository held them before the move. */
function historyUpTo(source: string, last: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kam-dossier-move-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of readdirSync(source).filter((n) => n <= last && existsSync(join(source, n, 'migration.sql'))).sort()) {
    mkdirSync(join(dir, name));
    cpSync(join(source, name, 'migration.sql'), join(dir, name, 'migration.sql'));
  }
  if (existsSync(join(source, migrationLockFile))) cpSync(join(source, migrationLockFile), join(dir, migrationLockFile));
  expect(readdirSync(dir)).toContain(last);
  return dir;
}

describe(`the dossier's move into the relationship plugin on ${testProvider()}`, () => {
  it('keeps the rows a database held before the move, and the plugin works on them', async () => {
    const provider = testProvider();
    const { url, remove } = await createEmptyDatabase(provider);
    cleanups.push(remove);

    // A deployment from before the move: core's history (which made the dossier's tables), then the plugin's first migration.
    await applyMigrations(url, { migrationsDir: historyUpTo(owner('core').migrationsDir(provider), BEFORE_MOVE.core[provider]) });
    await applyMigrations(url, { migrationsDir: historyUpTo(owner('relationship').migrationsDir(provider), BEFORE_MOVE.relationship[provider]) });

    let db: Database = await openDatabase({ url });
    const prisma = db.prisma;
    await prisma.account.create({ data: { id: 'acc_move', name: 'Moved Metals', searchName: 'moved metals', industry: 'INDUSTRIAL', tier: 'KEY' } });
    await prisma.person.create({ data: { id: 'per_move', accountId: 'acc_move', name: 'Mo Ved', searchName: 'mo ved', isKeyPerson: true } });
    const profile = await prisma.personProfile.create({
      data: { personId: 'per_move', gender: 'female', birthDate: new Date('1968-04-02T00:00:00.000Z'), hobbies: 'Tea ceremony', healthNotes: 'No alcohol' },
    });
    const anniversaries = [
      await prisma.personAnniversary.create({ data: { id: 'pan_move_1', personId: 'per_move', kind: 'BIRTHDAY', label: 'Birthday', date: new Date('1968-04-02T00:00:00.000Z') } }),
      await prisma.personAnniversary.create({ data: { id: 'pan_move_2', personId: 'per_move', kind: 'COMPANY', label: 'Founded', date: new Date('1995-10-10T00:00:00.000Z') } }),
    ];
    const occurrence = await prisma.anniversaryOccurrence.create({
      data: { anniversaryId: 'pan_move_1', personId: 'per_move', accountId: 'acc_move', occursOn: new Date('2025-04-02T00:00:00.000Z'), honour: 'GIFT' },
    });
    await db.close();

    // The move: the migrations of today's configuration (core's and the installed plugins') on that database.
    const applied = await applyMigrations(url);
    const scripts = applied.map((name) => {
      const folder = modelOwners().map((o) => join(o.migrationsDir(provider), name)).find((f) => existsSync(f))!;
      return readFileSync(join(folder, 'migration.sql'), 'utf8');
    });
    for (const sql of scripts) {
      for (const table of DOSSIER_TABLES) expect(sql).not.toMatch(new RegExp(`(DROP|CREATE) TABLE "${table}"|ALTER TABLE "${table}" RENAME`));
    }
    expect(await applyMigrations(url)).toEqual([]);

    db = await openDatabase({ url });
    cleanups.push(() => db.close());
    expect(await db.prisma.personProfile.findUniqueOrThrow({ where: { personId: 'per_move' } })).toEqual(profile);
    expect(await db.prisma.personAnniversary.findMany({ where: { personId: 'per_move' }, orderBy: { id: 'asc' } })).toEqual(anniversaries);
    expect(await db.prisma.anniversaryOccurrence.findUniqueOrThrow({ where: { id: occurrence.id }, include: { anniversary: true } })).toMatchObject({
      honour: 'GIFT',
      anniversary: { label: 'Birthday' },
    });
    // Still written and constrained as before: the person's dossier goes with the person.
    await db.prisma.personProfile.update({ where: { personId: 'per_move' }, data: { hobbies: 'Tea ceremony; Go' } });
    await db.prisma.person.delete({ where: { id: 'per_move' } });
    expect([await db.prisma.personProfile.count(), await db.prisma.personAnniversary.count(), await db.prisma.anniversaryOccurrence.count()]).toEqual([0, 0, 0]);
  });
});

describe.each(['sqlite', 'postgresql'] as Provider[])('ownership of the dossier tables (%s)', (provider) => {
  it('is the relationship plugin\'s, with nothing pending for any owner', async () => {
    const owners = modelOwners();
    expect(ownedEntities(owner('relationship'))).toMatchObject({ tables: expect.arrayContaining(DOSSIER_TABLES), enums: expect.arrayContaining(['AnniversaryKind']) });
    for (const table of DOSSIER_TABLES) expect(ownedEntities(owner('core')).tables).not.toContain(table);
    expect(ownedEntities(owner('core')).enums).not.toContain('AnniversaryKind');
    for (const each of owners) expect((await draftMigration(provider, composeSchema(provider), each, owners)).sql, each.label).toBeNull();
  });

  it("leaves the tables to the plugin: core's next migration never touches them, the plugin's alters them in place", async () => {
    const owners = modelOwners();
    const schema = composeSchema(provider);
    const changed = schema
      .replace(/model Staff \{\n/, 'model Staff {\n  nickname String?\n')
      .replace(/model PersonProfile \{\n/, 'model PersonProfile {\n  favouriteTea String?\n');
    expect(changed).not.toBe(schema);

    const core = await draftMigration(provider, changed, owner('core'), owners);
    expect(core.sql).toMatch(/"nickname"/);
    expect(core.sql).not.toMatch(/PersonProfile|PersonAnniversary|AnniversaryKind|favouriteTea/);

    const plugin = await draftMigration(provider, changed, owner('relationship'), owners);
    expect(plugin.sql).toMatch(/ALTER TABLE "PersonProfile" ADD COLUMN\s+"favouriteTea" TEXT/);
    expect(plugin.sql).not.toMatch(/CREATE TABLE|DROP TABLE|nickname/);
  });
});
