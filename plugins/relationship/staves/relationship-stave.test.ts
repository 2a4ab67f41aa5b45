import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_PLUGIN_NOW as NOW, type TestDatabase } from 'kam-graphql/testing';
import { DEFAULT_OPTIONS, relationshipOptionsSchema, type RelationshipOptions } from '../options.js';
import { FACTOR_WEIGHTS, RELATIONSHIP_STAVE_ID, relationshipStave as stave } from './relationship-stave.js';
import { account, assessment, careMoment, daysAfter, daysBefore, fullDossier, occurrence, person, staffMember, visit } from './stave-fixtures.js';

let testDb: TestDatabase;
const statements: string[] = [];
let top: string;
let middle: string;

const compute = (ids: readonly string[], now = NOW, options: RelationshipOptions = DEFAULT_OPTIONS) => stave.compute(ids, { prisma: testDb.db.prisma, now, options });
const scoreOf = async (id: string, now = NOW, options: RelationshipOptions = DEFAULT_OPTIONS) => (await compute([id], now, options)).get(id)!;
const factor = (score: { factors: { key: string }[] }, key: string) => score.factors.find((f) => f.key === key) as any;
const options = (given: Record<string, unknown>) => relationshipOptionsSchema.parse(given);

/** A key account in good order: its CEO (a key person with a full dossier) met by top management `days` ago, MAN confirmed. */
async function keptAccount(name: string, days: number, tier: 'KEY' | 'GENERAL' = 'KEY') {
  const id = await account(testDb.db, name, { tier, owner: top });
  const ceo = await person(testDb.db, id, `CEO of ${name}`, { role: 'DECISION_MAKER', key: true, title: 'CEO' });
  const buyer = await person(testDb.db, id, `Buyer of ${name}`, { role: 'USER' });
  await fullDossier(testDb.db, ceo);
  await visit(testDb.db, id, daysBefore(NOW, days), [{ id: top, level: 'TOP' }], [{ id: ceo, role: 'DECISION_MAKER' }]);
  await assessment(testDb.db, id, top, daysBefore(NOW, 30), { money: 'CONFIRMED', authority: 'CONFIRMED', need: 'CONFIRMED' }, [ceo]);
  return { id, ceo, buyer };
}

beforeAll(async () => {
  testDb = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
  top = await staffMember(testDb.db, 'Ma Tao', 'TOP');
  middle = await staffMember(testDb.db, 'Song Yan', 'MIDDLE');
});
afterAll(() => testDb?.drop());

describe('RELATIONSHIP stave', () => {
  it('scores a key account kept by the book at 100, with no action', async () => {
    const { id } = await keptAccount('Kept Ltd', 10);
    const score = await scoreOf(id);
    expect(stave.id).toBe(RELATIONSHIP_STAVE_ID);
    expect(score.factors.map((f) => f.key).sort()).toEqual(['care-moments', 'decision-maker-coverage', 'dossier-completeness', 'man-qualification', 'visit-cadence']);
    expect(score.factors.map((f) => [f.key, f.score])).toEqual(score.factors.map((f) => [f.key, 100]));
    expect(score.score).toBe(100);
    expect(score.factors.every((f) => f.suggestedAction === null)).toBe(true);
    expect(factor(score, 'visit-cadence').weight).toBe(FACTOR_WEIGHTS.visitCadence);
  });

  it('eases before the visit falls due and, once overdue, caps the stave at the cadence score and names whom to visit and who goes', async () => {
    const { id } = await keptAccount('Due Soon Ltd', 25);
    const soon = await scoreOf(id);
    expect(factor(soon, 'visit-cadence')).toMatchObject({ score: Math.round(80 + (20 * 5) / 7), suggestedAction: 'Ma Tao: plan a visit to CEO of Due Soon Ltd (CEO) of Due Soon Ltd within 5 days.' });
    expect(soon.score).toBeGreaterThan(90);

    const later = daysAfter(NOW, 10);
    const overdue = await scoreOf(id, later);
    const cadence = factor(overdue, 'visit-cadence');
    expect(cadence.score).toBe(Math.round(60 * (1 - 5 / 30)));
    expect(cadence.reason).toContain('The last top-level visit was 35 days ago');
    expect(cadence.reason).toContain('by Ma Tao); the policy asks for one every 30 days. It is 5 days overdue.');
    expect(cadence.suggestedAction).toBe('Ma Tao: visit CEO of Due Soon Ltd (CEO) of Due Soon Ltd this week; the last top-level visit was 35 days ago.');
    expect(overdue.score).toBe(cadence.score);
  });

  it('counts only what the cadence policy counts: not middle management, not a non-decision-maker, over the configured period', async () => {
    const { id, ceo, buyer } = await keptAccount('Strict Ltd', 45);
    // Since then: middle management met the CEO, top management met the buyer. Neither counts for a key account.
    await visit(testDb.db, id, daysBefore(NOW, 5), [{ id: middle, level: 'MIDDLE' }], [{ id: ceo, role: 'DECISION_MAKER' }]);
    await visit(testDb.db, id, daysBefore(NOW, 4), [{ id: top, level: 'TOP' }], [{ id: buyer, role: 'USER' }]);
    expect(factor(await scoreOf(id), 'visit-cadence').reason).toContain('The last top-level visit was 45 days ago');
    // A planned visit is not a visit.
    await visit(testDb.db, id, daysAfter(NOW, 2), [{ id: top, level: 'TOP' }], [{ id: ceo, role: 'DECISION_MAKER' }], 'PLANNED');
    const planned = factor(await scoreOf(id), 'visit-cadence');
    expect(planned.reason).toContain('The next visit is planned for 2025-07-03.');
    expect(planned.score).toBe(Math.round(60 * (1 - 15 / 30)));

    // A 60-day period: 45 days is not overdue.
    expect(factor(await scoreOf(id, NOW, options({ cadence: { key: { periodDays: 60, staffLevels: ['TOP'], decisionRoles: ['DECISION_MAKER'] } } })), 'visit-cadence').score).toBe(100);
    // A policy that counts middle management: the visit 5 days ago counts.
    const withMiddle = options({ cadence: { key: { periodDays: 30, staffLevels: ['TOP', 'MIDDLE'], decisionRoles: ['DECISION_MAKER'] } } });
    expect(factor(await scoreOf(id, NOW, withMiddle), 'visit-cadence').reason).toContain('was 5 days ago');
  });

  it('scores general accounts by their own policy, or with no cadence at all', async () => {
    const { id, ceo } = await keptAccount('General Ltd', 80, 'GENERAL');
    const lighter = options({ cadence: { general: { periodDays: 90, staffLevels: ['TOP', 'MIDDLE'], decisionRoles: ['DECISION_MAKER', 'INFLUENCER'] } } });
    // 80 days: overdue for a key account, fine for a 90-day general policy of top or middle management.
    expect(factor(await scoreOf(id, NOW, lighter), 'visit-cadence')).toMatchObject({ score: 100, label: 'Top or middle-level visit cadence' });
    await visit(testDb.db, id, daysBefore(NOW, 3), [{ id: middle, level: 'MIDDLE' }], [{ id: ceo, role: 'DECISION_MAKER' }]);
    expect(factor(await scoreOf(id, daysAfter(NOW, 60), lighter), 'visit-cadence').reason).toContain('was 63 days ago');
    // The default: no cadence for general accounts.
    const none = await scoreOf(id, daysAfter(NOW, 400));
    expect(none.factors.map((f) => f.key)).not.toContain('visit-cadence');
    expect(none.factors.map((f) => f.key)).not.toContain('decision-maker-coverage');
  });

  it('counts decision makers not met within the coverage period, and an account with none known', async () => {
    const { id } = await keptAccount('Board Ltd', 10);
    await person(testDb.db, id, 'Chairman Board', { role: 'DECISION_MAKER' });
    const coverage = factor(await scoreOf(id), 'decision-maker-coverage');
    expect(coverage).toMatchObject({ score: 50, suggestedAction: 'Ma Tao: at Board Ltd, arrange a top-level meeting with Chairman Board.' });
    const unknown = await account(testDb.db, 'Unknown Ltd', { owner: top });
    expect(factor(await scoreOf(unknown), 'decision-maker-coverage')).toMatchObject({ score: 0, reason: 'No decision maker of Unknown Ltd is known.' });
  });

  it('marks down care moments left unanswered past the response time, not those answered or still young', async () => {
    const { id, ceo, buyer } = await keptAccount('Caring Ltd', 10);
    await careMoment(testDb.db, id, ceo, daysBefore(NOW, 2));
    expect(factor(await scoreOf(id), 'care-moments').score).toBe(100);
    await careMoment(testDb.db, id, buyer, daysBefore(NOW, 6), { at: daysBefore(NOW, 5), by: top });
    expect(factor(await scoreOf(id), 'care-moments').score).toBe(100);
    const late = factor(await scoreOf(id, daysAfter(NOW, 2)), 'care-moments');
    expect(late).toMatchObject({ score: 50, suggestedAction: 'Ma Tao: show CEO of Caring Ltd of Caring Ltd that you care (a call, a visit or a letter) today.' });
    expect(late.reason).toContain('CEO of Caring Ltd (illness)');
  });

  it('weighs Authority twice in MAN, halves a stale assessment and scores none at 0', async () => {
    const { id } = await keptAccount('Qualified Ltd', 10);
    await assessment(testDb.db, id, top, daysBefore(NOW, 1), { money: 'CONFIRMED', authority: 'UNKNOWN', need: 'PARTIAL' });
    const man = factor(await scoreOf(id), 'man-qualification');
    expect(man.score).toBe(Math.round((100 + 2 * 20 + 60) / 4));
    expect(man.suggestedAction).toBe('Ma Tao: confirm who holds decision authority at Qualified Ltd and meet them.');
    expect(factor(await scoreOf(id, daysAfter(NOW, 200)), 'man-qualification').score).toBe(Math.round((100 + 2 * 20 + 60) / 4 / 2));
    const bare = await account(testDb.db, 'Bare Ltd', { owner: top });
    expect(factor(await scoreOf(bare), 'man-qualification').score).toBe(0);
  });

  it("counts key persons' anniversaries honoured and missed, and names the next one", async () => {
    const { id, ceo } = await keptAccount('Greeted Ltd', 10);
    await occurrence(testDb.db, id, ceo, daysBefore(NOW, 200), 'GIFT');
    await occurrence(testDb.db, id, ceo, daysBefore(NOW, 100), 'NONE');
    await occurrence(testDb.db, id, ceo, daysBefore(NOW, 20), null);
    await occurrence(testDb.db, id, ceo, daysAfter(NOW, 6), null);
    const f = factor(await scoreOf(id), 'anniversaries');
    expect(f.score).toBe(33);
    expect(f.reason).toContain('1 of 3 anniversaries of key persons in the last year honoured; missed:');
    expect(f.suggestedAction).toBe('Ma Tao: prepare greetings for CEO of Greeted Ltd of Greeted Ltd: birthday on 2025-07-07, in 7 days.');
  });

  it('scores thin dossiers of key persons lower and names them', async () => {
    const { id } = await keptAccount('Known Ltd', 10);
    await person(testDb.db, id, 'New Key Person', { role: 'INFLUENCER', key: true });
    const f = factor(await scoreOf(id), 'dossier-completeness');
    expect(f.score).toBe(50);
    expect(f.suggestedAction).toContain('complete the dossier of New Key Person');
  });

  it('costs the same statements for a batch of 1 and of 500 accounts, so 10,000 accounts cost 20 batches', async () => {
    const ids: string[] = [];
    const ceos: { id: string; accountId: string }[] = [];
    for (let i = 0; i < 500; i++) ids.push(`bulk_${i}`);
    await testDb.db.prisma.account.createMany({ data: ids.map((id) => ({ id, name: id, searchName: id, industry: 'INDUSTRIAL' as const, tier: 'KEY' as const })) });
    await testDb.db.prisma.person.createMany({
      data: ids.flatMap((accountId) =>
        Array.from({ length: 4 }, (_, j) => {
          const id = `${accountId}_p${j}`;
          if (j === 0) ceos.push({ id, accountId });
          return { id, accountId, name: id, searchName: id, decisionRole: j === 0 ? ('DECISION_MAKER' as const) : ('USER' as const), isKeyPerson: j === 0 };
        }),
      ),
    });
    // Three visits a person a year: more than SQLite's 999 parameters if the stave sent visit ids back.
    const visits = ceos.flatMap((c, n) => [0, 1, 2].map((k) => ({ id: `${c.id}_v${k}`, accountId: c.accountId, personId: c.id, at: daysBefore(NOW, 10 + 30 * k + (n % 7)) })));
    const prisma = testDb.db.prisma;
    await prisma.visit.createMany({ data: visits.map((v) => ({ id: v.id, accountId: v.accountId, status: 'DONE' as const, kind: 'ON_SITE_VISIT' as const, at: v.at })) });
    await prisma.visitStaff.createMany({ data: visits.map((v) => ({ visitId: v.id, staffId: top, levelAtVisit: 'TOP' as const })) });
    await prisma.visitPerson.createMany({ data: visits.map((v) => ({ visitId: v.id, personId: v.personId, roleAtVisit: 'DECISION_MAKER' as const })) });
    await prisma.careMoment.createMany({ data: ceos.map((c) => ({ accountId: c.accountId, personId: c.id, kind: 'ILLNESS' as const, learnedAt: daysBefore(NOW, 5) })) });
    await prisma.manAssessment.createMany({
      data: ceos.map((c) => ({ id: `${c.id}_man`, accountId: c.accountId, assessedById: top, assessedAt: daysBefore(NOW, 30), money: 'PARTIAL' as const, authority: 'CONFIRMED' as const, need: 'PARTIAL' as const })),
    });
    await prisma.manAuthority.createMany({ data: ceos.map((c) => ({ assessmentId: `${c.id}_man`, personId: c.id, directTopRelationship: true })) });
    const count = async (batch: readonly string[]) => {
      statements.length = 0;
      const scores = await compute(batch);
      expect(scores.size).toBe(batch.length);
      return statements.length;
    };
    const one = await count(ids.slice(0, 1));
    expect(await count(ids)).toBe(one);
    expect(one).toBe(14); // one per source, and the staff's names
  });
});
