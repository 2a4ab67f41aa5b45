/**
 * The demo dossiers: every key person of the demo portfolio has a private
 * profile and the dates that matter to them, reproducibly from the seed,
 * and the relationship demo that runs after them honours those dates.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loadTestPlugins, seedCoreDemo, TEST_PLUGIN_NOW as NOW, testPluginRuntime, type TestDatabase } from 'kam-graphql/testing';
import type { RelationshipOptions } from '../options.js';
import { PROFILE_TEXT_MAX } from './dossier-input.js';
import { buildDemoDossiers, dossierDemoPeople, seedDemoDossiers } from './dossier-seed.js';

const here = dirname(fileURLToPath(import.meta.url));
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedCoreDemo(testDb.db.prisma, { seed: 42, now: NOW });
});
afterAll(() => testDb?.drop());

describe('demo dossiers', () => {
  it('give every key person a profile and the dates that matter to them, the same for a seed and different for another', async () => {
    const people = await dossierDemoPeople(testDb.db.prisma);
    expect(people.length).toBeGreaterThan(0);
    const data = buildDemoDossiers(people, 42, NOW);
    expect(buildDemoDossiers(people, 42, NOW)).toEqual(data);
    expect(data.profiles.map((p) => p.personId)).toEqual(people.map((p) => p.id));
    for (const profile of data.profiles) {
      expect(profile.birthDate < NOW).toBe(true);
      for (const text of [profile.gender, profile.familyMembers, profile.expertise, profile.hobbies, profile.personalDevelopment, profile.personality]) {
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(PROFILE_TEXT_MAX);
      }
      const dates = data.anniversaries.filter((a) => a.personId === profile.personId);
      expect(dates.find((a) => a.kind === 'BIRTHDAY')?.date).toEqual(profile.birthDate);
      expect(dates.length).toBeGreaterThanOrEqual(2);
    }
    expect(data.anniversaries.every((a) => a.label.length <= 200)).toBe(true);
    expect(new Set(data.anniversaries.map((a) => a.id)).size).toBe(data.anniversaries.length);
    expect(data.profiles.some((p) => p.healthNotes !== null)).toBe(true);
    expect(buildDemoDossiers(people, 7, NOW).profiles.map((p) => p.hobbies)).not.toEqual(data.profiles.map((p) => p.hobbies));
  });

  it('are written once: a database that has dossiers is left alone', async () => {
    const runtime = await testPluginRuntime<RelationshipOptions>(testDb.db, await loadTestPlugins([{ from: '..' }], here), 'relationship');
    const ctx = { ...runtime, seed: 42 };
    await seedDemoDossiers(ctx);
    const expected = buildDemoDossiers(await dossierDemoPeople(testDb.db.prisma), 42, ctx.now());
    expect(await testDb.db.prisma.personProfile.count()).toBe(expected.profiles.length);
    expect(await testDb.db.prisma.personAnniversary.count()).toBe(expected.anniversaries.length);
    await seedDemoDossiers(ctx);
    expect(await testDb.db.prisma.personAnniversary.count()).toBe(expected.anniversaries.length);
  });
});
