/**
 * Qualification's part of the access probes: the assessQualification row,
 * each argument naming a record (the account, the assessor, the people
 * holding authority) and the history's cursors. Probe assessments confirm
 * all three of Money, Authority and Need and are dated now, so the
 * RELATIONSHIP stave stays full and never hides another probe's change.
 */
import { encodeGlobalId } from 'kam-graphql/plugin';
import { outcomeOf, USER_ERROR_FIELDS, type AccessProbes, type CursorProbe, type ReferenceCall, type TestApp } from 'kam-graphql/testing';

const ASSESS = `mutation($input: AssessQualificationInput!) { assessQualification(input: $input) { assessment { id } ${USER_ERROR_FIELDS} } }`;
const CONFIRMED = { money: 'CONFIRMED', authority: 'CONFIRMED', need: 'CONFIRMED' };

async function assessAsOperator(t: TestApp, accountId: string): Promise<string> {
  const data = await t.ok(ASSESS, { input: { accountId, ...CONFIRMED } });
  return data.assessQualification.assessment.id;
}

const run = (call: ReferenceCall, input: Record<string, unknown>) => call.t.gql(ASSESS, { input: { ...CONFIRMED, ...input } }, call.token);

const historyCursor = async (t: TestApp, hidden: Record<string, string>) => {
  await assessAsOperator(t, hidden.Account!);
  const data = await t.ok(`query($a: ID!) { account(id: $a) { qualificationHistory(first: 1) { pageInfo { endCursor } } } }`, { a: hidden.Account });
  return data.account.qualificationHistory.pageInfo.endCursor;
};

const SCOPE = 'Account.qualificationHistory|assessedAt:desc,id:desc';

const cursors: Record<string, CursorProbe> = {
  'Account.qualificationHistory(after)': {
    scope: SCOPE,
    source: historyCursor,
    page: (c, cursor) =>
      c.t.gql(`query($a: ID!, $c: String) { account(id: $a) { qualificationHistory(first: 5, after: $c) { edges { node { authority } } } } }`, { a: c.visible.Account, c: cursor }, c.token),
  },
  'Account.qualificationHistory(before)': {
    scope: SCOPE,
    source: historyCursor,
    page: (c, cursor) =>
      c.t.gql(`query($a: ID!, $c: String) { account(id: $a) { qualificationHistory(last: 5, before: $c) { edges { node { authority } } } } }`, { a: c.visible.Account, c: cursor }, c.token),
  },
};

export const qualificationProbes: AccessProbes = {
  operations: {
    'Mutation.assessQualification': async ({ t, token, account }) => {
      const input = { accountId: account.id, ...CONFIRMED };
      let response = await t.gql<any>(ASSESS, { input }, token);
      // A service caller names the assessor (the operator here); a staff member assesses as themselves.
      const needsAssessor = response.data?.assessQualification?.errors?.some((e: any) => e.code === 'VALIDATION' && e.path.join('.') === 'input.assessorId');
      if (needsAssessor) response = await t.gql(ASSESS, { input: { ...input, assessorId: encodeGlobalId('Staff', t.operator.id) } }, token);
      return outcomeOf(response, 'assessQualification');
    },
  },

  references: {
    'Mutation.assessQualification(input.accountId)': { type: 'Account', run: (c, id) => run(c, { accountId: id }) },
    'Mutation.assessQualification(input.assessorId)': { type: 'Staff', run: (c, id) => run(c, { accountId: c.visible.Account, assessorId: id }) },
    'Mutation.assessQualification(input.authorities.personId)': {
      type: 'Person',
      run: (c, id) => run(c, { accountId: c.visible.Account, authorities: [{ personId: id, directTopRelationship: true }] }),
    },
  },

  cursors,
};
