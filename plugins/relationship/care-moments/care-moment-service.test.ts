/**
 * The care-moment rules without GraphQL: each bad input is one typed error
 * and leaves nothing written (no row, no event); good input writes the row
 * and its event, on the runtime's clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from 'kam-graphql/plugin';
import { createTestDatabase, type TestDatabase } from 'kam-graphql/testing';
import { account, person, staffMember } from '../staves/stave-fixtures.js';
import { createCareMomentService, type CareMomentServiceDeps } from './care-moment-service.js';
import { daysAfter, daysBefore, NOW, relationshipRuntime, writes, type RelationshipRuntime } from './test/care-test-support.js';

let testDb: TestDatabase;
let runtime: RelationshipRuntime;
let owner: string;
let leaver: string;
let ours: string;
let theirs: string;
let ourPerson: string;
let theirPerson: string;

/** The service as the relationship owner of `ours` uses it: only that account is within reach. */
const service = (overrides: Partial<CareMomentServiceDeps> = {}) =>
  createCareMomentService({
    prisma: testDb.db.prisma,
    transaction: runtime.transaction,
    now: runtime.now,
    staffId: owner,
    reaches: (accountId) => accountId === ours,
    ...overrides,
  });

/** Runs `call`, expects it to throw an instance of `type`, and checks that nothing at all was written. */
async function refused<E>(call: () => Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const before = await writes(testDb.db);
  const events = runtime.events.length;
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect(await writes(testDb.db)).toEqual(before);
  expect(runtime.events.length).toBe(events);
  return error as E;
}

const issues = (error: ValidationError) => error.issues.map((i) => [i.path.join('.'), i.message]);

beforeAll(async () => {
  testDb = await createTestDatabase();
  runtime = await relationshipRuntime(testDb.db);
  owner = await staffMember(testDb.db, 'Ma Tao', 'TOP');
  leaver = await staffMember(testDb.db, 'Former Fang', 'MIDDLE');
  await testDb.db.prisma.staff.update({ where: { id: leaver }, data: { leftAt: daysBefore(NOW, 10) } });
  ours = await account(testDb.db, 'Weifang Yongfeng', { owner });
  theirs = await account(testDb.db, 'Elsewhere Ltd');
  ourPerson = await person(testDb.db, ours, 'Zhao Tao', { role: 'DECISION_MAKER', key: true });
  theirPerson = await person(testDb.db, theirs, 'Qian Li', { role: 'DECISION_MAKER', key: true });
});
afterAll(() => testDb?.drop());
beforeEach(() => {
  runtime.setNow(NOW);
  runtime.events.length = 0;
});

describe('recording a care moment', () => {
  it('records it on the runtime clock, with the recorder, and emits the event and the live topic with ids only', async () => {
    const moment = await service().record({ personId: ourPerson, kind: 'ILLNESS', learnedAt: daysBefore(NOW, 1), note: '  In hospital after a fall  ' });
    expect(moment).toMatchObject({ personId: ourPerson, accountId: ours, kind: 'ILLNESS', note: 'In hospital after a fall', closedAt: null, recordedById: owner });
    const payload = { careMomentId: moment.id, personId: ourPerson };
    expect(runtime.events).toEqual([
      { name: 'relationship.careMoment.recorded', accountId: ours, payload },
      { name: 'relationship:careMomentRecorded', accountId: ours, payload },
    ]);
  });

  it('refuses a moment learned of in the future', async () => {
    const error = await refused(() => service().record({ personId: ourPerson, kind: 'BEREAVEMENT', learnedAt: daysAfter(NOW, 1) }), ValidationError);
    expect(issues(error)).toEqual([['input.learnedAt', 'must not be in the future']]);
  });

  it('uses the injected clock, not the wall clock', async () => {
    runtime.setNow(new Date('2020-01-01T00:00:00Z'));
    await refused(() => service().record({ personId: ourPerson, kind: 'LOW_MOOD', learnedAt: new Date('2020-01-02T00:00:00Z') }), ValidationError);
  });

  it('refuses a person of another account, exactly like a person that does not exist', async () => {
    const hidden = await refused(() => service().record({ personId: theirPerson, kind: 'HARDSHIP', learnedAt: NOW }), NotFoundError);
    const missing = await refused(() => service().record({ personId: 'per_missing', kind: 'HARDSHIP', learnedAt: NOW }), NotFoundError);
    expect({ ...hidden, id: '<id>', message: hidden.message.replace(theirPerson, '<id>') }).toEqual({ ...missing, id: '<id>', message: missing.message.replace('per_missing', '<id>') });
    expect(hidden.path).toEqual(['input', 'personId']);
  });

  it('refuses an unknown kind and an over-long note as validation errors', async () => {
    const error = await refused(() => service().record({ personId: ourPerson, kind: 'HAPPY' as never, learnedAt: NOW, note: 'x'.repeat(2001) }), ValidationError);
    expect(error.issues.map((i) => i.path.join('.'))).toEqual(['input.kind', 'input.note']);
  });

  it('refuses an erased person and an archived account with a rule violation', async () => {
    const erased = await person(testDb.db, ours, 'Erased person');
    await testDb.db.prisma.person.update({ where: { id: erased }, data: { erasedAt: NOW } });
    expect((await refused(() => service().record({ personId: erased, kind: 'OTHER', learnedAt: NOW }), RuleViolationError)).rule).toBe('PERSON_ERASED');
    const archived = await account(testDb.db, 'Archived Co', { owner });
    const archivedPerson = await person(testDb.db, archived, 'Sun Ming');
    await testDb.db.prisma.account.update({ where: { id: archived }, data: { status: 'ARCHIVED' } });
    const error = await refused(() => service({ reaches: () => true }).record({ personId: archivedPerson, kind: 'OTHER', learnedAt: NOW }), RuleViolationError);
    expect(error.rule).toBe('ACCOUNT_ARCHIVED');
  });
});

describe('adding care shown', () => {
  const newMoment = async () => (await service().record({ personId: ourPerson, kind: 'CAREER_FAILURE', learnedAt: daysBefore(NOW, 2) })).id;

  it('adds an action by the caller by default, at now by default, and emits its event', async () => {
    const id = await newMoment();
    runtime.events.length = 0;
    await service().addAction({ momentId: id, kind: 'CALL', note: ' Called to cheer him up ' });
    const actions = await testDb.db.prisma.careAction.findMany({ where: { momentId: id } });
    expect(actions).toEqual([expect.objectContaining({ kind: 'CALL', note: 'Called to cheer him up', byStaffId: owner, at: NOW })]);
    expect(runtime.events).toEqual([
      { name: 'relationship.careMoment.actionAdded', accountId: ours, payload: { careMomentId: id, personId: ourPerson, careActionId: actions[0]!.id, byStaffId: owner } },
    ]);
  });

  it('refuses an empty note (after trimming)', async () => {
    const id = await newMoment();
    const error = await refused(() => service().addAction({ momentId: id, kind: 'GIFT', note: '   ' }), ValidationError);
    expect(issues(error)).toEqual([['input.note', 'must not be empty']]);
  });

  it('refuses a time in the future, and one before the moment was learned of', async () => {
    const id = await newMoment();
    expect(issues(await refused(() => service().addAction({ momentId: id, kind: 'VISIT', note: 'Visited', at: daysAfter(NOW, 1) }), ValidationError))).toEqual([
      ['input.at', 'must not be in the future'],
    ]);
    expect(issues(await refused(() => service().addAction({ momentId: id, kind: 'VISIT', note: 'Visited', at: daysBefore(NOW, 5) }), ValidationError))).toEqual([
      ['input.at', 'must not be before the moment was learned of'],
    ]);
  });

  it('refuses a staff member who has left, and one who does not exist', async () => {
    const id = await newMoment();
    const left = await refused(() => service().addAction({ momentId: id, kind: 'LETTER', note: 'Wrote a letter', byStaffId: leaver }), RuleViolationError);
    expect(left).toMatchObject({ rule: 'STAFF_LEFT', message: 'Former Fang has left the company and can be named on no new care action' });
    const missing = await refused(() => service().addAction({ momentId: id, kind: 'LETTER', note: 'Wrote a letter', byStaffId: 'stf_missing' }), NotFoundError);
    expect(missing.path).toEqual(['input', 'byStaffId']);
  });

  it('needs a staff member when the caller is not one', async () => {
    const id = await newMoment();
    const error = await refused(() => service({ staffId: null }).addAction({ momentId: id, kind: 'CALL', note: 'Called' }), ValidationError);
    expect(issues(error)).toEqual([['input.byStaffId', 'is required when the caller is not a staff member']]);
  });

  it('refuses a closed moment: it takes no more actions', async () => {
    const id = await newMoment();
    await service().close({ id, closingNote: 'Found a new post' });
    const error = await refused(() => service().addAction({ momentId: id, kind: 'FLOWERS', note: 'Sent flowers' }), RuleViolationError);
    expect(error.rule).toBe('CARE_MOMENT_CLOSED');
  });

  it('refuses a moment of another account exactly like a missing one', async () => {
    const theirs = (await service({ reaches: () => true }).record({ personId: theirPerson, kind: 'ILLNESS', learnedAt: NOW })).id;
    const hidden = await refused(() => service().addAction({ momentId: theirs, kind: 'CALL', note: 'Called' }), NotFoundError);
    const missing = await refused(() => service().addAction({ momentId: 'care_missing', kind: 'CALL', note: 'Called' }), NotFoundError);
    expect([hidden.entity, hidden.path]).toEqual([missing.entity, missing.path]);
    expect(await refused(() => service().close({ id: theirs }), NotFoundError)).toMatchObject({ entity: 'CareMoment', path: ['id'] });
  });
});

describe('closing a care moment', () => {
  it('closes it on the runtime clock with its note, once', async () => {
    const id = (await service().record({ personId: ourPerson, kind: 'CHANGE_OF_ENVIRONMENT', learnedAt: daysBefore(NOW, 3) })).id;
    runtime.events.length = 0;
    runtime.setNow(daysAfter(NOW, 1));
    const closed = await service().close({ id, closingNote: ' Settled in Shanghai ' });
    expect(closed).toMatchObject({ closedAt: daysAfter(NOW, 1), closingNote: 'Settled in Shanghai' });
    expect(runtime.events).toEqual([{ name: 'relationship.careMoment.closed', accountId: ours, payload: { careMomentId: id, personId: ourPerson } }]);
    await refused(() => service().close({ id }), ConflictError);
  });

  it('lets only one of two concurrent closes win', async () => {
    const id = (await service().record({ personId: ourPerson, kind: 'SUDDEN_EVENT', learnedAt: NOW })).id;
    const results = await Promise.allSettled([service().close({ id }), service().close({ id })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
  });
});
