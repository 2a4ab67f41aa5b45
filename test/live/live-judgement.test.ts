/**
 * Live events are judged in memory (src/auth/live-reach.ts, matchesAccountFilter)
 * while lists are filtered in SQL (AccessControl.accountWhere, accountWhere):
 * over a portfolio with every kind of team and every viewer, filter and
 * reach, both give the same accounts, on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWhere, matchesAccountFilter, type AccountFilter } from '../../src/accounts/account-filter.js';
import { AccessControl } from '../../src/auth/access-control.js';
import { REACHES, type AccessRules } from '../../src/auth/access-rules.js';
import { reachIncludes } from '../../src/auth/live-reach.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { createFactsLoader } from '../../src/live/account-facts.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
const accountIds: string[] = [];

const STAFF = [
  { id: 's_top', level: 'TOP' as const, department: 'Management' },
  { id: 's_east', level: 'MIDDLE' as const, department: 'Sales East' },
  { id: 's_west', level: 'MIDDLE' as const, department: 'Sales West' },
  { id: 's_front', level: 'FRONTLINE' as const, department: 'Service' },
  { id: 's_other', level: 'FRONTLINE' as const, department: 'Service' },
];

beforeAll(async () => {
  t = await createTestDatabase();
  const p = t.db.prisma;
  await p.staff.createMany({ data: STAFF.map((s) => ({ ...s, name: s.id, searchName: s.id, email: `${s.id}@sme.example`, hireDate: new Date('2010-01-01') })) });
  const teams: { staffId: string; responsibility: 'RELATIONSHIP' | 'SALES' | 'SERVICE' }[][] = [
    [],
    [{ staffId: 's_front', responsibility: 'SERVICE' }],
    [{ staffId: 's_front', responsibility: 'RELATIONSHIP' }],
    [{ staffId: 's_other', responsibility: 'SERVICE' }],
    [{ staffId: 's_east', responsibility: 'SALES' }, { staffId: 's_other', responsibility: 'SERVICE' }],
    [{ staffId: 's_west', responsibility: 'SALES' }],
    [{ staffId: 's_top', responsibility: 'RELATIONSHIP' }, { staffId: 's_front', responsibility: 'SERVICE' }],
  ];
  const industries = ['INDUSTRIAL', 'RETAIL', 'WHOLESALE', 'OTHER'] as const;
  for (let i = 0; i < 28; i++) {
    const id = `acc_${String(i).padStart(2, '0')}`;
    accountIds.push(id);
    await p.account.create({
      data: {
        id,
        name: `Account ${i % 3 === 0 ? 'Pump' : 'Valve'} ${i}`,
        searchName: `account ${i % 3 === 0 ? 'pump' : 'valve'} ${i}`,
        industry: industries[i % 4]!,
        employees: i % 5 === 0 ? null : 50 + i * 40,
        annualSales: i % 7 === 0 ? null : 5e6 + i * 9e6,
        totalAssets: 20e6 + i * 10e6,
        region: i % 2 ? 'East' : 'West',
        tier: i % 3 ? 'GENERAL' : 'KEY',
        status: i % 9 === 4 ? 'ARCHIVED' : 'ACTIVE',
      },
    });
    for (const member of teams[i % teams.length]!) await p.accountTeamMember.create({ data: { accountId: id, ...member } });
  }
});
afterAll(() => t?.drop());

const viewerOf = (s: (typeof STAFF)[number]): Viewer => ({ kind: 'staff', staffId: s.id, name: s.id, level: s.level, department: s.department, isAdministrator: false, expiresAt: new Date('2100-01-01') });

describe('judging live events in memory', () => {
  it('gives the accounts SQL gives for every reach and viewer', async () => {
    const facts = createFactsLoader(t.db.prisma);
    const all = await Promise.all(accountIds.map((id) => facts.account(id)));
    for (const reach of REACHES) {
      const rules: AccessRules = { 'Query.account': { summary: 'read', staff: { TOP: reach, MIDDLE: reach, FRONTLINE: reach } } };
      for (const staff of STAFF) {
        const viewer = viewerOf(staff);
        const access = new AccessControl(viewer, rules, t.db.prisma);
        const inSql = await t.db.prisma.account.findMany({ where: access.accountWhere('Query.account') ?? {}, select: { id: true }, orderBy: { id: 'asc' } });
        const inMemory = all.filter((a) => reachIncludes(reach, viewer, a!.team)).map((a) => a!.id);
        expect(inMemory, `${reach} for ${staff.id}`).toEqual(inSql.map((a) => a.id));
      }
    }
  });

  it('gives the accounts SQL gives for every filter of `accounts`', async () => {
    const facts = createFactsLoader(t.db.prisma);
    const all = await Promise.all(accountIds.map((id) => facts.account(id)));
    const filters: (AccountFilter | null)[] = [
      null,
      { tier: 'KEY' },
      { statuses: ['ARCHIVED'] },
      { statuses: ['ACTIVE', 'ARCHIVED'], region: 'East' },
      { industries: ['RETAIL', 'WHOLESALE'] },
      { sizes: ['SMALL'] },
      { sizes: ['MEDIUM', 'LARGE'], tier: 'GENERAL' },
      { search: '  PUMP ' },
      { search: 'valve 1', statuses: ['ACTIVE', 'ARCHIVED'] },
      { search: '   ' },
    ];
    for (const filter of filters) {
      const inSql = await t.db.prisma.account.findMany({ where: accountWhere(filter), select: { id: true }, orderBy: { id: 'asc' } });
      const inMemory = all.filter((a) => matchesAccountFilter(a!, filter)).map((a) => a!.id);
      expect(inMemory, JSON.stringify(filter)).toEqual(inSql.map((a) => a.id));
    }
  });
});
