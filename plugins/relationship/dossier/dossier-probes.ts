/**
 * The dossier's access probes, which the host's role-by-operation matrix
 * and hidden-reference suite run for every role: one call per access rule
 * (`Person.profile`, `Person.anniversaries` and the three mutations), one per
 * argument naming a record. Each probe account's key person gets a private
 * profile and a birthday (its `PersonAnniversary` record).
 */
import { encodeGlobalId } from 'kam-graphql/plugin';
import { outcomeOf, rawId, USER_ERROR_FIELDS, type AccessProbes, type ReferenceCall, type ReferenceProbe, type TestApp } from 'kam-graphql/testing';

const gql = (call: ReferenceCall, query: string, variables: Record<string, unknown>) => call.t.gql(query, variables, call.token);
const mutation = (call: ReferenceCall, field: string, result: string, args: string, variables: Record<string, unknown>) =>
  gql(call, `mutation(${Object.keys(variables).map((k) => `$${k}: ID!`).join(', ')}) { ${field}(${args}) { ${result} ${USER_ERROR_FIELDS} } }`, variables);

/** The account's key person, as the host's probe account made it (the first one). */
async function keyPersonOf(t: TestApp, accountId: string): Promise<string> {
  const person = await t.db.prisma.person.findFirstOrThrow({ where: { accountId: rawId(accountId), isKeyPerson: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return encodeGlobalId('Person', person.id);
}

async function addAnniversary(t: TestApp, personId: string, kind: string, label: string, date: string): Promise<string> {
  const data = await t.ok(
    `mutation($p: ID!, $kind: AnniversaryKind!, $label: String!, $date: DateTime!) {
      addPersonAnniversary(input: { personId: $p, kind: $kind, label: $label, date: $date }) { anniversary { id } ${USER_ERROR_FIELDS} } }`,
    { p: personId, kind, label, date },
  );
  if (!data.addPersonAnniversary.anniversary) throw new Error(`addPersonAnniversary failed: ${JSON.stringify(data.addPersonAnniversary.errors)}`);
  return data.addPersonAnniversary.anniversary.id;
}

const references: Record<string, ReferenceProbe> = {
  'Mutation.setPersonProfile(personId)': {
    type: 'Person',
    run: (c, id) => mutation(c, 'setPersonProfile', 'profile { hobbies }', 'personId: $id, input: { hobbies: "Probe" }', { id }),
  },
  'Mutation.addPersonAnniversary(input.personId)': {
    type: 'Person',
    run: (c, id) =>
      mutation(c, 'addPersonAnniversary', 'anniversary { id }', 'input: { personId: $id, kind: COMPANY, label: "Probe", date: "2001-05-01" }', { id }),
  },
  'Mutation.removePersonAnniversary(id)': { type: 'PersonAnniversary', run: (c, id) => mutation(c, 'removePersonAnniversary', 'anniversary { id }', 'id: $id', { id }) },
};

export const dossierProbes: AccessProbes = {
  operations: {
    'Person.profile': async ({ t, token, account }) =>
      outcomeOf(await t.gql(`query($id: ID!) { node(id: $id) { ... on Person { profile { hobbies } } } }`, { id: account.personId }, token), undefined, (d) =>
        Boolean(d.node?.profile),
      ),
    'Person.anniversaries': async ({ t, token, account }) =>
      outcomeOf(await t.gql(`query($id: ID!) { node(id: $id) { ... on Person { anniversaries { label } } } }`, { id: account.personId }, token), undefined, (d) =>
        Boolean(d.node?.anniversaries?.length),
      ),
    'Mutation.setPersonProfile': async ({ t, token, account }) =>
      outcomeOf(
        await t.gql(`mutation($p: ID!) { setPersonProfile(personId: $p, input: { hobbies: "Go" }) { profile { hobbies } ${USER_ERROR_FIELDS} } }`, { p: account.personId }, token),
        'setPersonProfile',
      ),
    'Mutation.addPersonAnniversary': async ({ t, token, account }) =>
      outcomeOf(
        await t.gql(
          `mutation($p: ID!) { addPersonAnniversary(input: { personId: $p, kind: BIRTHDAY, label: "Birthday", date: "1970-05-04T00:00:00.000Z" }) { anniversary { id } ${USER_ERROR_FIELDS} } }`,
          { p: account.personId },
          token,
        ),
        'addPersonAnniversary',
      ),
    'Mutation.removePersonAnniversary': async ({ t, token, account }) => {
      const id = await addAnniversary(t, account.personId, 'COMPANY', 'Founded', '2001-09-01T00:00:00.000Z');
      return outcomeOf(await t.gql(`mutation($id: ID!) { removePersonAnniversary(id: $id) { anniversary { id } ${USER_ERROR_FIELDS} } }`, { id }, token), 'removePersonAnniversary');
    },
  },
  references,
  async prepareAccount(t, accountId) {
    const personId = await keyPersonOf(t, accountId);
    const set = await t.ok(`mutation($p: ID!) { setPersonProfile(personId: $p, input: { hobbies: "Calligraphy" }) { ${USER_ERROR_FIELDS} } }`, { p: personId });
    if (set.setPersonProfile.errors.length > 0) throw new Error(`setPersonProfile failed: ${JSON.stringify(set.setPersonProfile.errors)}`);
    return { PersonAnniversary: await addAnniversary(t, personId, 'BIRTHDAY', 'Birthday', '1970-05-04T00:00:00.000Z') };
  },
};
