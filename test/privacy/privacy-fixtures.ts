/** Shared steps of the privacy suites, through the public API as a client would take them. */
import type { Database } from '../../src/db/database.js';
import { USER_ERROR_FIELDS } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';

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
  return data.setPersonProfile as { profile: Record<string, unknown> | null; errors: any[] };
}

export async function addAnniversary(t: TestApp, input: Record<string, unknown>) {
  const data = await t.ok(
    `mutation AddAnniversary($input: AddPersonAnniversaryInput!) {
      addPersonAnniversary(input: $input) { anniversary { ${ANNIVERSARY_FIELDS} } ${USER_ERROR_FIELDS} }
    }`,
    { input },
  );
  return data.addPersonAnniversary as { anniversary: Record<string, any> | null; errors: any[] };
}

export async function removeAnniversary(t: TestApp, id: string) {
  const data = await t.ok(
    `mutation RemoveAnniversary($id: ID!) { removePersonAnniversary(id: $id) { anniversary { id label } ${USER_ERROR_FIELDS} } }`,
    { id },
  );
  return data.removePersonAnniversary as { anniversary: Record<string, any> | null; errors: any[] };
}

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

/** Every table of the database (SQLite or PostgreSQL), read directly, each row flattened to one string. */
export async function dumpEveryTable(db: Database): Promise<Map<string, string[]>> {
  const prisma = db.prisma;
  const tables =
    db.provider === 'sqlite'
      ? (await prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map((r) => r.name)
      : (
          await prisma.$queryRawUnsafe<{ table_name: string }[]>(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
          )
        ).map((r) => r.table_name);
  const dump = new Map<string, string[]>();
  for (const table of tables) {
    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table.replaceAll('"', '""')}"`);
    dump.set(
      table,
      rows.map((row) => Object.values(row).map(flatten).join(' | ')),
    );
  }
  return dump;
}

function flatten(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return `${value.toISOString()} ${value.getTime()}`;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
