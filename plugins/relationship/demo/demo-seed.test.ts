import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loadTestPlugins, seedCoreDemo, TEST_PLUGIN_NOW as NOW, testPluginRuntime, type TestDatabase } from 'kam-graphql/testing';
import relationship from '../index.js';
import type { RelationshipOptions } from '../options.js';
import { relationshipStave } from '../staves/relationship-stave.js';
import { buildDemoRelationship, OVERDUE_KEY_ACCOUNTS, type DemoPortfolio } from './demo-relationship.js';

const here = dirname(fileURLToPath(import.meta.url));
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedCoreDemo(testDb.db.prisma, { seed: 42, now: NOW });
});
afterAll(() => testDb?.drop());

async function seedContext() {
  const runtime = await testPluginRuntime<RelationshipOptions>(testDb.db, await loadTestPlugins([{ from: '..' }], here), 'relationship');
  return { ...runtime, seed: 42 };
}

describe('relationship demo', () => {
  it('is deterministic for a seed and a now, and differs with the seed', () => {
    const portfolio: DemoPortfolio = {
      accounts: [{ id: 'a1', tier: 'KEY', createdAt: new Date('2024-01-01T00:00:00Z') }],
      team: [{ accountId: 'a1', staffId: 's1', responsibility: 'RELATIONSHIP', level: 'TOP' }],
      staff: [{ id: 's1', level: 'TOP', hireDate: new Date('2010-01-01T00:00:00Z') }],
      people: [
        { id: 'p1', accountId: 'a1', decisionRole: 'DECISION_MAKER', isKeyPerson: true },
        { id: 'p2', accountId: 'a1', decisionRole: 'USER', isKeyPerson: false },
      ],
      anniversaries: [{ id: 'n1', personId: 'p1', date: new Date('1975-03-01T00:00:00Z') }],
    };
    expect(buildDemoRelationship(portfolio, 42, NOW)).toEqual(buildDemoRelationship(portfolio, 42, NOW));
    expect(buildDemoRelationship(portfolio, 7, NOW)).not.toEqual(buildDemoRelationship(portfolio, 42, NOW));
  });

  it('gives key accounts six months of visits, with a few overdue so that RELATIONSHIP is their short board, once', async () => {
    const ctx = await seedContext();
    await relationship.seed!(ctx);
    const prisma = testDb.db.prisma;
    const visits = await prisma.visit.findMany({ include: { staff: true, people: { include: { person: true } } } });
    expect(visits.every((v) => v.people.every((p) => p.person.accountId === v.accountId) && v.staff.length > 0 && v.people.length > 0)).toBe(true);
    expect(visits.every((v) => (v.status === 'PLANNED' ? v.at > NOW : v.at <= NOW))).toBe(true);
    expect(new Set(visits.map((v) => v.status))).toEqual(new Set(['DONE', 'PLANNED', 'MISSED']));
    expect(await prisma.careMoment.count({ where: { closedAt: null } })).toBeGreaterThan(0);
    expect(await prisma.anniversaryOccurrence.count({ where: { honour: null } })).toBeGreaterThan(0);
    expect(await prisma.manAssessment.count()).toBeGreaterThan(0);

    const keyAccounts = await prisma.account.findMany({ where: { tier: 'KEY', status: 'ACTIVE' }, select: { id: true } });
    const scores = [...(await relationshipStave.compute(keyAccounts.map((a) => a.id), { prisma, now: NOW, options: ctx.options })).values()];
    const overdue = scores.filter((s) => s.factors.some((f) => f.key === 'visit-cadence' && f.reason.includes('overdue')));
    expect(overdue.length).toBe(OVERDUE_KEY_ACCOUNTS);
    // Their stave is capped by the missed visit, and the action names whom to visit.
    expect(overdue.every((s) => s.score < 50 && s.factors.find((f) => f.key === 'visit-cadence')!.suggestedAction!.includes('this week'))).toBe(true);
    expect(scores.filter((s) => s.score >= 70).length).toBeGreaterThanOrEqual(keyAccounts.length - OVERDUE_KEY_ACCOUNTS - 2);

    await relationship.seed!(ctx);
    expect(await prisma.visit.count()).toBe(visits.length);
  });
});
