/**
 * Anniversary reminders in a running app: the relationship owner sees the
 * key persons' anniversaries coming up (every read logged), the account's
 * sales manager does not, the job's announcement lands on the owner's
 * agenda until the occurrence is honoured, and erasure leaves no occurrence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, assign, createAccount, createStaff, loadTestPlugins, rawId, startTestApp, USER_ERROR_FIELDS, type TestApp } from 'kam-graphql/testing';

const UPCOMING = `{ upcomingAnniversaries { person { name } anniversary { label } occursOn daysAhead occurrence { announced honour } } }`;

let t: TestApp;
let owner: string;
let sales: string;
let person: string;
let anniversaryId: string;

beforeAll(async () => {
  t = await startTestApp({ plugins: await loadTestPlugins([{ from: './plugins/relationship' }], process.cwd()), config: { dispatchEvents: false } });
  // A general account, whose relationship owner may be middle management (a key account's is top management).
  const accountId = await createAccount(t, { name: 'Suzhou Bearings', tier: 'GENERAL' });
  owner = await createStaff(t, { level: 'MIDDLE', department: 'Key Accounts', hireDate: '2010-01-01T00:00:00.000Z' });
  sales = await createStaff(t, { level: 'MIDDLE', department: 'Key Accounts', hireDate: '2010-01-01T00:00:00.000Z' });
  expect((await assign(t, { accountId, staffId: owner, responsibility: 'RELATIONSHIP' })).errors).toEqual([]);
  expect((await assign(t, { accountId, staffId: sales, responsibility: 'SALES' })).errors).toEqual([]);
  person = await addPerson(t, accountId, { name: 'Chairman Xu', isKeyPerson: true });
  const added = await t.ok(
    `mutation($p: ID!) { addPersonAnniversary(input: { personId: $p, kind: BIRTHDAY, label: "Birthday", date: "1962-07-09T00:00:00.000Z" }) { anniversary { id } } }`,
    { p: person },
  );
  anniversaryId = added.addPersonAnniversary.anniversary.id;
});
afterAll(() => t?.close());

describe('upcoming anniversaries', () => {
  it('are the relationship owner’s, with every read logged; the sales manager of the same account gets none', async () => {
    await t.app.runtime.jobs.run('relationship:anniversary-reminders');
    const ownerToken = await t.tokenFor(rawId(owner));
    const reads = await t.db.prisma.sensitiveRead.count({ where: { personId: rawId(person) } });
    const seen = await t.ok(UPCOMING, {}, ownerToken);
    expect(seen.upcomingAnniversaries).toEqual([
      { person: { name: 'Chairman Xu' }, anniversary: { label: 'Birthday' }, occursOn: '2025-07-09T00:00:00.000Z', daysAhead: 8, occurrence: { announced: true, honour: null } },
    ]);
    expect(await t.db.prisma.sensitiveRead.count({ where: { personId: rawId(person), actorId: rawId(owner) } })).toBeGreaterThan(reads);

    // Middle management reaches the accounts it owns the relationship of: none, here.
    expect((await t.ok(UPCOMING, {}, await t.tokenFor(rawId(sales)))).upcomingAnniversaries).toEqual([]);
  });

  it('stay on the owner’s agenda until honoured', async () => {
    const agenda = `{ myAgenda(first: 50) { edges { node { kind } } } }`;
    const ownerToken = await t.tokenFor(rawId(owner));
    const before = await t.gql(agenda, {}, ownerToken);
    if (before.errors) throw new Error(JSON.stringify(before.errors));
    const kinds = (d: any) => d.myAgenda.edges.map((e: any) => e.node.kind);
    expect(kinds(before.data)).toContain('relationship.anniversary-coming');

    const honoured = await t.ok(`mutation($id: ID!) { honourAnniversary(input: { anniversaryId: $id, honour: GIFT, note: "Tea" }) { occurrence { honour occursOn } ${USER_ERROR_FIELDS} } }`, { id: anniversaryId }, ownerToken);
    expect(honoured.honourAnniversary).toEqual({ occurrence: { honour: 'GIFT', occursOn: '2025-07-09T00:00:00.000Z' }, errors: [] });
    const after = await t.ok(agenda, {}, ownerToken);
    expect(kinds(after)).not.toContain('relationship.anniversary-coming');
  });

  it('leave no occurrence once the person is erased', async () => {
    expect(await t.db.prisma.anniversaryOccurrence.count({ where: { personId: rawId(person) } })).toBe(1);
    const erased = await t.ok(`mutation($id: ID!) { erasePersonalData(personId: $id) { ${USER_ERROR_FIELDS} } }`, { id: person });
    expect(erased.erasePersonalData.errors).toEqual([]);
    expect(await t.db.prisma.anniversaryOccurrence.count({ where: { personId: rawId(person) } })).toBe(0);
  });
});
