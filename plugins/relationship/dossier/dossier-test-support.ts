/** Shared steps of the dossier's tests, through the public API as a client would take them. */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTestPlugins, startTestApp, USER_ERROR_FIELDS, type TestApp, type TestAppOptions } from 'kam-graphql/testing';

const here = dirname(fileURLToPath(import.meta.url));

/** A payload's user error, as the tests read it. */
export type UserError = { code: string; __typename?: string; path?: string[]; rule?: string; entity?: string; message?: string };

/** The relationship plugin alone, enabled (or installed but disabled). */
export const relationshipPlugin = (enabled = true) => loadTestPlugins([{ from: '..', enabled }], here);

/** A test app with the relationship plugin. */
export async function startDossierApp(options: Omit<TestAppOptions, 'plugins'> = {}): Promise<TestApp> {
  return startTestApp({ ...options, plugins: await relationshipPlugin() });
}

export const PROFILE_FIELDS = `gender birthDate age familyMembers expertise hobbies personalDevelopment personality healthNotes updatedAt`;
export const ANNIVERSARY_FIELDS = `id kind label date nextOccurrence`;

export async function setProfile(t: TestApp, personId: string, input: Record<string, unknown>, token?: string) {
  const data = await t.ok(
    `mutation SetProfile($personId: ID!, $input: SetPersonProfileInput!) {
      setPersonProfile(personId: $personId, input: $input) { profile { ${PROFILE_FIELDS} } ${USER_ERROR_FIELDS} }
    }`,
    { personId, input },
    token,
  );
  return data.setPersonProfile as { profile: Record<string, unknown> | null; errors: UserError[] };
}

export async function addAnniversary(t: TestApp, input: Record<string, unknown>) {
  const data = await t.ok(
    `mutation AddAnniversary($input: AddPersonAnniversaryInput!) {
      addPersonAnniversary(input: $input) { anniversary { ${ANNIVERSARY_FIELDS} } ${USER_ERROR_FIELDS} }
    }`,
    { input },
  );
  return data.addPersonAnniversary as { anniversary: ({ id: string } & Record<string, unknown>) | null; errors: UserError[] };
}

export async function removeAnniversary(t: TestApp, id: string) {
  const data = await t.ok(
    `mutation RemoveAnniversary($id: ID!) { removePersonAnniversary(id: $id) { anniversary { id label } ${USER_ERROR_FIELDS} } }`,
    { id },
  );
  return data.removePersonAnniversary as { anniversary: ({ id: string } & Record<string, unknown>) | null; errors: UserError[] };
}

export async function readPrivate(t: TestApp, personId: string, operation = 'ReadPrivate') {
  const data = await t.ok(
    `query ${operation}($id: ID!) { node(id: $id) { ... on Person { name erasedAt profile { ${PROFILE_FIELDS} } anniversaries { ${ANNIVERSARY_FIELDS} } } } }`,
    { id: personId },
  );
  return data.node as { name: string; erasedAt: string | null; profile: Record<string, unknown> | null; anniversaries: Record<string, string>[] };
}
