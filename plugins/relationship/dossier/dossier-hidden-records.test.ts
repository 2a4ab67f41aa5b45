/**
 * The dossier's records outside the caller's reach are indistinguishable
 * from records that do not exist: a hidden key person or anniversary gives
 * the same response as a missing id, once the ids are blanked, and nothing
 * is written. A key person the caller may read but whose dossier is not
 * theirs (they do not own the relationship) gives FORBIDDEN instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from 'kam-graphql/plugin';
import { hiddenRecordScene, rawId, USER_ERROR_FIELDS, type HiddenRecordScene, type TestApp } from 'kam-graphql/testing';
import { startDossierApp } from './dossier-test-support.js';

let t: TestApp;
let frontlineToken: string;
let visiblePerson: string;
let hiddenPerson: string;
const missingPerson = encodeGlobalId('Person', 'cm0000000000000000000000p');

let scene: HiddenRecordScene;

beforeAll(async () => {
  t = await startDossierApp();
  scene = await hiddenRecordScene(t);
  ({ frontlineToken, visiblePerson, hiddenPerson } = scene);
});
afterAll(async () => {
  await t?.close();
});

const compare: HiddenRecordScene['compare'] = (...args) => scene.compare(...args);

describe('a dossier record outside the caller\'s reach', () => {
  it('setPersonProfile on a hidden key person: a NOT_FOUND payload error, as for a missing person, and nothing is written', async () => {
    const set = `mutation($id: ID!) { setPersonProfile(personId: $id, input: { hobbies: "Golf" }) { profile { hobbies } ${USER_ERROR_FIELDS} } }`;
    const { hidden, missing } = await compare(set, (id) => ({ id }), hiddenPerson, missingPerson);
    expect(hidden).toMatchObject({ data: { setPersonProfile: { profile: null, errors: [{ code: 'NOT_FOUND', entity: 'Person' }] } } });
    expect(hidden).toEqual(missing);
    expect(await t.db.prisma.personProfile.findUnique({ where: { personId: rawId(hiddenPerson) } })).toBeNull();
  });

  it('addPersonAnniversary and removePersonAnniversary on a hidden key person: NOT_FOUND payload errors, as for missing records, and nothing changes', async () => {
    const add = `mutation($id: ID!) { addPersonAnniversary(input: { personId: $id, kind: COMPANY, label: "Founded", date: "2001-05-01" }) { anniversary { label } ${USER_ERROR_FIELDS} } }`;
    const added = await compare(add, (id) => ({ id }), hiddenPerson, missingPerson);
    expect(added.hidden).toMatchObject({ data: { addPersonAnniversary: { anniversary: null, errors: [{ code: 'NOT_FOUND', entity: 'Person' }] } } });
    expect(added.hidden).toEqual(added.missing);
    expect(await t.db.prisma.personAnniversary.count({ where: { personId: rawId(hiddenPerson) } })).toBe(0);

    // The operator records one; the frontline member cannot remove it, and learns nothing of it.
    const recorded = await t.ok(add, { id: hiddenPerson });
    expect(recorded.addPersonAnniversary.errors).toEqual([]);
    const anniversary = await t.db.prisma.personAnniversary.findFirstOrThrow({ where: { personId: rawId(hiddenPerson) } });
    const remove = `mutation($id: ID!) { removePersonAnniversary(id: $id) { anniversary { label } ${USER_ERROR_FIELDS} } }`;
    const removed = await compare(
      remove,
      (id) => ({ id }),
      encodeGlobalId('PersonAnniversary', anniversary.id),
      encodeGlobalId('PersonAnniversary', 'cm000000000000000000000an'),
    );
    expect(removed.hidden).toMatchObject({ data: { removePersonAnniversary: { anniversary: null, errors: [{ code: 'NOT_FOUND' }] } } });
    expect(removed.hidden).toEqual(removed.missing);
    expect(await t.db.prisma.personAnniversary.count({ where: { id: anniversary.id } })).toBe(1);
  });
});

describe('a key person the caller may read but whose dossier is not theirs', () => {
  it("setPersonProfile on a key person of the member's account, without owning the relationship, is FORBIDDEN — not NOT_FOUND", async () => {
    const result = await t.gql(
      `mutation($id: ID!) { setPersonProfile(personId: $id, input: { hobbies: "Golf" }) { ${USER_ERROR_FIELDS} } }`,
      { id: visiblePerson },
      frontlineToken,
    );
    expect(result.errors).toEqual([expect.objectContaining({ path: ['setPersonProfile'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    expect(await t.db.prisma.personProfile.findUnique({ where: { personId: rawId(visiblePerson) } })).toBeNull();
  });

  it('reading the private profile of such a person gives null with FORBIDDEN, the rest of the person reads fine', async () => {
    const result = await t.gql(`query($id: ID!) { node(id: $id) { ... on Person { name profile { hobbies } } } }`, { id: visiblePerson }, frontlineToken);
    expect(result.data).toEqual({ node: { name: 'Vera Visible', profile: null } });
    expect(result.errors).toEqual([expect.objectContaining({ path: ['node', 'profile'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });
});
