import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;

/** 60 accounts, each with 4 people in a reporting line and a 3-person team. */
async function seedPortfolio() {
  const p = t.db.prisma;
  await p.staff.createMany({
    data: ['TOP', 'MIDDLE', 'FRONTLINE'].map((level, i) => ({
      id: `s${i}`,
      name: `Staff ${i}`,
      searchName: `staff ${i}`,
      email: `s${i}@sme.example`,
      level: level as 'TOP' | 'MIDDLE' | 'FRONTLINE',
      department: 'Sales',
      hireDate: new Date('2015-01-01'),
    })),
  });
  const accounts = Array.from({ length: 60 }, (_, i) => ({
    id: `a${String(i).padStart(3, '0')}`,
    name: `Account ${String(i).padStart(3, '0')}`,
    searchName: `account ${String(i).padStart(3, '0')}`,
    industry: 'INDUSTRIAL' as const,
    employees: 100 + i,
    tier: 'KEY' as const,
  }));
  await p.account.createMany({ data: accounts });
  for (const a of accounts) {
    for (let j = 0; j < 4; j++) {
      await p.person.create({
        data: { id: `${a.id}p${j}`, accountId: a.id, name: `Person ${j}`, searchName: `person ${j}`, reportsToId: j === 0 ? null : `${a.id}p0` },
      });
    }
  }
  await p.accountTeamMember.createMany({
    data: accounts.flatMap((a) =>
      (['RELATIONSHIP', 'SALES', 'SERVICE'] as const).map((responsibility, i) => ({ accountId: a.id, staffId: `s${i}`, responsibility })),
    ),
  });
}

beforeAll(async () => {
  // No background dispatcher: its polling would land in the statement counts.
  t = await startTestApp({ config: { dispatchEvents: false } });
  await seedPortfolio();
});
afterAll(async () => {
  await t?.close();
});

const QUERY = `query($first: Int!) {
  accounts(first: $first) {
    totalCount
    edges { node {
      name tier enterpriseSize
      people(first: 3) { totalCount edges { node { name decisionRole reportsTo { name } } } }
      teamMembers { responsibility isLiaison staff { name level tenureMonths } }
    } }
  }
}`;

async function statementsFor(first: number) {
  t.statements.length = 0;
  const data = await t.ok(QUERY, { first });
  return { count: t.statements.length, data };
}

describe('no N+1', () => {
  it('costs the same number of SQL statements for 5 or 50 accounts with nested people and teams', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(small.data.accounts.edges).toHaveLength(5);
    expect(large.data.accounts.edges).toHaveLength(50);
    const sample = large.data.accounts.edges[49].node;
    expect(sample.people.edges).toHaveLength(3);
    expect(sample.people.totalCount).toBe(4);
    expect(sample.teamMembers).toHaveLength(3);
    expect(sample.people.edges.some((e: any) => e.node.reportsTo?.name === 'Person 0')).toBe(true);

    expect(large.count).toBe(small.count);
    // A fixed budget, independent of page size: accounts, count, people, people counts, reports-to, team, staff.
    expect(large.count).toBeLessThanOrEqual(10);
  });

  it('costs a constant number of statements for a frontline member too, whose every record is checked against their teams', async () => {
    // s2 (frontline) is on every team; a fresh account without s2 stays hidden.
    await t.db.prisma.account.create({ data: { id: 'zzz-hidden', name: 'Hidden', searchName: 'hidden', industry: 'RETAIL' } });
    const token = await t.tokenFor('s2');
    const run = async (first: number) => {
      t.statements.length = 0;
      const data = await t.ok(QUERY, { first }, token);
      expect(data.accounts.edges).toHaveLength(first);
      expect(data.accounts.totalCount).toBe(60);
      return t.statements.length;
    };
    const small = await run(5);
    const large = await run(50);
    expect(large).toBe(small);
    await t.db.prisma.account.delete({ where: { id: 'zzz-hidden' } });
  });

  it('resolves nodes(ids) for 5 or 50 ids with the same number of statements', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`Account:a${String(i).padStart(3, '0')}`).toString('base64url'));
    const run = async (n: number) => {
      t.statements.length = 0;
      const data = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Account { name teamMembers { staff { name } } } } }`, { ids: ids(n) });
      expect(data.nodes).toHaveLength(n);
      expect(data.nodes.every((node: any) => node.teamMembers.length === 3)).toBe(true);
      return t.statements.length;
    };
    const small = await run(5);
    expect(await run(50)).toBe(small);
  });
});
