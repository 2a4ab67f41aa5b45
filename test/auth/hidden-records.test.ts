/**
 * A record outside the caller's reach is indistinguishable from one that
 * does not exist: the full response (data and errors) for a hidden record
 * equals the response for a missing id of the same type, once the ids
 * themselves are blanked. A record the caller may read but not change gives
 * FORBIDDEN instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { snapshot, USER_ERROR_FIELDS } from '../support/fixtures.js';
import { hiddenRecordScene, type HiddenRecordScene } from '../support/hidden-record-scene.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let frontlineToken: string;
/** On the frontline member's team. */
let visibleAccount: string;
let visiblePerson: string;
/** Not on the frontline member's team (it has a team of its own). */
let hiddenAccount: string;
let hiddenPerson: string;
/** Well-formed ids of the right types that match no record. */
const missingAccount = encodeGlobalId('Account', 'cm0000000000000000000000a');
const missingPerson = encodeGlobalId('Person', 'cm0000000000000000000000p');

let scene: HiddenRecordScene;

beforeAll(async () => {
  t = await startTestApp();
  scene = await hiddenRecordScene(t);
  ({ frontlineToken, visibleAccount, visiblePerson, hiddenAccount, hiddenPerson } = scene);
});
afterAll(async () => {
  await t?.close();
});

const compare: HiddenRecordScene['compare'] = (...args) => scene.compare(...args);

describe('a hidden record looks exactly like a missing one', () => {
  it('account(id): null, no error', async () => {
    const query = `query($id: ID!) { account(id: $id) { id name region people { totalCount } } }`;
    const { hidden, missing } = await compare(query, (id) => ({ id }), hiddenAccount, missingAccount);
    expect(hidden).toEqual({ data: { account: null } });
    expect(hidden).toEqual(missing);
    // Control: the same query on the visible account answers.
    expect((await t.ok(query, { id: visibleAccount }, frontlineToken)).account).toMatchObject({ name: 'Visible Valves' });
  });

  it('node(id), for an account and for a person: null, no error', async () => {
    const query = `query($id: ID!) { node(id: $id) { id __typename ... on Account { name } ... on Person { name email } } }`;
    const account = await compare(query, (id) => ({ id }), hiddenAccount, missingAccount);
    expect(account.hidden).toEqual({ data: { node: null } });
    expect(account.hidden).toEqual(account.missing);
    const person = await compare(query, (id) => ({ id }), hiddenPerson, missingPerson);
    expect(person.hidden).toEqual({ data: { node: null } });
    expect(person.hidden).toEqual(person.missing);
    expect((await t.ok(query, { id: visiblePerson }, frontlineToken)).node).toMatchObject({ __typename: 'Person', name: 'Vera Visible' });
  });

  it('nodes(ids): null in place, alongside the visible records', async () => {
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Account { name } ... on Person { name } } }`;
    const { hidden, missing } = await compare(
      query,
      (id) => ({ ids: [visibleAccount, id, id === hiddenAccount ? hiddenPerson : missingPerson, visiblePerson] }),
      hiddenAccount,
      missingAccount,
    );
    const blanked = (value: unknown) => JSON.parse(JSON.stringify(value).split(hiddenPerson).join('<id>').split(missingPerson).join('<id>'));
    expect(blanked(hidden)).toEqual({
      data: { nodes: [{ id: visibleAccount, name: 'Visible Valves' }, null, null, { id: visiblePerson, name: 'Vera Visible' }] },
    });
    expect(blanked(hidden)).toEqual(blanked(missing));
  });

  it('people(filter: { accountId }): an empty page', async () => {
    const query = `query($id: ID!) { people(filter: { accountId: $id }) { totalCount edges { node { name } } } }`;
    const { hidden, missing } = await compare(query, (id) => ({ id }), hiddenAccount, missingAccount);
    expect(hidden).toEqual({ data: { people: { totalCount: 0, edges: [] } } });
    expect(hidden).toEqual(missing);
  });

  it('updatePerson and removePerson: a NOT_FOUND payload error, and nothing changes', async () => {
    const before = await snapshot(t);
    const update = `mutation($id: ID!) { updatePerson(id: $id, input: { title: "Changed" }) { person { id name } ${USER_ERROR_FIELDS} } }`;
    const updated = await compare(update, (id) => ({ id }), hiddenPerson, missingPerson);
    expect(updated.hidden).toEqual({
      data: { updatePerson: { person: null, errors: [{ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Person <id> was not found', path: ['id'], entity: 'Person' }] } },
    });
    expect(updated.hidden).toEqual(updated.missing);

    const remove = `mutation($id: ID!) { removePerson(id: $id) { person { id name } ${USER_ERROR_FIELDS} } }`;
    const removed = await compare(remove, (id) => ({ id }), hiddenPerson, missingPerson);
    expect(removed.hidden).toEqual({
      data: { removePerson: { person: null, errors: [{ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Person <id> was not found', path: ['id'], entity: 'Person' }] } },
    });
    expect(removed.hidden).toEqual(removed.missing);
    expect(await snapshot(t)).toEqual(before);
  });

  it('addPerson to the account: a NOT_FOUND payload error, and nothing changes', async () => {
    const before = await snapshot(t);
    const add = `mutation($id: ID!) { addPerson(input: { accountId: $id, name: "Planted Spy", decisionRole: USER }) { person { id } ${USER_ERROR_FIELDS} } }`;
    const { hidden, missing } = await compare(add, (id) => ({ id }), hiddenAccount, missingAccount);
    expect(hidden).toMatchObject({ data: { addPerson: { person: null, errors: [{ code: 'NOT_FOUND', entity: 'Account' }] } } });
    expect(hidden).toEqual(missing);
    expect(await snapshot(t)).toEqual(before);
  });
});

describe('a record the caller may read but not change', () => {
  it('updateAccount on the member\'s own team account is FORBIDDEN, and nothing changes', async () => {
    const before = await snapshot(t);
    const result = await t.gql(
      `mutation($id: ID!) { updateAccount(id: $id, input: { region: "Moved" }) { account { region } ${USER_ERROR_FIELDS} } }`,
      { id: visibleAccount },
      frontlineToken,
    );
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ path: ['updateAccount'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    expect(await snapshot(t)).toEqual(before);
  });
});
