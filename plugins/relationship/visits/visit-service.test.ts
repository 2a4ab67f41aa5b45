/**
 * The visit rules without GraphQL: what a visit records, the planned →
 * done / missed life, the daily missed-visit scan (once per visit), and bad
 * input: each a typed error with nothing written.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, loadTestPlugins, testPluginRuntime, type TestDatabase, type TestPluginRuntime } from 'kam-graphql/testing';
import type { RelationshipOptions } from '../options.js';
import { scanMissedVisits } from './missed-visit-scan.js';
import { createVisitService, type VisitService } from './visit-service.js';

const NOW = new Date('2025-07-01T00:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

let t: TestDatabase;
let runtime: TestPluginRuntime<RelationshipOptions>;
let service: VisitService;
const ids = { account: 'acc-visits', other: 'acc-other', top: 'st-top', middle: 'st-middle', left: 'st-left', dm: 'p-dm', user: 'p-user', stranger: 'p-stranger' };

beforeAll(async () => {
  t = await createTestDatabase();
  const plugins = await loadTestPlugins([{ from: './plugins/relationship' }], process.cwd());
  runtime = testPluginRuntime<RelationshipOptions>(t.db, plugins, 'relationship', { now: NOW });
  service = createVisitService({ transaction: runtime.transaction, now: runtime.now, recordedById: ids.top });
  const prisma = t.db.prisma;
  await prisma.account.createMany({
    data: [
      { id: ids.account, name: 'Visit Works', searchName: 'visit works', industry: 'INDUSTRIAL', tier: 'KEY' },
      { id: ids.other, name: 'Other Works', searchName: 'other works', industry: 'INDUSTRIAL' },
    ],
  });
  const hired = new Date('2010-01-01T00:00:00.000Z');
  await prisma.staff.createMany({
    data: [
      { id: ids.top, name: 'Chair Zhou', searchName: 'chair zhou', email: 'zhou@sme.test', level: 'TOP', department: 'Board', hireDate: hired },
      { id: ids.middle, name: 'Manager Qian', searchName: 'manager qian', email: 'qian@sme.test', level: 'MIDDLE', department: 'Sales', hireDate: hired },
      { id: ids.left, name: 'Former Sun', searchName: 'former sun', email: 'sun@sme.test', level: 'TOP', department: 'Board', hireDate: hired, leftAt: daysAgo(10) },
    ],
  });
  await prisma.person.createMany({
    data: [
      { id: ids.dm, accountId: ids.account, name: 'GM Lin', searchName: 'gm lin', decisionRole: 'DECISION_MAKER', isKeyPerson: true },
      { id: ids.user, accountId: ids.account, name: 'Engineer Wu', searchName: 'engineer wu', decisionRole: 'USER' },
      { id: ids.stranger, accountId: ids.other, name: 'Buyer Ma', searchName: 'buyer ma', decisionRole: 'DECISION_MAKER' },
    ],
  });
});
afterAll(() => t?.drop());

/** Rows of every table a visit writes to, and the outbox. */
const tableCounts = async (db: TestDatabase['db']) => {
  const p = db.prisma;
  return Promise.all([p.visit.count(), p.visitStaff.count(), p.visitPerson.count(), p.outboxEvent.count()]);
};
beforeEach(() => {
  runtime.events.length = 0;
  runtime.setNow(NOW);
});

const visit = (overrides: Record<string, unknown> = {}) => ({
  accountId: ids.account,
  kind: 'ON_SITE_VISIT' as const,
  at: daysAgo(3),
  staffIds: [ids.top],
  personIds: [ids.dm],
  purpose: 'Annual review',
  ...overrides,
});

describe('recording a visit', () => {
  it('keeps who went with their level and whom they met with their role, and emits relationship.visit.recorded', async () => {
    const recorded = await service.record(visit({ staffIds: [ids.top, ids.middle], personIds: [ids.dm, ids.user], outcome: 'Renewal agreed', nextPlannedAt: new Date(NOW.getTime() + 30 * DAY) }));
    expect(recorded).toMatchObject({ status: 'DONE', kind: 'ON_SITE_VISIT', outcome: 'Renewal agreed', recordedById: ids.top });
    const staff = await t.db.prisma.visitStaff.findMany({ where: { visitId: recorded.id }, orderBy: { staffId: 'asc' } });
    expect(staff.map((s) => [s.staffId, s.levelAtVisit])).toEqual([
      [ids.middle, 'MIDDLE'],
      [ids.top, 'TOP'],
    ]);
    const people = await t.db.prisma.visitPerson.findMany({ where: { visitId: recorded.id }, orderBy: { personId: 'asc' } });
    expect(people.map((p) => [p.personId, p.roleAtVisit])).toEqual([
      [ids.dm, 'DECISION_MAKER'],
      [ids.user, 'USER'],
    ]);
    expect(runtime.events.map((e) => [e.name, e.accountId])).toEqual([['relationship.visit.recorded', ids.account]]);
    expect(runtime.events[0]!.payload).toMatchObject({ visitId: recorded.id, status: 'DONE', staffIds: [ids.middle, ids.top], personIds: [ids.dm, ids.user] });
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['a visit in the future', { at: new Date(NOW.getTime() + DAY) }, /VALIDATION|future/],
    ['a person of another account', { personIds: [ids.stranger] }, /not a person of this account/],
    ['a staff member who left', { staffIds: [ids.left] }, /STAFF_LEFT|left the SME/],
    ['an unknown kind', { kind: 'TELEPATHY' }, /kind/],
    ['nobody who went', { staffIds: [] }, /at least one staff member/],
    ['nobody met', { personIds: [] }, /at least one person/],
    ['the same person twice', { personIds: [ids.dm, ids.dm] }, /twice/],
    ['a next visit before this one', { nextPlannedAt: daysAgo(5) }, /after the visit/],
    ['an unknown staff member', { staffIds: ['st-nobody'] }, /Staff st-nobody was not found/],
  ];
  for (const [what, overrides, message] of bad) {
    it(`refuses ${what} with a typed error, writing nothing`, async () => {
      const before = await tableCounts(t.db);
      const error = await service.record(visit(overrides) as never).catch((e: unknown) => e);
      expect(error).toHaveProperty('code');
      expect(String((error as Error).message) + String((error as { rule?: string }).rule ?? '')).toMatch(message);
      expect(await tableCounts(t.db)).toEqual(before);
      expect(runtime.events).toEqual([]);
    });
  }
});

describe('planned visits', () => {
  it('become done at their date, with levels and roles as they are then; not before the date has come', async () => {
    const planned = await service.plan(visit({ at: new Date(NOW.getTime() + 2 * DAY) }));
    expect(planned.status).toBe('PLANNED');
    const early = await service.complete(planned.id).catch((e: unknown) => e);
    expect(early).toMatchObject({ code: 'VALIDATION' });
    expect((await t.db.prisma.visit.findUniqueOrThrow({ where: { id: planned.id } })).status).toBe('PLANNED');

    runtime.setNow(new Date(NOW.getTime() + 3 * DAY));
    const done = await service.complete(planned.id, { outcome: 'Met as planned' });
    expect(done).toMatchObject({ status: 'DONE', outcome: 'Met as planned', at: new Date(NOW.getTime() + 2 * DAY) });
    expect(runtime.events.map((e) => e.name)).toEqual(['relationship.visit.planned', 'relationship.visit.completed']);
    // Done is final: neither done again nor missed.
    await expect(service.complete(planned.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(service.markMissed(planned.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('are not planned in the past', async () => {
    await expect(service.plan(visit({ at: daysAgo(3) }))).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('past their date become missed by the daily scan, once, however often it runs', async () => {
    const planned = await service.plan(visit({ at: new Date(NOW.getTime() + DAY) }));
    runtime.events.length = 0;
    runtime.setNow(new Date(NOW.getTime() + 2 * DAY));
    expect(await scanMissedVisits(runtime)).toBe(0); // within missedAfterDays (2)
    runtime.setNow(new Date(NOW.getTime() + 4 * DAY));
    expect(await scanMissedVisits(runtime)).toBe(1);
    expect(await scanMissedVisits(runtime)).toBe(0);
    expect(runtime.events.map((e) => [e.name, e.payload.visitId, e.payload.reason])).toEqual([
      ['relationship.visit.missed', planned.id, 'past-due'],
      ['relationship:visitMissed', planned.id, 'past-due'],
    ]);
    expect((await t.db.prisma.visit.findUniqueOrThrow({ where: { id: planned.id } })).status).toBe('MISSED');
  });
});
