import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFromContext } from '../../src/people/sensitive-read-log.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { captureLog } from '../support/captured-log.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { configuredPlugins } from '../support/test-plugins.js';
import { addAnniversary, setProfile } from './privacy-fixtures.js';

let t: TestApp;
const ACCOUNT = 'acc_reads';
const personIds = Array.from({ length: 60 }, (_, i) => `per_${String(i).padStart(3, '0')}`);
const gid = (id: string) => encodeGlobalId('Person', id);

/** 60 key people, each with a profile and two anniversaries (written directly: this suite is about reading). */
async function seed() {
  const p = t.db.prisma;
  await p.account.create({ data: { id: ACCOUNT, name: 'Reads Co', searchName: 'reads co', industry: 'INDUSTRIAL', tier: 'KEY' } });
  await p.person.createMany({
    data: personIds.map((id, i) => ({ id, accountId: ACCOUNT, name: `Person ${i}`, searchName: `person ${String(i).padStart(3, '0')}`, isKeyPerson: true })),
  });
  await p.personProfile.createMany({
    data: personIds.map((personId, i) => ({ personId, gender: i % 2 ? 'female' : 'male', birthDate: new Date(Date.UTC(1960 + (i % 30), i % 12, 1 + (i % 28))), healthNotes: `note ${i}` })),
  });
  await p.personAnniversary.createMany({
    data: personIds.flatMap((personId, i) => [
      { personId, kind: 'BIRTHDAY' as const, label: `Birthday ${i}`, date: new Date(Date.UTC(1960 + (i % 30), i % 12, 1 + (i % 28))) },
      { personId, kind: 'COMPANY' as const, label: `Joined ${i}`, date: new Date(Date.UTC(2010, (i + 6) % 12, 10)) },
    ]),
  });
}

beforeAll(async () => {
  // No background dispatcher: its polling would land in the statement counts.
  // The relationship plugin's dossier (profiles, anniversaries) stands in for any field read with loggedRead.
  t = await startTestApp({ plugins: await configuredPlugins(), config: { dispatchEvents: false } });
  await seed();
});
afterAll(async () => {
  await t?.close();
});

const readsCount = () => t.db.prisma.sensitiveRead.count();
const lastReads = (n: number) => t.db.prisma.sensitiveRead.findMany({ orderBy: { id: 'desc' }, take: n });
const isReadInsert = (sql: string) => /^insert\s+into\s+\S*\bSensitiveRead\b/i.test(sql.trim());

const PAGE = `query PeoplePrivate($first: Int!, $account: ID!) {
  people(first: $first, filter: { accountId: $account }) { edges { node {
    name
    profile { gender age healthNotes }
    anniversaries { label nextOccurrence }
  } } }
}`;

describe('the access log of sensitive reads', () => {
  it('logs a page of 50 profiles with one insert and a constant number of statements', async () => {
    const run = async (first: number) => {
      const before = await readsCount();
      t.statements.length = 0;
      const data = await t.ok(PAGE, { first, account: encodeGlobalId('Account', ACCOUNT) });
      const statements = [...t.statements];
      return { data, statements, logged: (await readsCount()) - before };
    };
    const small = await run(5);
    const large = await run(50);

    expect(large.data.people.edges).toHaveLength(50);
    const sample = large.data.people.edges[7].node;
    expect(sample.profile).toEqual({ gender: 'female', age: expect.any(Number), healthNotes: 'note 7' });
    expect(sample.anniversaries.map((a: any) => a.label)).toEqual(['Joined 7', 'Birthday 7']); // February before August, whatever the year
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements.filter(isReadInsert)).toHaveLength(1);
    expect(small.statements.filter(isReadInsert)).toHaveLength(1);

    // One row per person read, naming every field read, the reader and the operation.
    expect(large.logged).toBe(50);
    const rows = await lastReads(50);
    expect(new Set(rows.map((r) => r.personId))).toEqual(new Set(personIds.slice(0, 50)));
    for (const row of rows) {
      expect(row).toMatchObject({
        actorKind: 'STAFF',
        actorId: t.operator.id,
        operation: 'PeoplePrivate',
        fields: 'anniversaries.label,anniversaries.nextOccurrence,profile.age,profile.gender,profile.healthNotes',
      });
    }
  });

  it('logs reads that reach the data another way: mutation payloads, fragments, empty selections', async () => {
    const before = await readsCount();
    await setProfile(t, gid('per_055'), { hobbies: 'Table tennis' });
    expect((await lastReads(1))[0]).toMatchObject({ personId: 'per_055', operation: 'SetProfile' });
    expect((await lastReads(1))[0]!.fields.split(',')).toEqual(expect.arrayContaining(['profile.hobbies', 'profile.healthNotes', 'profile.birthDate']));

    const added = await addAnniversary(t, { personId: gid('per_056'), kind: 'PERSONAL', label: 'Son starts university', date: '2025-09-01' });
    expect(added.anniversary).toMatchObject({ label: 'Son starts university' });
    expect((await lastReads(1))[0]).toMatchObject({
      personId: 'per_056',
      fields: 'anniversaries.date,anniversaries.kind,anniversaries.label,anniversaries.nextOccurrence', // the id is not personal
      operation: 'AddAnniversary',
    });

    await t.ok(`query WithFragment($id: ID!) { node(id: $id) { ... on Person { profile { ...Care __typename } } } } fragment Care on PersonProfile { healthNotes personality }`, {
      id: gid('per_057'),
    });
    expect((await lastReads(1))[0]).toMatchObject({ personId: 'per_057', fields: 'profile.healthNotes,profile.personality' });

    await t.ok(`query Exists($id: ID!) { node(id: $id) { ... on Person { profile { __typename } } } }`, { id: gid('per_058') });
    expect((await lastReads(1))[0]).toMatchObject({ personId: 'per_058', fields: 'profile' });

    // Anonymous operations are named by their type and root fields.
    await t.ok(`query($id: ID!) { node(id: $id) { ... on Person { anniversaries { kind } } } }`, { id: gid('per_059') });
    expect((await lastReads(1))[0]).toMatchObject({ personId: 'per_059', fields: 'anniversaries.kind', operation: 'query { node }' });
    expect((await readsCount()) - before).toBe(5);

    // Business fields are not sensitive reads.
    await t.ok(`query { people(first: 20) { edges { node { name title } } } }`);
    expect((await readsCount()) - before).toBe(5);
  });

  it('returns no sensitive data when the read cannot be logged', async () => {
    const rename = (from: string, to: string) => t.db.prisma.$executeRawUnsafe(`ALTER TABLE "${from}" RENAME TO "${to}"`);
    await rename('SensitiveRead', 'SensitiveReadOff');
    let result;
    const log = captureLog();
    try {
      result = await t.gql(`query Blocked($id: ID!) { node(id: $id) { ... on Person { name profile { healthNotes } } } }`, { id: gid('per_001') });
    } finally {
      log.restore();
      await rename('SensitiveReadOff', 'SensitiveRead');
    }
    // The failed write is the operator's to see, in the server log.
    expect(log.lines.some(({ level, parts: [first] }) => level === 'error' && first === 'unexpected error:')).toBe(true);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.data ?? null)).not.toContain('note 1');
    expect(result.data?.node).toMatchObject({ name: 'Person 1', profile: null });
  });

  it('lets an administrator page through who read a person, newest first', async () => {
    const id = gid('per_010');
    await t.ok(`query First($id: ID!) { node(id: $id) { ... on Person { profile { gender } } } }`, { id });
    await t.ok(`query Second($id: ID!) { node(id: $id) { ... on Person { anniversaries { label } } } }`, { id });
    const query = `query Reads($id: ID!, $after: String) {
      sensitiveReads(personId: $id, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { at actorKind actorId personId fields operation } }
      }
    }`;
    const page = await t.ok(query, { id });
    expect(page.sensitiveReads.totalCount).toBe(3); // the page of 50 read per_010 too
    expect(page.sensitiveReads.edges.map((e: any) => e.node)).toEqual([
      { at: '2025-07-01T00:00:00.000Z', actorKind: 'STAFF', actorId: t.operator.id, personId: id, fields: ['anniversaries.label'], operation: 'Second' },
      { at: '2025-07-01T00:00:00.000Z', actorKind: 'STAFF', actorId: t.operator.id, personId: id, fields: ['profile.gender'], operation: 'First' },
    ]);
    const next = await t.ok(query, { id, after: page.sensitiveReads.pageInfo.endCursor });
    expect(next.sensitiveReads.edges.map((e: any) => e.node.operation)).toEqual(['PeoplePrivate']);
    expect(next.sensitiveReads.pageInfo.hasNextPage).toBe(false);

    // Reading the log is not itself a sensitive read; an id of another type matches nothing.
    const before = await readsCount();
    const other = await t.ok(`query($id: ID!) { sensitiveReads(personId: $id) { totalCount } }`, { id: encodeGlobalId('Account', ACCOUNT) });
    expect(other.sensitiveReads.totalCount).toBe(0);
    expect(await readsCount()).toBe(before);
  });
});

describe('actorFromContext', () => {
  it("reads the request's actor, or names the anonymous system actor", () => {
    expect(actorFromContext({})).toEqual({ kind: 'SYSTEM', id: 'anonymous' });
    expect(actorFromContext({ actor: { kind: 'STAFF', id: 'stf_01' } })).toEqual({ kind: 'STAFF', id: 'stf_01' });
  });
});
