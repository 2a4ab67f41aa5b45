/**
 * The dossier in a person's rights, through the host's privacy mechanism:
 * the export lists it (with the history of its rows), the erasure deletes it
 * and blanks that history, whichever of an erasure and a dossier write
 * commits first. With the plugin installed but disabled, the dossier leaves
 * the schema, and the erasure still reaches its rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createAccount, rawId, startTestApp, USER_ERROR_FIELDS, type TestApp } from 'kam-graphql/testing';
import { addAnniversary, relationshipPlugin, removeAnniversary, setProfile, startDossierApp } from './dossier-test-support.js';

const EXPORT = `mutation($id: ID!) { exportPersonalData(personId: $id) { document ${USER_ERROR_FIELDS} } }`;
const ERASE = `mutation($id: ID!) { erasePersonalData(personId: $id) { alreadyErased ${USER_ERROR_FIELDS} } }`;

describe('with the relationship plugin enabled', () => {
  let t: TestApp;
  let accountId: string;
  beforeAll(async () => {
    t = await startDossierApp({ config: { dispatchEvents: false } });
    accountId = await createAccount(t, { name: 'Rights Resins', tier: 'KEY' });
  });
  afterAll(() => t?.close());

  it('exports the profile and the anniversaries under relationship.dossier, with their history', async () => {
    const person = await addPerson(t, accountId, { name: 'Ex Port', isKeyPerson: true });
    await setProfile(t, person, { hobbies: 'Kites', birthDate: '1971-02-03' });
    const kept = await addAnniversary(t, { personId: person, kind: 'BIRTHDAY', label: 'Birthday', date: '1971-02-03' });
    const gone = await addAnniversary(t, { personId: person, kind: 'COMPANY', label: 'Old plant opened', date: '1990-01-01' });
    await removeAnniversary(t, gone.anniversary!.id);

    const doc = JSON.parse((await t.ok(EXPORT, { id: person })).exportPersonalData.document);
    expect(doc.plugins.relationship.dossier).toEqual({
      profile: expect.objectContaining({ hobbies: 'Kites', birthDate: '1971-02-03', healthNotes: null }),
      anniversaries: [{ id: rawId(kept.anniversary!.id), kind: 'BIRTHDAY', label: 'Birthday', date: '1971-02-03', createdAt: expect.any(String) }],
    });
    // The history of the profile and of both anniversaries, the removed one included.
    const history = doc.auditTrail.map((e: any) => `${e.entityType} ${e.action} ${e.entityId}`);
    expect(history).toEqual(
      expect.arrayContaining([
        `PersonProfile CREATE ${rawId(person)}`,
        `PersonAnniversary CREATE ${rawId(kept.anniversary!.id)}`,
        `PersonAnniversary DELETE ${rawId(gone.anniversary!.id)}`,
      ]),
    );
  });

  it('never leaves a dossier behind when an erasure races with dossier writes', async () => {
    for (let i = 0; i < 6; i++) {
      const person = await addPerson(t, accountId, { name: `Racer ${i}`, isKeyPerson: true });
      const outcomes = await Promise.all([
        t.ok(ERASE, { id: person }),
        setProfile(t, person, { healthNotes: `Race note ${i}` }),
        addAnniversary(t, { personId: person, kind: 'PERSONAL', label: `Race date ${i}`, date: '2000-01-01' }),
      ]);
      expect(outcomes[0].erasePersonalData.errors).toEqual([]);
      // A write either happened before the erasure (and was erased) or was refused after it.
      for (const write of [outcomes[1], outcomes[2]]) {
        for (const error of write.errors) expect(error).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PERSON_ERASED' });
      }
      expect(await t.db.prisma.personProfile.count({ where: { personId: rawId(person) } })).toBe(0);
      expect(await t.db.prisma.personAnniversary.count({ where: { personId: rawId(person) } })).toBe(0);
    }
  });

  it("does not touch the person's record when only the profile changes", async () => {
    const person = await addPerson(t, accountId, { name: 'Untouched' });
    const before = await t.db.prisma.person.findUniqueOrThrow({ where: { id: rawId(person) } });
    await new Promise((resolve) => setTimeout(resolve, 5)); // @updatedAt would move
    expect((await setProfile(t, person, { hobbies: 'Kites' })).errors).toEqual([]);
    expect((await t.db.prisma.person.findUniqueOrThrow({ where: { id: rawId(person) } })).updatedAt).toEqual(before.updatedAt);
  });
});

describe('with the relationship plugin installed but disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: await relationshipPlugin(false), config: { dispatchEvents: false } });
  });
  afterAll(() => t?.close());

  it('hides the dossier from the schema, and the erasure still deletes it', async () => {
    const accountId = await createAccount(t, { name: 'Dormant Dies', tier: 'KEY' });
    const person = await addPerson(t, accountId, { name: 'Dor Mant', isKeyPerson: true });
    // Written while the plugin was enabled: the rows stay when it is switched off.
    await t.db.prisma.personProfile.create({ data: { personId: rawId(person), hobbies: 'Qzvdormant hobby' } });
    await t.db.prisma.personAnniversary.create({ data: { personId: rawId(person), kind: 'BIRTHDAY', label: 'Qzvdormant birthday', date: new Date('1970-01-01') } });

    const read = await t.gql(`query($id: ID!) { node(id: $id) { ... on Person { profile { hobbies } } } }`, { id: person });
    expect(read.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const set = await t.gql(`mutation($id: ID!) { setPersonProfile(personId: $id, input: { hobbies: "x" }) { errors { code } } }`, { id: person });
    expect(set.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // The export still lists it: the rows are still personal data.
    const doc = JSON.parse((await t.ok(EXPORT, { id: person })).exportPersonalData.document);
    expect(doc.plugins.relationship.dossier.profile).toMatchObject({ hobbies: 'Qzvdormant hobby' });

    expect((await t.ok(ERASE, { id: person })).erasePersonalData).toEqual({ alreadyErased: false, errors: [] });
    expect(await t.db.prisma.personProfile.count({ where: { personId: rawId(person) } })).toBe(0);
    expect(await t.db.prisma.personAnniversary.count({ where: { personId: rawId(person) } })).toBe(0);
  });
});
