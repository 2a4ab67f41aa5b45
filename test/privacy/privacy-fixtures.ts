/**
 * Shared steps of the privacy suites, through the public API as a client
 * would take them. The dossier's steps (profile, anniversaries) are the
 * relationship plugin's, which owns the dossier.
 */
import { ANNIVERSARY_FIELDS, PROFILE_FIELDS } from '../../plugins/relationship/dossier/dossier-test-support.js';
import type { TestApp } from '../support/test-app.js';

export { addAnniversary, removeAnniversary, setProfile } from '../../plugins/relationship/dossier/dossier-test-support.js';
export { dumpEveryTable } from '../support/database-dump.js';

export async function readPrivate(t: TestApp, personId: string, operation = 'ReadPrivate') {
  const data = await t.ok(
    `query ${operation}($id: ID!) { node(id: $id) { ... on Person { name erasedAt profile { ${PROFILE_FIELDS} } anniversaries { ${ANNIVERSARY_FIELDS} } } } }`,
    { id: personId },
  );
  return data.node as { name: string; erasedAt: string | null; profile: Record<string, any> | null; anniversaries: any[] };
}

/** The database id inside a global id. */
export function rawId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':').slice(1).join(':');
}
