import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assign, createAccount, createStaff, snapshot, USER_ERROR_FIELDS } from '../support/fixtures.js';
import { rawId } from '../support/live-client.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';

let t: TestApp;
let keyAccount: string;
let generalAccount: string;
let top: string;
let middle: string;
let frontline: string;
let newcomer: string;

beforeAll(async () => {
  t = await startTestApp({ minTenureMonths: 12 });
  keyAccount = await createAccount(t, { name: 'Key Customer Ltd', tier: 'KEY' });
  generalAccount = await createAccount(t, { name: 'General Customer Ltd' });
  top = await createStaff(t, { name: 'Owner Liu', level: 'TOP', department: 'Management', hireDate: '2010-01-01' });
  middle = await createStaff(t, { name: 'Sales Manager Zhao', level: 'MIDDLE', department: 'Sales', hireDate: '2018-06-01' });
  frontline = await createStaff(t, { name: 'Engineer Sun', level: 'FRONTLINE', department: 'Service', hireDate: '2020-02-01' });
  // The test clock is 2025-07-01: four months of service.
  newcomer = await createStaff(t, { name: 'New Rep Zhou', level: 'FRONTLINE', department: 'Service', hireDate: '2025-03-01' });
});
afterAll(async () => {
  await t?.close();
});

describe('division of labour on key accounts', () => {
  it('accepts a team that follows the rules and shows it on the account', async () => {
    expect((await assign(t, { accountId: keyAccount, staffId: top, responsibility: 'RELATIONSHIP', isLiaison: true })).errors).toEqual([]);
    expect((await assign(t, { accountId: keyAccount, staffId: middle, responsibility: 'SALES', isLiaison: true })).errors).toEqual([]);
    expect((await assign(t, { accountId: keyAccount, staffId: frontline, responsibility: 'SERVICE' })).errors).toEqual([]);
    const data = await t.ok(
      `query($id: ID!) { account(id: $id) { teamMembers { responsibility isLiaison staff { name level tenureMonths } } } }`,
      { id: keyAccount },
    );
    expect(data.account.teamMembers).toEqual([
      { responsibility: 'RELATIONSHIP', isLiaison: true, staff: { name: 'Owner Liu', level: 'TOP', tenureMonths: 186 } },
      { responsibility: 'SALES', isLiaison: true, staff: { name: 'Sales Manager Zhao', level: 'MIDDLE', tenureMonths: 85 } },
      { responsibility: 'SERVICE', isLiaison: false, staff: { name: 'Engineer Sun', level: 'FRONTLINE', tenureMonths: 65 } },
    ]);
  });

  it('rejects each violation with a typed rule error and changes nothing', async () => {
    const before = await snapshot(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ accountId: keyAccount, staffId: middle, responsibility: 'RELATIONSHIP' }, 'KEY_RELATIONSHIP_OWNER_TOP'],
      [{ accountId: keyAccount, staffId: frontline, responsibility: 'SALES' }, 'KEY_SALES_OWNER_MIDDLE'],
      [{ accountId: keyAccount, staffId: top, responsibility: 'SALES' }, 'KEY_SALES_OWNER_MIDDLE'],
      [{ accountId: keyAccount, staffId: newcomer, responsibility: 'SERVICE' }, 'KEY_ACCOUNT_MIN_TENURE'],
    ];
    for (const [input, rule] of cases) {
      const result = await assign(t, input);
      expect(result.teamMember).toBeNull();
      expect(result.errors).toMatchObject([{ __typename: 'RuleViolationError', code: 'RULE_VIOLATION', rule }]);
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('does not restrict general accounts', async () => {
    const result = await assign(t, { accountId: generalAccount, staffId: newcomer, responsibility: 'SALES' });
    expect(result.errors).toEqual([]);
  });

  it('reports duplicates and a second liaison of one department as conflicts', async () => {
    const before = await snapshot(t);
    const duplicate = await assign(t, { accountId: keyAccount, staffId: frontline, responsibility: 'SERVICE' });
    expect(duplicate.errors).toMatchObject([{ __typename: 'ConflictError', code: 'CONFLICT' }]);
    const otherSales = await createStaff(t, { level: 'MIDDLE', department: 'Sales', hireDate: '2015-01-01' });
    const after = await snapshot(t); // the new staff member is the only change
    const liaison = await assign(t, { accountId: keyAccount, staffId: otherSales, responsibility: 'SALES', isLiaison: true });
    expect(liaison.errors).toMatchObject([{ __typename: 'ConflictError', path: ['input', 'isLiaison'] }]);
    expect(await snapshot(t)).toEqual(after);
    expect(after.teamMembers).toEqual(before.teamMembers);
  });

  it('refuses to promote an account to KEY while its team breaks the rules', async () => {
    expect((await assign(t, { accountId: generalAccount, staffId: top, responsibility: 'SERVICE' })).errors).toEqual([]);
    const before = await snapshot(t);
    const res = await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { tier: KEY }) { account { tier } ${USER_ERROR_FIELDS} } }`, { id: generalAccount });
    // The newcomer sells to this account: a key account needs MIDDLE management with tenure for that.
    expect(res.updateAccount.errors).toMatchObject([{ __typename: 'RuleViolationError', rule: 'KEY_SALES_OWNER_MIDDLE' }]);
    expect(res.updateAccount.errors[0].message).toMatch(/New Rep Zhou/);
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses a staff change that would break a key-account assignment', async () => {
    const before = await snapshot(t);
    const res = await t.ok(`mutation($id: ID!) { updateStaff(id: $id, input: { level: MIDDLE }) { staff { level } ${USER_ERROR_FIELDS} } }`, { id: top });
    expect(res.updateStaff.errors).toMatchObject([{ rule: 'KEY_RELATIONSHIP_OWNER_TOP' }]);
    expect(await snapshot(t)).toEqual(before);
  });

  it('unassigns a member', async () => {
    const member = await assign(t, { accountId: generalAccount, staffId: frontline, responsibility: 'SERVICE' });
    const res = await t.ok(`mutation($id: ID!) { unassignTeamMember(id: $id) { teamMember { id } ${USER_ERROR_FIELDS} } }`, { id: member.teamMember!.id });
    expect(res.unassignTeamMember.errors).toEqual([]);
    const again = await t.ok(`mutation($id: ID!) { unassignTeamMember(id: $id) { teamMember { id } ${USER_ERROR_FIELDS} } }`, { id: member.teamMember!.id });
    expect(again.unassignTeamMember.errors).toMatchObject([{ __typename: 'NotFoundError' }]);
  });
});

describe('staff', () => {
  it('appoints administrators, whose rights apply at once, and never leaves the SME without one', async () => {
    const officer = await createStaff(t, { name: 'Office Zhao', level: 'FRONTLINE', department: 'Office' });
    const officerToken = await t.tokenFor(rawId(officer));
    const AUDIT = `{ auditTrail(first: 1) { totalCount } }`;
    expect((await t.gql(AUDIT, {}, officerToken)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const SET = `mutation($id: ID!, $admin: Boolean!) { updateStaff(id: $id, input: { isAdministrator: $admin }) { staff { isAdministrator } ${USER_ERROR_FIELDS} } }`;
    expect((await t.ok(SET, { id: officer, admin: true })).updateStaff).toMatchObject({ staff: { isAdministrator: true }, errors: [] });
    expect((await t.gql(AUDIT, {}, officerToken)).errors).toBeUndefined();

    // The operator steps down; the officer is now the only administrator and cannot step down too.
    const operator = encodeGlobalId('Staff', t.operator.id);
    expect((await t.ok(SET, { id: operator, admin: false })).updateStaff.errors).toEqual([]);
    expect((await t.ok(SET, { id: officer, admin: false }, officerToken)).updateStaff.errors).toMatchObject([
      { __typename: 'RuleViolationError', rule: 'LAST_ADMINISTRATOR' },
    ]);
    expect((await t.ok(SET, { id: operator, admin: true }, officerToken)).updateStaff.errors).toEqual([]);
  });

  it('validates staff input and keeps emails unique', async () => {
    const before = await snapshot(t);
    const bad = await t.ok(`mutation { createStaff(input: { name: "", email: "nope", level: TOP, department: "Sales", hireDate: "2030-01-01" }) { staff { id } ${USER_ERROR_FIELDS} } }`);
    expect(bad.createStaff.errors.map((e: any) => e.path.join('.'))).toEqual(['input.name', 'input.email']);
    const future = await t.ok(`mutation { createStaff(input: { name: "Future", email: "f@sme.example", level: TOP, department: "Sales", hireDate: "2030-01-01" }) { staff { id } ${USER_ERROR_FIELDS} } }`);
    expect(future.createStaff.errors).toMatchObject([{ code: 'VALIDATION', path: ['input', 'hireDate'] }]);
    const existing = before.staff[0]!.email.toUpperCase();
    const dup = await t.ok(`mutation($email: String!) { createStaff(input: { name: "Dup", email: $email, level: TOP, department: "Sales", hireDate: "2020-01-01" }) { staff { id } ${USER_ERROR_FIELDS} } }`, { email: existing });
    expect(dup.createStaff.errors).toMatchObject([{ __typename: 'ConflictError', path: ['input', 'email'] }]);
    const badDate = await t.gql(`mutation { createStaff(input: { name: "D", email: "d@sme.example", level: TOP, department: "Sales", hireDate: "2020-02-31x" }) { staff { id } } }`);
    expect(badDate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await snapshot(t)).toEqual(before);
  });

  it('records a departure: not before the hire date, undoable, and nobody who has left joins a team', async () => {
    const leaver = await createStaff(t, { name: 'Leaving Rep Wu', level: 'FRONTLINE', department: 'Service', hireDate: '2019-01-01' });
    const SET = `mutation($id: ID!, $leftAt: DateTime) { updateStaff(id: $id, input: { leftAt: $leftAt }) { staff { leftAt } ${USER_ERROR_FIELDS} } }`;
    const before = await snapshot(t);
    expect((await t.ok(SET, { id: leaver, leftAt: '2018-12-31T00:00:00.000Z' })).updateStaff.errors).toMatchObject([{ code: 'VALIDATION', path: ['input', 'leftAt'] }]);
    expect(await snapshot(t)).toEqual(before);

    expect((await t.ok(SET, { id: leaver, leftAt: '2025-06-30T00:00:00.000Z' })).updateStaff).toEqual({ staff: { leftAt: '2025-06-30T00:00:00.000Z' }, errors: [] });
    const refused = await assign(t, { accountId: generalAccount, staffId: leaver, responsibility: 'SERVICE' });
    expect(refused.errors).toMatchObject([{ __typename: 'RuleViolationError', rule: 'STAFF_LEFT' }]);

    // A departure recorded by mistake is undone with null.
    expect((await t.ok(SET, { id: leaver, leftAt: null })).updateStaff.staff).toEqual({ leftAt: null });
    expect((await assign(t, { accountId: generalAccount, staffId: leaver, responsibility: 'SERVICE' })).errors).toEqual([]);
  });

  it('lists staff by level with their assignments', async () => {
    // The test operator is top management too, with no assignments.
    const data = await t.ok(`{ staff(filter: { levels: [TOP], search: "liu" }) { totalCount edges { node { name level assignments { responsibility account { name } } } } } }`);
    expect(data.staff.totalCount).toBe(1);
    expect(data.staff.edges[0].node.assignments.map((a: any) => `${a.responsibility}@${a.account.name}`).sort()).toEqual([
      'RELATIONSHIP@Key Customer Ltd',
      'SERVICE@General Customer Ltd',
    ]);
  });
});
