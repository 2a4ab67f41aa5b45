/**
 * Care moments in a running app, on SQLite or PostgreSQL: the relationship
 * owner records a moment, shows care and closes it over GraphQL; mistakes
 * are typed payload errors that write nothing; `overdue` follows the app's
 * clock; frontline and middle management on the account's team get nothing
 * (no list, no node, "not found" on every id); every read is in the
 * sensitive-read log; the owner hears of a new moment live and finds it on
 * the agenda; export shows it all and erasure leaves nothing in any table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addPerson,
  assign,
  createAccount,
  createStaff,
  dumpEveryTable,
  liveClient,
  rawId,
  roundTrip,
  startTestApp,
  subscribe,
  USER_ERROR_FIELDS,
  type TestApp,
} from 'kam-graphql/testing';
import { daysAfter, daysBefore, loadRelationship, NOW } from './test/care-test-support.js';

const MOMENT_FIELDS = `id kind learnedAt note closedAt closingNote dueBy overdue person { id } actions { kind note at byStaff { id name } }`;
const RECORD = `mutation($input: RecordCareMomentInput!) { recordCareMoment(input: $input) { careMoment { ${MOMENT_FIELDS} } ${USER_ERROR_FIELDS} } }`;
const ADD = `mutation($input: AddCareActionInput!) { addCareAction(input: $input) { careMoment { ${MOMENT_FIELDS} } ${USER_ERROR_FIELDS} } }`;
const CLOSE = `mutation($id: ID!, $note: String) { closeCareMoment(id: $id, closingNote: $note) { careMoment { ${MOMENT_FIELDS} } ${USER_ERROR_FIELDS} } }`;
const PERSON_MOMENTS = `query($p: ID!, $filter: CareMomentFilter) { node(id: $p) { ... on Person { name careMoments(first: 10, filter: $filter) { totalCount edges { node { id kind note overdue } } } } } }`;
const OPEN = `query($overdueOnly: Boolean) { openCareMoments(first: 50, overdueOnly: $overdueOnly) { totalCount edges { node { id kind overdue dueBy person { name } } } } }`;

let t: TestApp;
let accountId: string;
let zhao: string;
let wang: string;
/** The account's relationship owner: a middle manager, so it is the responsibility, not the level, that opens the door. */
let owner: string;
let ownerToken: string;
let frontlineToken: string;
let middleToken: string;
let leaver: string;

const counts = async () => {
  const p = t.db.prisma;
  return { moments: await p.careMoment.count(), actions: await p.careAction.count(), outbox: await p.outboxEvent.count(), audit: await p.auditEntry.count() };
};

async function record(input: Record<string, unknown>, token = ownerToken) {
  return (await t.ok(RECORD, { input }, token)).recordCareMoment;
}

beforeAll(async () => {
  t = await startTestApp({ plugins: await loadRelationship(), config: { dispatchEvents: false } });
  // A general account: on key accounts the relationship owner must be top management, who reach every account anyway.
  accountId = await createAccount(t, { name: 'Weifang Yongfeng Machinery', tier: 'GENERAL' });
  owner = await createStaff(t, { name: 'Song Yan', level: 'MIDDLE', department: 'Key Accounts', hireDate: '2010-01-01' });
  const frontline = await createStaff(t, { name: 'Wu Service', level: 'FRONTLINE', department: 'Service East', hireDate: '2010-01-01' });
  const middle = await createStaff(t, { name: 'Li Sales', level: 'MIDDLE', department: 'Sales North', hireDate: '2010-01-01' });
  leaver = await createStaff(t, { name: 'Former Fang', level: 'TOP', department: 'Management', hireDate: '2010-01-01' });
  await t.db.prisma.staff.update({ where: { id: rawId(leaver) }, data: { leftAt: daysBefore(NOW, 30) } });
  for (const [staffId, responsibility] of [[owner, 'RELATIONSHIP'], [frontline, 'SERVICE'], [middle, 'SALES']]) {
    expect((await assign(t, { accountId, staffId, responsibility })).errors).toEqual([]);
  }
  zhao = await addPerson(t, accountId, { name: 'Zhao Tao', title: 'Chairman', isKeyPerson: true });
  wang = await addPerson(t, accountId, { name: 'Wang Fang', title: 'Chief Engineer', isKeyPerson: true });
  // Valid while the tests move the clock a few days on.
  const month = 30 * 24 * 3600;
  ownerToken = await t.tokenFor(rawId(owner), month);
  frontlineToken = await t.tokenFor(rawId(frontline), month);
  middleToken = await t.tokenFor(rawId(middle), month);
}, 60_000);
afterAll(() => t?.close());

describe('care moments over GraphQL', () => {
  let illness: string;

  it('records a moment for the relationship owner, due by careResponseDays, not yet overdue', async () => {
    const recorded = await record({ personId: zhao, kind: 'ILLNESS', learnedAt: daysBefore(NOW, 1).toISOString(), note: 'Knee operation, in hospital for a week' });
    expect(recorded.errors).toEqual([]);
    expect(recorded.careMoment).toMatchObject({
      kind: 'ILLNESS',
      learnedAt: daysBefore(NOW, 1).toISOString(),
      note: 'Knee operation, in hospital for a week',
      closedAt: null,
      dueBy: daysAfter(NOW, 2).toISOString(),
      overdue: false,
      person: { id: zhao },
      actions: [],
    });
    illness = recorded.careMoment.id;
    const events = await t.db.prisma.outboxEvent.findMany({ where: { name: { startsWith: 'relationship' } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.name, e.accountId, JSON.parse(e.payload)])).toEqual([
      ['relationship.careMoment.recorded', rawId(accountId), { careMomentId: rawId(illness), personId: rawId(zhao) }],
      ['relationship:careMomentRecorded', rawId(accountId), { careMomentId: rawId(illness), personId: rawId(zhao) }],
    ]);
  });

  it('answers mistakes with typed errors and writes nothing', async () => {
    const before = await counts();
    const future = await record({ personId: zhao, kind: 'LOW_MOOD', learnedAt: daysAfter(NOW, 1).toISOString() });
    expect(future).toMatchObject({ careMoment: null, errors: [{ __typename: 'ValidationError', code: 'VALIDATION', path: ['input', 'learnedAt'], message: 'must not be in the future' }] });
    const wrongType = await record({ personId: accountId, kind: 'LOW_MOOD', learnedAt: NOW.toISOString() });
    expect(wrongType.errors[0]).toMatchObject({ code: 'VALIDATION', path: ['input', 'personId'] });
    const empty = (await t.ok(ADD, { input: { momentId: illness, kind: 'CALL', note: '   ' } }, ownerToken)).addCareAction;
    expect(empty.errors).toEqual([expect.objectContaining({ code: 'VALIDATION', path: ['input', 'note'], message: 'must not be empty' })]);
    const left = (await t.ok(ADD, { input: { momentId: illness, kind: 'VISIT', note: 'Visited', byStaffId: leaver } }, ownerToken)).addCareAction;
    expect(left.errors).toEqual([expect.objectContaining({ __typename: 'RuleViolationError', code: 'RULE_VIOLATION' })]);
    const later = (await t.ok(ADD, { input: { momentId: illness, kind: 'VISIT', note: 'Visited', at: daysAfter(NOW, 1).toISOString() } }, ownerToken)).addCareAction;
    expect(later.errors[0]).toMatchObject({ code: 'VALIDATION', path: ['input', 'at'] });
    expect(await counts()).toEqual(before);
  });

  it('adds care shown by the caller, and a closed moment takes no more', async () => {
    const cheer = await record({ personId: wang, kind: 'CAREER_FAILURE', learnedAt: daysBefore(NOW, 2).toISOString(), note: 'Passed over for the VP post' });
    const added = (await t.ok(ADD, { input: { momentId: cheer.careMoment.id, kind: 'CALL', note: 'Called to cheer her up' } }, ownerToken)).addCareAction;
    expect(added.errors).toEqual([]);
    expect(added.careMoment.actions).toEqual([{ kind: 'CALL', note: 'Called to cheer her up', at: NOW.toISOString(), byStaff: { id: owner, name: 'Song Yan' } }]);
    const closed = (await t.ok(CLOSE, { id: cheer.careMoment.id, note: 'Took a new role, happy' }, ownerToken)).closeCareMoment;
    expect(closed.careMoment).toMatchObject({ closedAt: NOW.toISOString(), closingNote: 'Took a new role, happy', overdue: false });
    const before = await counts();
    const refused = (await t.ok(ADD, { input: { momentId: cheer.careMoment.id, kind: 'GIFT', note: 'A book' } }, ownerToken)).addCareAction;
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'RULE_VIOLATION', message: 'the care moment is closed; it takes no more care actions' })]);
    const again = (await t.ok(CLOSE, { id: cheer.careMoment.id }, ownerToken)).closeCareMoment;
    expect(again.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', path: ['id'] })]);
    expect(await counts()).toEqual(before);
  });

  it("lists a person's moments newest first, open or closed", async () => {
    const all = (await t.ok(PERSON_MOMENTS, { p: wang }, ownerToken)).node.careMoments;
    expect(all.totalCount).toBe(1);
    const older = await record({ personId: wang, kind: 'BEREAVEMENT', learnedAt: daysBefore(NOW, 40).toISOString(), note: 'Her father died' });
    await t.ok(CLOSE, { id: older.careMoment.id }, ownerToken);
    const open = await record({ personId: wang, kind: 'HARDSHIP', learnedAt: daysBefore(NOW, 0.5).toISOString() });
    const kinds = async (filter?: object) => (await t.ok(PERSON_MOMENTS, { p: wang, filter }, ownerToken)).node.careMoments.edges.map((e: any) => e.node.kind);
    expect(await kinds()).toEqual(['HARDSHIP', 'CAREER_FAILURE', 'BEREAVEMENT']);
    expect(await kinds({ open: true })).toEqual(['HARDSHIP']);
    expect(await kinds({ open: false })).toEqual(['CAREER_FAILURE', 'BEREAVEMENT']);
    await t.ok(ADD, { input: { momentId: open.careMoment.id, kind: 'HELP_OFFERED', note: 'Offered to defer the payment date' } }, ownerToken);
  });

  it('marks open moments overdue by the app clock, and filters the portfolio list to them', async () => {
    const list = async (overdueOnly?: boolean) => (await t.ok(OPEN, { overdueOnly }, ownerToken)).openCareMoments;
    expect((await list()).edges.map((e: any) => [e.node.kind, e.node.overdue])).toEqual([
      ['ILLNESS', false],
      ['HARDSHIP', false],
    ]);
    expect((await list(true)).totalCount).toBe(0);
    t.setNow(daysAfter(NOW, 2.5));
    // Unanswered and 3.5 days old: overdue; the hardship was answered the day it was learned of.
    expect((await list()).edges.map((e: any) => [e.node.kind, e.node.overdue])).toEqual([
      ['ILLNESS', true],
      ['HARDSHIP', false],
    ]);
    expect((await list(true)).edges.map((e: any) => e.node.person.name)).toEqual(['Zhao Tao']);
    t.setNow(NOW);
  });

  it('puts the unanswered moment on the relationship owner\'s agenda, and takes it off once answered', async () => {
    const agenda = async (token: string) =>
      (await t.ok(`{ myAgenda(first: 20) { edges { node { kind title action dueAt } } } }`, {}, token)).myAgenda.edges
        .map((e: any) => e.node)
        .filter((n: any) => n.kind === 'relationship.care-moment-to-answer');
    expect(await agenda(ownerToken)).toEqual([
      {
        kind: 'relationship.care-moment-to-answer',
        title: 'Show Zhao Tao of Weifang Yongfeng Machinery that you care',
        action: 'Call, visit or write to Zhao Tao by 2025-07-03 (a special moment learned of on 2025-06-30)',
        dueAt: daysAfter(NOW, 2).toISOString(),
      },
    ]);
    expect(await agenda(frontlineToken)).toEqual([]);
    expect(await agenda(middleToken)).toEqual([]);
    await t.ok(ADD, { input: { momentId: illness, kind: 'FLOWERS', note: 'Flowers to the hospital' } }, ownerToken);
    expect(await agenda(ownerToken)).toEqual([]);
  });
});

describe('cost', () => {
  it("reads a page of people's care moments with their actions in the same number of statements for 2 people as for 4", async () => {
    const page = `query($a: ID!, $first: Int!) { node(id: $a) { ... on Account { people(first: $first) { edges { node { name
      careMoments(first: 5) { totalCount edges { node { kind overdue dueBy actions { note byStaff { name } } } } } } } } } } }`;
    const li = await addPerson(t, accountId, { name: 'Li Na', title: 'Purchasing Director' });
    const moved = await record({ personId: li, kind: 'CHANGE_OF_ENVIRONMENT', learnedAt: daysBefore(NOW, 1).toISOString() });
    await t.ok(ADD, { input: { momentId: moved.careMoment.id, kind: 'GIFT', note: 'A guide to her new city' } }, ownerToken);
    const cost = async (first: number) => {
      t.statements.length = 0;
      const data = await t.ok(page, { a: accountId, first }, ownerToken);
      expect(data.node.people.edges).toHaveLength(first);
      return t.statements.length;
    };
    const zhou = await addPerson(t, accountId, { name: 'Zhou Qiang', title: 'Plant Manager' });
    await record({ personId: zhou, kind: 'LOW_MOOD', learnedAt: daysBefore(NOW, 1).toISOString() });
    // The first person's list is loaded in a batch of its own (it waits on the field guard's first check of the
    // account), so the cost is measured from two people on: the same for 2 as for 4, not a statement per person.
    expect(await cost(4)).toBe(await cost(2));
  });
});

describe('privacy', () => {
  it('gives frontline and middle management on the team nothing: no list, no node, "not found" on every id', async () => {
    const moment = (await t.ok(OPEN, {}, ownerToken)).openCareMoments.edges[0].node.id;
    for (const token of [frontlineToken, middleToken]) {
      const before = await counts();
      const person = await t.gql(PERSON_MOMENTS, { p: zhao }, token);
      expect(person.data?.node).toMatchObject({ name: 'Zhao Tao', careMoments: null });
      expect(person.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect((await t.ok(OPEN, {}, token)).openCareMoments).toEqual({ totalCount: 0, edges: [] });
      expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: moment }, token)).node).toBeNull();
      expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: moment }, ownerToken)).node).toEqual({ id: moment });
      const missing = 'Q2FyZU1vbWVudDp6el9taXNzaW5n'; // CareMoment:zz_missing
      for (const id of [moment, missing]) {
        const add = (await t.ok(ADD, { input: { momentId: id, kind: 'CALL', note: 'Called' } }, token)).addCareAction;
        expect(add).toMatchObject({ careMoment: null, errors: [{ code: 'NOT_FOUND', path: ['input', 'momentId'] }] });
        const close = (await t.ok(CLOSE, { id }, token)).closeCareMoment;
        expect(close).toMatchObject({ careMoment: null, errors: [{ code: 'NOT_FOUND', path: ['id'] }] });
      }
      const recorded = await record({ personId: zhao, kind: 'OTHER', learnedAt: NOW.toISOString() }, token);
      expect(recorded).toMatchObject({ careMoment: null, errors: [{ code: 'NOT_FOUND', path: ['input', 'personId'] }] });
      expect(await counts()).toEqual(before);
    }
  });

  it('logs every read in the sensitive-read log before returning it', async () => {
    await t.db.prisma.sensitiveRead.deleteMany({});
    await t.ok(`query OwnerReadsCare($p: ID!) { node(id: $p) { ... on Person { careMoments(first: 5) { totalCount edges { node { kind note actions { note } } } } } } }`, { p: zhao }, ownerToken);
    const reads = await t.db.prisma.sensitiveRead.findMany();
    expect(reads).toEqual([
      expect.objectContaining({
        actorKind: 'STAFF',
        actorId: rawId(owner),
        personId: rawId(zhao),
        operation: 'OwnerReadsCare',
        fields: 'careMoments,careMoments.actions,careMoments.kind,careMoments.note',
      }),
    ]);
    // The portfolio list logs each person's values too; a denied read logs nothing.
    await t.db.prisma.sensitiveRead.deleteMany({});
    await t.ok(`query PortfolioCare { openCareMoments(first: 5) { edges { node { kind } } } }`, {}, ownerToken);
    expect((await t.db.prisma.sensitiveRead.findMany()).map((r) => [r.personId, r.fields, r.operation])).toEqual(
      expect.arrayContaining([[rawId(zhao), 'careMoments.kind', 'PortfolioCare']]),
    );
    await t.db.prisma.sensitiveRead.deleteMany({});
    await t.gql(PERSON_MOMENTS, { p: zhao }, frontlineToken);
    expect(await t.db.prisma.sensitiveRead.count()).toBe(0);
  });

  it('tells the relationship owner live of a new moment, and nobody else on the team', async () => {
    const query = `subscription { careMomentRecorded { careMoment { kind person { name } } } }`;
    // What earlier tests recorded is published first, so only the new moment arrives below.
    await t.app.runtime.dispatcher.drain();
    const ownerClient = liveClient(t.wsUrl, ownerToken);
    const frontClient = liveClient(t.wsUrl, frontlineToken);
    try {
      const ownerSub = subscribe(ownerClient, query);
      const frontSub = subscribe(frontClient, query);
      await roundTrip(ownerClient);
      await roundTrip(frontClient);
      await t.ok(RECORD, { input: { personId: zhao, kind: 'SUDDEN_EVENT', learnedAt: NOW.toISOString() } }); // as top management
      await t.app.runtime.dispatcher.drain();
      await ownerSub.waitFor(1);
      for (let i = 0; i < 10; i++) await roundTrip(frontClient);
      expect(ownerSub.received.map((r) => r.data)).toEqual([{ careMomentRecorded: { careMoment: { kind: 'SUDDEN_EVENT', person: { name: 'Zhao Tao' } } } }]);
      expect(frontSub.received).toEqual([]);
      ownerSub.dispose();
      frontSub.dispose();
    } finally {
      await ownerClient.dispose();
      await frontClient.dispose();
    }
  });
});

describe('personal data', () => {
  const MARK = 'ZZMARKER';
  const withMarker = (dump: Map<string, string[]>) => [...dump].filter(([, rows]) => rows.some((row) => row.includes(MARK))).map(([table]) => table).sort();

  it('exports the moments and the care shown, and erasure leaves none of it in any table', async () => {
    const subject = await addPerson(t, accountId, { name: 'Sun Ming', isKeyPerson: true });
    const moment = await record({ personId: subject, kind: 'EMOTIONAL_SETBACK', learnedAt: daysBefore(NOW, 5).toISOString(), note: `${MARK} divorce` });
    await t.ok(ADD, { input: { momentId: moment.careMoment.id, kind: 'LETTER', note: `${MARK} wrote a letter`, at: daysBefore(NOW, 4).toISOString() } }, ownerToken);
    await t.ok(CLOSE, { id: moment.careMoment.id, note: `${MARK} better now` }, ownerToken);
    await t.app.runtime.dispatcher.drain();

    const exported = await t.ok(`mutation($p: ID!) { exportPersonalData(personId: $p) { document ${USER_ERROR_FIELDS} } }`, { p: subject });
    expect(JSON.parse(exported.exportPersonalData.document).plugins.relationship['care-moments']).toEqual({
      careMoments: [
        {
          kind: 'emotional setback',
          learnedAt: daysBefore(NOW, 5).toISOString(),
          note: `${MARK} divorce`,
          closedAt: NOW.toISOString(),
          closingNote: `${MARK} better now`,
          careShown: [{ kind: 'letter', note: `${MARK} wrote a letter`, at: daysBefore(NOW, 4).toISOString(), by: 'Song Yan' }],
        },
      ],
    });
    // Before the erasure the marker is in the care tables and their audit entries.
    expect(withMarker(await dumpEveryTable(t.db))).toEqual(expect.arrayContaining(['CareAction', 'CareMoment']));

    const erased = await t.ok(`mutation($p: ID!) { erasePersonalData(personId: $p) { person { id } ${USER_ERROR_FIELDS} } }`, { p: subject });
    expect(erased.erasePersonalData.errors).toEqual([]);
    expect(withMarker(await dumpEveryTable(t.db))).toEqual([]);
    expect(await t.db.prisma.careMoment.count({ where: { personId: rawId(subject) } })).toBe(0);
    expect(await t.db.prisma.careAction.count({ where: { momentId: rawId(moment.careMoment.id) } })).toBe(0);
    // Erasing again changes nothing and succeeds.
    const again = await t.ok(`mutation($p: ID!) { erasePersonalData(personId: $p) { alreadyErased ${USER_ERROR_FIELDS} } }`, { p: subject });
    expect(again.erasePersonalData).toMatchObject({ alreadyErased: true, errors: [] });
    // And nothing new is recorded about an erased person.
    const refused = await record({ personId: subject, kind: 'OTHER', learnedAt: NOW.toISOString() }, ownerToken);
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'RULE_VIOLATION' })]);
  });
});
