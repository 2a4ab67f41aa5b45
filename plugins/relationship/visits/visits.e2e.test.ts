/**
 * Visits in a running app, over HTTP and websockets: the monthly top-level
 * visit as the account's short board when it lapses (and live when it does),
 * the cadence rule under configuration, typed errors that write nothing, and
 * statement counts that do not grow with the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addPerson,
  assign,
  createAccount,
  createStaff,
  DEFAULT_TEST_NOW,
  liveClient,
  loadTestPlugins,
  rawId,
  roundTrip,
  startTestApp,
  subscribe,
  USER_ERROR_FIELDS,
  type TestApp,
} from 'kam-graphql/testing';

const DAY = 86_400_000;
const daysFrom = (base: Date, n: number) => new Date(base.getTime() + n * DAY);

const RECORD = `mutation($input: RecordVisitInput!) { recordVisit(input: $input) { visit { id status qualifiesForCadence } ${USER_ERROR_FIELDS} } }`;
const CADENCE = `query($id: ID!) { account(id: $id) { visitCadence { overdue daysSinceLastQualifyingVisit daysOverdue dueBy policy { periodDays } lastQualifyingVisit { id } } } }`;

/** The relationship plugin with the STEADY test stave at 70 standing in for the other strategies' staves. */
const plugins = (options: Record<string, unknown> = {}) =>
  loadTestPlugins([{ from: './plugins/relationship', options }, { from: './test/fixtures/plugins/steady', options: { score: 70 } }], process.cwd());

async function record(t: TestApp, input: Record<string, unknown>, token?: string) {
  return (await t.ok(RECORD, { input: { kind: 'ON_SITE_VISIT', purpose: 'Quarterly review', ...input } }, token)).recordVisit;
}

interface KeyAccount {
  accountId: string;
  top: string;
  middle: string;
  dm: string;
  user: string;
}

/** A key account whose relationship is otherwise in order: a complete dossier, a fresh MAN assessment. */
async function keyAccount(t: TestApp, name: string, tier: 'KEY' | 'GENERAL' = 'KEY'): Promise<KeyAccount> {
  const accountId = await createAccount(t, { name, tier });
  const top = await createStaff(t, { level: 'TOP', department: 'Board', hireDate: '2010-01-01T00:00:00.000Z', name: `Chair of ${name}` });
  const middle = await createStaff(t, { level: 'MIDDLE', department: 'Sales', hireDate: '2010-01-01T00:00:00.000Z' });
  await assign(t, { accountId, staffId: top, responsibility: 'RELATIONSHIP' });
  await assign(t, { accountId, staffId: middle, responsibility: 'SALES' });
  const dm = await addPerson(t, accountId, { name: `GM of ${name}`, title: 'General manager', isKeyPerson: true, decisionRole: 'DECISION_MAKER' });
  const user = await addPerson(t, accountId, { name: `Engineer of ${name}`, decisionRole: 'USER' });
  await t.ok(
    `mutation($p: ID!) { setPersonProfile(personId: $p, input: { gender: "F", birthDate: "1971-03-02T00:00:00.000Z", familyMembers: "Two sons", expertise: "Hydraulics", hobbies: "Go", personalDevelopment: "EMBA", personality: "Direct" }) { errors { code } } }`,
    { p: dm },
  );
  await t.db.prisma.manAssessment.create({
    data: {
      accountId: rawId(accountId),
      money: 'CONFIRMED',
      authority: 'CONFIRMED',
      need: 'CONFIRMED',
      assessedById: rawId(top),
      assessedAt: daysFrom(t.now(), -10),
      authorities: { create: [{ personId: rawId(dm), directTopRelationship: true }] },
    },
  });
  return { accountId, top, middle, dm, user };
}

describe('the monthly top-level visit, live', () => {
  let t: TestApp;
  let k: KeyAccount;

  beforeAll(async () => {
    t = await startTestApp({ plugins: await plugins() });
    k = await keyAccount(t, 'Ningbo Hydraulics');
    // The last top-level visit to the decision maker was 25 days ago.
    expect((await record(t, { accountId: k.accountId, at: daysFrom(t.now(), -25).toISOString(), staffIds: [k.top], personIds: [k.dm] })).errors).toEqual([]);
    await t.app.runtime.dispatcher.drain();
  }, 60_000);
  afterAll(() => t?.close());

  it('lapses 10 days later: RELATIONSHIP becomes the short board in exactly one live event, with the visit as the next best action; a visit restores it, once', async () => {
    const health = await t.ok(`query($id: ID!) { account(id: $id) { health { score shortestStaves { id } staves { id score } } } }`, { id: k.accountId });
    expect(health.account.health.shortestStaves.map((s: any) => s.id)).toEqual(['STEADY']);
    const relationshipBefore = health.account.health.staves.find((s: any) => s.id === 'RELATIONSHIP').score;
    expect(relationshipBefore).toBeGreaterThan(70);

    const client = liveClient(t.wsUrl, await t.tokenFor(rawId(k.top)));
    const live = subscribe(
      client,
      `subscription($id: ID!) { accountHealthChanged(accountId: $id) { id current { score shortestStaves } previous { score }
         account { health { staves { id factors { key reason suggestedAction } } } } } }`,
      { id: k.accountId },
    );
    await roundTrip(client);

    t.setNow(daysFrom(DEFAULT_TEST_NOW, 10));
    await t.app.runtime.health.recomputeAll();
    await live.waitFor(1);
    for (let i = 0; i < 5; i++) await roundTrip(client);
    expect(live.received).toHaveLength(1);
    const lapsed = live.received[0].data.accountHealthChanged;
    expect(lapsed.current.shortestStaves).toEqual(['RELATIONSHIP']);
    expect(lapsed.current.score).toBeLessThan(70);
    expect(lapsed.previous.score).toBe(70);
    const visitFactor = lapsed.account.health.staves.find((s: any) => s.id === 'RELATIONSHIP').factors.find((f: any) => f.key === 'visit-cadence');
    expect(visitFactor.reason).toMatch(/last top-level visit was 35 days ago .* 5 days overdue/);

    const actions = await t.ok(`query($id: ID!) { nextBestActions(accountId: $id, first: 1) { staveId factorKey action } }`, { id: k.accountId });
    expect(actions.nextBestActions[0]).toMatchObject({ staveId: 'RELATIONSHIP', factorKey: 'visit-cadence' });
    expect(actions.nextBestActions[0].action).toMatch(/Chair of Ningbo Hydraulics: visit GM of Ningbo Hydraulics \(General manager\) of Ningbo Hydraulics this week; the last top-level visit was 35 days ago/);

    // The chair goes: the visit is recorded, the stave is full again, and the change is published once more.
    expect((await record(t, { accountId: k.accountId, at: t.now().toISOString(), staffIds: [k.top], personIds: [k.dm] })).errors).toEqual([]);
    await t.app.runtime.dispatcher.drain();
    await live.waitFor(2);
    for (let i = 0; i < 5; i++) await roundTrip(client);
    expect(live.received).toHaveLength(2);
    expect(live.received[1].data.accountHealthChanged.current).toEqual({ score: 70, shortestStaves: ['STEADY'] });
    live.dispose();
    await client.dispose();
  });
});

describe('the cadence rule', () => {
  let t: TestApp;

  afterAll(() => t?.close());

  it('counts only visits by the levels and to the decision roles the policy names, over its period; general accounts follow their own', async () => {
    t = await startTestApp({
      plugins: await plugins({
        cadence: {
          key: { periodDays: 14, staffLevels: ['TOP'], decisionRoles: ['DECISION_MAKER'] },
          general: { periodDays: 60, staffLevels: ['TOP', 'MIDDLE'], decisionRoles: ['DECISION_MAKER', 'INFLUENCER', 'USER'] },
        },
      }),
    });
    const key = await keyAccount(t, 'Cadence Key Works');
    // Middle management at the decision maker, and top management at a user: neither counts for a key account.
    const byMiddle = await record(t, { accountId: key.accountId, at: daysFrom(t.now(), -2).toISOString(), staffIds: [key.middle], personIds: [key.dm] });
    const toUser = await record(t, { accountId: key.accountId, at: daysFrom(t.now(), -1).toISOString(), staffIds: [key.top], personIds: [key.user] });
    expect([byMiddle.visit.qualifiesForCadence, toUser.visit.qualifiesForCadence]).toEqual([false, false]);
    let cadence = (await t.ok(CADENCE, { id: key.accountId })).account.visitCadence;
    expect(cadence).toMatchObject({ overdue: true, daysSinceLastQualifyingVisit: null, policy: { periodDays: 14 }, lastQualifyingVisit: null });

    // Top management at the decision maker 15 days ago counts, and is one day past the configured 14.
    const qualifying = await record(t, { accountId: key.accountId, at: daysFrom(t.now(), -15).toISOString(), staffIds: [key.top], personIds: [key.dm] });
    expect(qualifying.visit.qualifiesForCadence).toBe(true);
    cadence = (await t.ok(CADENCE, { id: key.accountId })).account.visitCadence;
    expect(cadence).toMatchObject({ overdue: true, daysSinceLastQualifyingVisit: 15, daysOverdue: 1, lastQualifyingVisit: { id: qualifying.visit.id } });

    // A general account: middle management meeting a user counts under the general policy.
    const general = await keyAccount(t, 'Cadence General Works', 'GENERAL');
    const generalVisit = await record(t, { accountId: general.accountId, at: daysFrom(t.now(), -20).toISOString(), staffIds: [general.middle], personIds: [general.user] });
    expect(generalVisit.visit.qualifiesForCadence).toBe(true);
    expect((await t.ok(CADENCE, { id: general.accountId })).account.visitCadence).toMatchObject({ overdue: false, daysSinceLastQualifyingVisit: 20, policy: { periodDays: 60 } });

    const compliance = await t.ok(`{ visitCompliance(overdueOnly: true) { accountCount overdueCount accounts { account { id } daysOverdue } } }`);
    expect(compliance.visitCompliance).toEqual({ accountCount: 2, overdueCount: 1, accounts: [{ account: { id: key.accountId }, daysOverdue: 1 }] });
  });

  it('has no cadence for general accounts by default', async () => {
    const app = await startTestApp({ plugins: await plugins() });
    try {
      const accountId = await createAccount(app, { name: 'Plain General Works', tier: 'GENERAL' });
      expect((await app.ok(CADENCE, { id: accountId })).account.visitCadence).toBeNull();
    } finally {
      await app.close();
    }
  });
});

describe('visits over GraphQL', () => {
  let t: TestApp;
  let k: KeyAccount;

  beforeAll(async () => {
    t = await startTestApp({ plugins: await plugins(), config: { dispatchEvents: false } });
    k = await keyAccount(t, 'Typed Error Works');
  }, 60_000);
  afterAll(() => t?.close());

  const visitRows = () => Promise.all([t.db.prisma.visit.count(), t.db.prisma.visitStaff.count(), t.db.prisma.visitPerson.count(), t.db.prisma.outboxEvent.count()]);

  it('answers bad input with typed errors and writes nothing', async () => {
    const other = await keyAccount(t, 'Other Typed Works');
    const departed = await createStaff(t, { level: 'TOP', department: 'Board', hireDate: '2010-01-01T00:00:00.000Z' });
    await t.ok(`mutation($id: ID!) { updateStaff(id: $id, input: { leftAt: "2025-06-01T00:00:00.000Z" }) { errors { code } } }`, { id: departed });
    const planned = (await t.ok(`mutation($input: PlanVisitInput!) { planVisit(input: $input) { visit { id } ${USER_ERROR_FIELDS} } }`, {
      input: { accountId: k.accountId, kind: 'CALL', at: daysFrom(t.now(), 5).toISOString(), staffIds: [k.top], personIds: [k.dm] },
    })).planVisit.visit.id;
    const before = await visitRows();
    const base = { accountId: k.accountId, at: daysFrom(t.now(), -1).toISOString(), staffIds: [k.top], personIds: [k.dm] };
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ at: daysFrom(t.now(), 1).toISOString() }, { code: 'VALIDATION', path: ['input', 'at'] }],
      [{ personIds: [other.dm] }, { code: 'VALIDATION', path: ['input', 'personIds', '0'] }],
      [{ staffIds: [departed] }, { code: 'RULE_VIOLATION' }],
      [{ staffIds: [] }, { code: 'VALIDATION', path: ['input', 'staffIds'] }],
    ];
    for (const [overrides, expected] of cases) {
      const result = await record(t, { ...base, ...overrides });
      expect(result.visit, JSON.stringify(overrides)).toBeNull();
      expect(result.errors, JSON.stringify(overrides)).toEqual([expect.objectContaining(expected)]);
    }
    // An unknown kind is refused by the schema itself.
    const unknownKind = await t.gql(RECORD, { input: { ...base, kind: 'TELEPATHY' } });
    expect(unknownKind.errors?.[0]?.message).toMatch(/VisitKind/);
    // A planned visit in the future marked done.
    const early = (await t.ok(`mutation($id: ID!) { completeVisit(id: $id) { visit { id } ${USER_ERROR_FIELDS} } }`, { id: planned })).completeVisit;
    expect(early).toEqual({ visit: null, errors: [expect.objectContaining({ code: 'VALIDATION', path: ['input', 'at'] })] });
    expect(await visitRows()).toEqual(before);
  });

  it('pages an account’s visits newest first, and a page of accounts with visits, cadence, MAN and the power map costs the same statements for 5 and for 50 accounts', async () => {
    const made: string[] = [];
    for (let i = 0; i < 50; i++) {
      const accountId = await createAccount(t, { name: `Paged Works ${String(i).padStart(2, '0')}`, tier: 'KEY', region: 'Paged' });
      const person = await t.db.prisma.person.create({ data: { accountId: rawId(accountId), name: `DM ${i}`, searchName: `dm ${i}`, decisionRole: 'DECISION_MAKER' } });
      for (const days of [40, 10]) {
        await t.db.prisma.visit.create({
          data: {
            accountId: rawId(accountId),
            status: 'DONE',
            kind: 'CALL',
            at: daysFrom(t.now(), -days),
            staff: { create: [{ staffId: rawId(k.top), levelAtVisit: 'TOP' }] },
            people: { create: [{ personId: person.id, roleAtVisit: 'DECISION_MAKER' }] },
          },
        });
      }
      await t.db.prisma.manAssessment.create({
        data: { accountId: rawId(accountId), money: 'PARTIAL', authority: 'CONFIRMED', need: 'UNKNOWN', assessedById: rawId(k.top), assessedAt: daysFrom(t.now(), -5), authorities: { create: [{ personId: person.id, directTopRelationship: true }] } },
      });
      made.push(accountId);
    }
    const page = `query($n: Int!) { accounts(first: $n, filter: { region: "Paged" }) { edges { node { name
      visitCadence { daysSinceLastQualifyingVisit overdue lastQualifyingVisit { at } }
      visits(first: 5) { totalCount edges { node { at kind qualifiesForCadence staff { levelAtVisit staff { name } } people { roleAtVisit person { name } } } } }
      qualification { money authority need stale assessedBy { name } authorities { person { name } directTopRelationship } }
      relationshipMap { nodes { person { name } decisionRole influence strength lastTopContact { at staff { name } } manAuthority { directTopRelationship } } edges { from { id } to { id } } } } } } }`;
    const count = async (n: number) => {
      t.statements.length = 0;
      const data = await t.ok(page, { n });
      expect(data.accounts.edges).toHaveLength(n);
      return t.statements.length;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    // One statement per source (accounts, visits, their staff and people, cadence, MAN, the map's people, standings, contacts...), not per account.
    expect(five).toBeLessThan(45);

    const one = (await t.ok(page, { n: 1 })).accounts.edges[0].node;
    expect(one.visits.totalCount).toBe(2);
    expect(one.visits.edges.map((e: any) => e.node.at)).toEqual([daysFrom(t.now(), -10).toISOString(), daysFrom(t.now(), -40).toISOString()]);
    expect(one.visitCadence).toMatchObject({ daysSinceLastQualifyingVisit: 10, overdue: false });
    expect(one.qualification).toMatchObject({ authority: 'CONFIRMED', stale: false, authorities: [{ directTopRelationship: true }] });
    expect(one.relationshipMap.nodes).toEqual([
      expect.objectContaining({ decisionRole: 'DECISION_MAKER', lastTopContact: { at: daysFrom(t.now(), -10).toISOString(), staff: { name: expect.any(String) } }, manAuthority: { directTopRelationship: true } }),
    ]);
  });
  it('takes part in the rights of access and erasure: the export lists the visits a person was met in; erasure removes them from those visits', async () => {
    const met = await record(t, { accountId: k.accountId, at: daysFrom(t.now(), -3).toISOString(), staffIds: [k.top], personIds: [k.dm, k.user] });
    const exported = await t.ok(`mutation($id: ID!) { exportPersonalData(personId: $id) { document ${USER_ERROR_FIELDS} } }`, { id: k.user });
    const document = JSON.parse(exported.exportPersonalData.document);
    const visits = JSON.stringify(document).match(new RegExp(rawId(met.visit.id), 'g')) ?? [];
    expect(visits.length).toBeGreaterThan(0);

    const erased = await t.ok(`mutation($id: ID!) { erasePersonalData(personId: $id) { ${USER_ERROR_FIELDS} } }`, { id: k.user });
    expect(erased.erasePersonalData.errors).toEqual([]);
    expect(await t.db.prisma.visitPerson.count({ where: { personId: rawId(k.user) } })).toBe(0);
    // The visit is the staff's record and stays, with whom else they met.
    expect(await t.db.prisma.visitPerson.findMany({ where: { visitId: rawId(met.visit.id) }, select: { personId: true } })).toEqual([{ personId: rawId(k.dm) }]);
  });
});
