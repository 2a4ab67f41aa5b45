/**
 * The probes the host's access suites run for this plugin's operations and
 * the arguments that name records. A function of the host's test kit, for
 * the same reason the plugin is a function of its plugin kit.
 *
 * @param {typeof import('kam-graphql/testing')} kit
 */
export const accessProbes = (kit) => {
  const logVisit = (t, token, accountId) =>
    t.gql(`mutation($a: ID!) { logVisit(accountId: $a, note: "Met the chairman") { visit { id } ${kit.USER_ERROR_FIELDS} } }`, { a: accountId }, token);
  return {
    operations: {
      'Mutation.logVisit': async ({ t, token, account }) => kit.outcomeOf(await logVisit(t, token, account.id), 'logVisit'),
    },
    references: {
      'Mutation.logVisit(accountId)': { type: 'Account', run: (call, id) => logVisit(call.t, call.token, id) },
    },
  };
};
