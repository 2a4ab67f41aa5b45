/**
 * The power map's part of the access probes: the setPersonStanding row and
 * its person argument. Account.relationshipMap is read with the account and
 * has no row of its own.
 */
import { outcomeOf, USER_ERROR_FIELDS, type AccessProbes } from 'kam-graphql/testing';

const SET = `mutation($input: SetPersonStandingInput!) { setPersonStanding(input: $input) { standing { influence } ${USER_ERROR_FIELDS} } }`;

export const powerMapProbes: AccessProbes = {
  operations: {
    'Mutation.setPersonStanding': async ({ t, token, account }) =>
      outcomeOf(await t.gql(SET, { input: { personId: account.personId, influence: 'HIGH', strength: 'GOOD' } }, token), 'setPersonStanding'),
  },
  references: {
    'Mutation.setPersonStanding(input.personId)': {
      type: 'Person',
      run: (c, id) => c.t.gql(SET, { input: { personId: id, influence: 'MEDIUM' } }, c.token),
    },
  },
};
