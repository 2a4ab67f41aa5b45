/**
 * The anniversary reminder job announces each occurrence once: across two
 * runs, a restart (a new runtime over the same database) and two instances
 * running at the same time; and how an occurrence was honoured is recorded
 * on that same row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loadTestPlugins, testPluginRuntime, type TestDatabase, type TestPluginRuntime } from 'kam-graphql/testing';
import type { RelationshipOptions } from '../options.js';
import { remindAnniversaries } from './anniversary-reminders.js';
import { createHonourService } from './honour-service.js';
import { lastOccurrence, occurrencesBetween } from './occurrence-dates.js';

const NOW = new Date('2025-07-01T08:00:00.000Z');
const DAY = 86_400_000;

let t: TestDatabase;
let plugins: Awaited<ReturnType<typeof loadTestPlugins>>;
const runtime = (now = NOW): TestPluginRuntime<RelationshipOptions> => testPluginRuntime<RelationshipOptions>(t.db, plugins, 'relationship', { now });

beforeAll(async () => {
  t = await createTestDatabase();
  plugins = await loadTestPlugins([{ from: './plugins/relationship' }], process.cwd());
  const prisma = t.db.prisma;
  await prisma.account.createMany({
    data: [
      { id: 'acc-a', name: 'Anniversary Works', searchName: 'anniversary works', industry: 'INDUSTRIAL', tier: 'KEY' },
      { id: 'acc-archived', name: 'Closed Works', searchName: 'closed works', industry: 'INDUSTRIAL', status: 'ARCHIVED' },
    ],
  });
  await prisma.person.createMany({
    data: [
      { id: 'p-key', accountId: 'acc-a', name: 'Chairman Wang', searchName: 'chairman wang', isKeyPerson: true, decisionRole: 'DECISION_MAKER' },
      { id: 'p-plain', accountId: 'acc-a', name: 'Clerk Li', searchName: 'clerk li' },
      { id: 'p-closed', accountId: 'acc-archived', name: 'Former GM', searchName: 'former gm', isKeyPerson: true },
    ],
  });
  await prisma.personAnniversary.createMany({
    data: [
      // In 5 days and in 20 days (beyond the 14-day lead), of a key person.
      { id: 'an-birthday', personId: 'p-key', kind: 'BIRTHDAY', label: 'Birthday', date: new Date('1966-07-06T00:00:00.000Z') },
      { id: 'an-company', personId: 'p-key', kind: 'COMPANY', label: 'Company founded', date: new Date('1998-07-21T00:00:00.000Z') },
      // Not reminded: not a key person, an archived account.
      { id: 'an-plain', personId: 'p-plain', kind: 'BIRTHDAY', label: 'Birthday', date: new Date('1990-07-03T00:00:00.000Z') },
      { id: 'an-closed', personId: 'p-closed', kind: 'BIRTHDAY', label: 'Birthday', date: new Date('1970-07-04T00:00:00.000Z') },
    ],
  });
});
afterAll(() => t?.drop());

describe('the anniversary reminder job', () => {
  it('announces an occurrence once: across two runs, a restart and two instances at once', async () => {
    const first = runtime();
    expect(await remindAnniversaries(first)).toBe(1);
    expect(await remindAnniversaries(first)).toBe(0);
    // A restart: a new runtime over the same database.
    expect(await remindAnniversaries(runtime())).toBe(0);
    // Two instances together, 10 days later: the company anniversary (in 10 days) comes within the lead time.
    const later = new Date(NOW.getTime() + 10 * DAY);
    const a = runtime(later);
    const b = runtime(later);
    const counts = await Promise.all([remindAnniversaries(a), remindAnniversaries(b)]);
    expect(counts.sort()).toEqual([0, 1]);

    const events = [...first.events, ...a.events, ...b.events].filter((e) => e.name === 'relationship.anniversary.upcoming');
    expect(events.map((e) => [e.payload.anniversaryId, e.payload.occursOn, e.payload.daysAhead])).toEqual([
      ['an-birthday', '2025-07-06T00:00:00.000Z', 5],
      ['an-company', '2025-07-21T00:00:00.000Z', 10],
    ]);
    const rows = await t.db.prisma.anniversaryOccurrence.findMany({ orderBy: { occursOn: 'asc' } });
    expect(rows.map((r) => [r.anniversaryId, r.occursOn.toISOString(), r.announcedAt !== null])).toEqual([
      ['an-birthday', '2025-07-06T00:00:00.000Z', true],
      ['an-company', '2025-07-21T00:00:00.000Z', true],
    ]);
  });

  it('records how an occurrence was honoured on its row, correctable; a day the anniversary does not fall on is a typed error', async () => {
    const now = new Date('2025-07-07T09:00:00.000Z');
    const r = runtime(now);
    const service = createHonourService({ transaction: r.transaction, now: () => now, leadDays: 14, honouredById: null });
    // No day given: the one coming within the lead time (the company anniversary on the 21st).
    const coming = await service.honour({ anniversaryId: 'an-company', honour: 'GIFT', note: 'Tea set' });
    expect(coming).toMatchObject({ occursOn: new Date('2025-07-21T00:00:00.000Z'), honour: 'GIFT', note: 'Tea set' });
    const passed = await service.honour({ anniversaryId: 'an-birthday', occursOn: new Date('2025-07-06T00:00:00.000Z'), honour: 'NONE' });
    const corrected = await service.honour({ anniversaryId: 'an-birthday', occursOn: new Date('2025-07-06T00:00:00.000Z'), honour: 'GREETING' });
    expect(corrected.id).toBe(passed.id);
    expect(corrected.honour).toBe('GREETING');
    await expect(service.honour({ anniversaryId: 'an-birthday', occursOn: new Date('2025-07-08T00:00:00.000Z'), honour: 'GIFT' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(service.honour({ anniversaryId: 'an-missing', honour: 'GIFT' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(r.events.map((e) => [e.name, e.payload.honour])).toEqual([
      ['relationship.anniversary.honoured', 'GIFT'],
      ['relationship.anniversary.honoured', 'NONE'],
      ['relationship.anniversary.honoured', 'GREETING'],
    ]);
    expect(await t.db.prisma.anniversaryOccurrence.count()).toBe(2);
  });
});

describe('occurrence dates', () => {
  it('falls on 28 February in common years, and never before the date itself', () => {
    const leap = new Date('2000-02-29T00:00:00.000Z');
    expect(occurrencesBetween(leap, new Date('2025-02-01'), new Date('2025-03-01')).map((d) => d.toISOString())).toEqual(['2025-02-28T00:00:00.000Z']);
    expect(occurrencesBetween(leap, new Date('2028-02-01'), new Date('2028-03-01')).map((d) => d.toISOString())).toEqual(['2028-02-29T00:00:00.000Z']);
    expect(occurrencesBetween(new Date('2026-01-10'), new Date('2025-12-01'), new Date('2026-12-31')).map((d) => d.toISOString())).toEqual(['2026-01-10T00:00:00.000Z']);
    expect(lastOccurrence(new Date('2026-01-10'), new Date('2025-12-01'))).toBeNull();
    expect(lastOccurrence(new Date('1970-12-25'), new Date('2025-07-01'))?.toISOString()).toBe('2024-12-25T00:00:00.000Z');
  });
});
