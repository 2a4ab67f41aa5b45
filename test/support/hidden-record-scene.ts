/**
 * The scene of the hidden-record tests (core's and the plugins'): a
 * frontline member on one account's team, and an account and key person
 * outside their reach. `compare` runs a query as that member with the hidden
 * id and with a missing one, asserts nothing of the hidden records leaks,
 * and returns both responses with the ids blanked, so a test can require
 * them to be equal.
 */
import { addPerson, assign, createAccount, createStaff } from './fixtures.js';
import { rawId } from './live-client.js';
import type { GraphQLResponse, TestApp } from './test-app.js';

export interface HiddenRecordScene {
  frontlineToken: string;
  /** On the frontline member's team, with a key person. */
  visibleAccount: string;
  visiblePerson: string;
  /** Not on the frontline member's team (it has a team of its own), with a key person. */
  hiddenAccount: string;
  hiddenPerson: string;
  compare(
    query: string,
    variables: (id: string) => Record<string, unknown>,
    hidden: string,
    missing: string,
  ): Promise<{ hidden: unknown; missing: unknown; raw: GraphQLResponse }>;
}

/** What must never appear in a response about the hidden account. */
export const HIDDEN_MARKERS = /Hidden Hydraulics|Secret Region|Harry Hidden|harry@hidden/;

/** The response with every form (global and raw) of the given ids replaced by "<id>". */
function blankIds(response: GraphQLResponse, ids: string[]): unknown {
  let text = JSON.stringify(response);
  for (const id of ids) {
    for (const form of [id, rawId(id)]) text = text.split(form).join('<id>');
  }
  return JSON.parse(text);
}

export async function hiddenRecordScene(t: TestApp): Promise<HiddenRecordScene> {
  const visibleAccount = await createAccount(t, { name: 'Visible Valves' });
  const hiddenAccount = await createAccount(t, { name: 'Hidden Hydraulics', region: 'Secret Region' });
  const visiblePerson = await addPerson(t, visibleAccount, { name: 'Vera Visible', isKeyPerson: true });
  const hiddenPerson = await addPerson(t, hiddenAccount, { name: 'Harry Hidden', email: 'harry@hidden.example', isKeyPerson: true });
  const frontline = await createStaff(t, { name: 'Fu Frontline', level: 'FRONTLINE', department: 'Service' });
  const colleague = await createStaff(t, { name: 'Cai Colleague', level: 'FRONTLINE', department: 'Service' });
  for (const [accountId, staffId] of [[visibleAccount, frontline], [hiddenAccount, colleague]] as const) {
    const { errors } = await assign(t, { accountId, staffId, responsibility: 'SERVICE' });
    if (errors.length > 0) throw new Error(`cannot staff the scene: ${JSON.stringify(errors)}`);
  }
  const frontlineToken = await t.tokenFor(rawId(frontline));
  return {
    frontlineToken,
    visibleAccount,
    visiblePerson,
    hiddenAccount,
    hiddenPerson,
    async compare(query, variables, hidden, missing) {
      const hiddenResponse = await t.gql(query, variables(hidden), frontlineToken);
      const missingResponse = await t.gql(query, variables(missing), frontlineToken);
      // Nothing of the hidden record leaks, whatever the shape.
      if (HIDDEN_MARKERS.test(JSON.stringify(hiddenResponse))) throw new Error(`the response names the hidden account: ${JSON.stringify(hiddenResponse)}`);
      const all = [hidden, missing];
      return { hidden: blankIds(hiddenResponse, all), missing: blankIds(missingResponse, all), raw: hiddenResponse };
    },
  };
}
