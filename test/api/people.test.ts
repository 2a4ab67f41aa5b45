import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addPerson, createAccount, snapshot, USER_ERROR_FIELDS } from '../support/fixtures.js';

let t: TestApp;
let accountId: string;
let otherAccountId: string;
beforeAll(async () => {
  t = await startTestApp();
  accountId = await createAccount(t, { name: 'Qingdao Brewery Equipment' });
  otherAccountId = await createAccount(t, { name: 'Other Co' });
});
afterAll(async () => {
  await t?.close();
});

describe('people', () => {
  it('adds people with a reporting line and reads them through the account', async () => {
    const chairman = await addPerson(t, accountId, { name: 'Zhang San', title: 'Chairman', isKeyPerson: true });
    const gm = await addPerson(t, accountId, { name: 'Wang Fang', title: 'General Manager', reportsToId: chairman, decisionRole: 'INFLUENCER' });
    await addPerson(t, accountId, { name: 'Chen Jie', title: 'Purchasing Clerk', reportsToId: gm, decisionRole: 'GATEKEEPER', email: 'chen@example.cn', phone: '+86 532 1234 5678' });

    const data = await t.ok(
      `query($id: ID!) { account(id: $id) { people(first: 10) { totalCount edges { node { name title decisionRole isKeyPerson email reportsTo { name } directReports { name } account { id } } } } } }`,
      { id: accountId },
    );
    expect(data.account.people.totalCount).toBe(3);
    const byName = Object.fromEntries(data.account.people.edges.map((e: any) => [e.node.name, e.node]));
    expect(byName['Zhang San']).toMatchObject({ isKeyPerson: true, reportsTo: null, directReports: [{ name: 'Wang Fang' }] });
    expect(byName['Wang Fang']).toMatchObject({ decisionRole: 'INFLUENCER', reportsTo: { name: 'Zhang San' } });
    expect(byName['Chen Jie']).toMatchObject({ email: 'chen@example.cn', reportsTo: { name: 'Wang Fang' }, account: { id: accountId } });

    const keyPeople = await t.ok(`query($id: ID!) { people(filter: { accountId: $id, isKeyPerson: true }) { edges { node { name } } } }`, { id: accountId });
    expect(keyPeople.people.edges.map((e: any) => e.node.name)).toEqual(['Zhang San']);
    const search = await t.ok(`{ people(filter: { search: "WANG" }) { totalCount } }`);
    expect(search.people.totalCount).toBe(1);
    // The id of another type matches no account: an empty page, on every database.
    const wrongType = await t.ok(`query($id: ID!) { people(filter: { accountId: $id }) { totalCount } }`, { id: encodeGlobalId('Staff', 'x') });
    expect(wrongType.people.totalCount).toBe(0);
  });

  it('keeps reporting lines inside one account and free of cycles', async () => {
    const boss = await addPerson(t, accountId, { name: 'Boss' });
    const mid = await addPerson(t, accountId, { name: 'Mid', reportsToId: boss });
    const outsider = await addPerson(t, otherAccountId, { name: 'Outsider' });
    const before = await snapshot(t);

    const cross = await t.ok(`mutation($input: AddPersonInput!) { addPerson(input: $input) { person { id } ${USER_ERROR_FIELDS} } }`, {
      input: { accountId, name: 'Cross', reportsToId: outsider },
    });
    expect(cross.addPerson.errors).toMatchObject([{ code: 'VALIDATION', path: ['input', 'reportsToId'] }]);

    const cycle = await t.ok(`mutation($id: ID!, $to: ID!) { updatePerson(id: $id, input: { reportsToId: $to }) { person { id } ${USER_ERROR_FIELDS} } }`, {
      id: boss,
      to: mid,
    });
    expect(cycle.updatePerson.errors).toMatchObject([{ __typename: 'RuleViolationError', rule: 'REPORTING_LINE_CYCLE' }]);
    const self = await t.ok(`mutation($id: ID!) { updatePerson(id: $id, input: { reportsToId: $id }) { person { id } ${USER_ERROR_FIELDS} } }`, { id: boss });
    expect(self.updatePerson.errors).toMatchObject([{ rule: 'REPORTING_LINE_CYCLE' }]);

    const badEmail = await t.ok(`mutation($id: ID!) { updatePerson(id: $id, input: { email: "not-an-email" }) { person { id } ${USER_ERROR_FIELDS} } }`, { id: boss });
    expect(badEmail.updatePerson.errors).toMatchObject([{ code: 'VALIDATION', path: ['input', 'email'] }]);
    expect(await snapshot(t)).toEqual(before);
  });

  it('updates and removes a person; direct reports keep their record without a manager', async () => {
    const head = await addPerson(t, accountId, { name: 'Head of Equipment' });
    const report = await addPerson(t, accountId, { name: 'Engineer', reportsToId: head });
    const updated = await t.ok(`mutation($id: ID!) { updatePerson(id: $id, input: { title: "Chief Engineer", isKeyPerson: true }) { person { title isKeyPerson } ${USER_ERROR_FIELDS} } }`, { id: head });
    expect(updated.updatePerson).toEqual({ person: { title: 'Chief Engineer', isKeyPerson: true }, errors: [] });

    const removed = await t.ok(`mutation($id: ID!) { removePerson(id: $id) { person { id name } ${USER_ERROR_FIELDS} } }`, { id: head });
    expect(removed.removePerson).toEqual({ person: { id: head, name: 'Head of Equipment' }, errors: [] });
    const after = await t.ok(`query($id: ID!, $r: ID!) { gone: node(id: $id) { id } report: node(id: $r) { ... on Person { reportsTo { id } } } }`, { id: head, r: report });
    expect(after).toEqual({ gone: null, report: { reportsTo: null } });

    const again = await t.ok(`mutation($id: ID!) { removePerson(id: $id) { person { id } ${USER_ERROR_FIELDS} } }`, { id: head });
    expect(again.removePerson.errors).toMatchObject([{ __typename: 'NotFoundError', entity: 'Person' }]);
  });

  it('refuses changes to the contacts of an archived account', async () => {
    const archivedId = await createAccount(t, { name: 'Archived Co' });
    await t.ok(`mutation($id: ID!) { archiveAccount(id: $id) { account { id } } }`, { id: archivedId });
    const before = await snapshot(t);
    const res = await t.ok(`mutation($input: AddPersonInput!) { addPerson(input: $input) { person { id } ${USER_ERROR_FIELDS} } }`, {
      input: { accountId: archivedId, name: 'Late Contact' },
    });
    expect(res.addPerson.errors).toMatchObject([{ rule: 'ACCOUNT_ARCHIVED' }]);
    expect(await snapshot(t)).toEqual(before);
  });
});
