import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyEnterpriseSize } from '../../src/accounts/enterprise-size.js';
import {
  buildDemoData,
  DEFAULT_DEMO_NOW,
  DEMO_COMPANY,
  DemoSeedRefusedError,
  formatSeedSummary,
  seedDemoData,
  summarizeDemoData,
  type DemoDataset,
} from '../../src/demo/seed.js';
import { createRng, mulberry32 } from '../../src/demo/random.js';
import { DEFAULT_DATABASE_URL, parseSeedCliArgs, redactUrl, runSeedCli } from '../../src/demo/seed-cli.js';
import { Industry } from '../../src/generated/prisma-sqlite/enums.js';
import type { PrismaClient } from '../../src/generated/prisma-sqlite/client.js';
import { tenureInMonths } from '../../src/staff/tenure.js';
import { teamRuleViolations } from '../../src/teams/team-rules.js';
import { createTestDatabase } from '../support/test-database.js';

const ALL_INDUSTRIES = Object.values(Industry);
const RULES = { keyAccountMinTenureMonths: 12 };

// ---------------------------------------------------------------------------
// Invariants shared by the pure and the database checks
// ---------------------------------------------------------------------------

interface Rows {
  staff: { id: string; level: string; department: string; hireDate: Date }[];
  accounts: { id: string; tier: string; industry: string; status: string; archivedAt: Date | null }[];
  people: { id: string; accountId: string; reportsToId: string | null }[];
  teamMembers: { accountId: string; staffId: string; responsibility: string; isLiaison: boolean }[];
}

/** Every key account's team follows the division of labour; one liaison per department per account. */
function expectTeamRules(rows: Rows, now: Date): void {
  const staffById = new Map(rows.staff.map((s) => [s.id, s]));
  for (const account of rows.accounts) {
    const team = rows.teamMembers.filter((m) => m.accountId === account.id);
    const withStaff = team.map((m) => ({ ...m, staff: staffById.get(m.staffId)! }));
    expect(withStaff.every((m) => m.staff !== undefined)).toBe(true);

    if (account.tier === 'KEY') {
      const rel = withStaff.filter((m) => m.responsibility === 'RELATIONSHIP');
      const sales = withStaff.filter((m) => m.responsibility === 'SALES');
      const service = withStaff.filter((m) => m.responsibility === 'SERVICE');
      expect(rel.map((m) => m.staff.level), `${account.id} relationship`).toEqual(['TOP']);
      expect(sales.map((m) => m.staff.level), `${account.id} sales`).toEqual(['MIDDLE']);
      expect(service.length, `${account.id} service`).toBeGreaterThanOrEqual(1);
      expect(service.length, `${account.id} service`).toBeLessThanOrEqual(2);
      for (const m of withStaff) {
        expect(tenureInMonths(m.staff.hireDate, now), `${account.id} ${m.staffId} tenure`).toBeGreaterThanOrEqual(12);
        const violations = teamRuleViolations(
          { tier: 'KEY', responsibility: m.responsibility as 'SALES', staffLevel: m.staff.level as 'TOP', hireDate: m.staff.hireDate, now },
          RULES,
        );
        expect(violations, `${account.id} ${m.staffId}`).toEqual([]);
      }
    } else {
      expect(withStaff.filter((m) => m.responsibility === 'SALES').length, `${account.id} sales rep`).toBeGreaterThanOrEqual(1);
    }

    // Exactly one liaison for every department represented on the team.
    const departments = new Set(withStaff.map((m) => m.staff.department));
    for (const dept of departments) {
      const liaisons = new Set(withStaff.filter((m) => m.staff.department === dept && m.isLiaison).map((m) => m.staffId));
      expect(liaisons.size, `${account.id} ${dept} liaison`).toBe(1);
    }
    // The unique (accountId, staffId, responsibility) holds.
    const keys = team.map((m) => `${m.staffId}/${m.responsibility}`);
    expect(new Set(keys).size).toBe(keys.length);
  }
}

/** Reporting lines stay within one account and never loop. */
function expectReportingTree(rows: Rows): void {
  const byId = new Map(rows.people.map((p) => [p.id, p]));
  for (const person of rows.people) {
    const seen = new Set<string>([person.id]);
    let current = person;
    while (current.reportsToId !== null) {
      const manager = byId.get(current.reportsToId);
      expect(manager, `${current.id} reports to a known person`).toBeDefined();
      expect(manager!.accountId, `${current.id} reports within its account`).toBe(person.accountId);
      expect(seen.has(manager!.id), `cycle through ${manager!.id}`).toBe(false);
      seen.add(manager!.id);
      current = manager!;
    }
  }
  // Each account has people, and exactly one root (the top of its tree).
  for (const account of rows.accounts) {
    const people = rows.people.filter((p) => p.accountId === account.id);
    expect(people.length, `${account.id} people`).toBeGreaterThanOrEqual(3);
    expect(people.length, `${account.id} people`).toBeLessThanOrEqual(8);
    expect(people.filter((p) => p.reportsToId === null).length, `${account.id} roots`).toBe(1);
  }
}

// ---------------------------------------------------------------------------
// The generator itself (no database)
// ---------------------------------------------------------------------------

describe('demo PRNG', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const c = mulberry32(2);
    const seqA = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('keeps int() within bounds and sample() distinct', () => {
    const rng = createRng(99);
    for (let i = 0; i < 1000; i++) {
      const x = rng.int(3, 7);
      expect(x >= 3 && x <= 7 && Number.isInteger(x)).toBe(true);
    }
    const sample = rng.sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(sample).size).toBe(4);
  });
});

describe('buildDemoData', () => {
  const data = buildDemoData({ seed: 42 });

  it('is reproducible, ids included, and depends on the seed', () => {
    expect(buildDemoData({ seed: 42 })).toEqual(data);
    expect(buildDemoData({ seed: 42, now: DEFAULT_DEMO_NOW })).toEqual(data);
    const other = buildDemoData({ seed: 43 });
    expect(other.accounts.map((a) => a.name)).not.toEqual(data.accounts.map((a) => a.name));
    expect(other.staff.map((s) => s.name)).not.toEqual(data.staff.map((s) => s.name));
  });

  it('has the SME staff shape: 2-3 TOP, ~6 MIDDLE, ~12 FRONTLINE, unique e-mails', () => {
    const count = (level: string) => data.staff.filter((s) => s.level === level).length;
    expect(count('TOP')).toBeGreaterThanOrEqual(2);
    expect(count('TOP')).toBeLessThanOrEqual(3);
    expect(count('MIDDLE')).toBeGreaterThanOrEqual(5);
    expect(count('MIDDLE')).toBeLessThanOrEqual(7);
    expect(count('FRONTLINE')).toBeGreaterThanOrEqual(10);
    expect(count('FRONTLINE')).toBeLessThanOrEqual(14);
    expect(new Set(data.staff.map((s) => s.email)).size).toBe(data.staff.length);
    expect(data.staff.every((s) => s.email.endsWith(`@${DEMO_COMPANY.emailDomain}`))).toBe(true);
    expect(new Set(data.staff.map((s) => s.department))).toEqual(
      new Set(['Management', 'Sales East and North', 'Sales South and West', 'Marketing', 'Service', 'Logistics', 'Technical Support']),
    );
    expect(data.staff.filter((s) => s.isAdministrator).map((s) => s.level)).toEqual(['TOP']); // the general manager
    const tenures = data.staff.map((s) => tenureInMonths(s.hireDate, DEFAULT_DEMO_NOW));
    expect(tenures.filter((t) => t < 12).length).toBe(2); // a couple of recent hires
    expect(tenures.filter((t) => t >= 24).length).toBeGreaterThanOrEqual(data.staff.length - 2);
  });

  it('covers every industry, both tiers, all three 2003 sizes, and a few gaps in the measures', () => {
    expect(data.accounts.length).toBeGreaterThanOrEqual(35);
    expect(data.accounts.length).toBeLessThanOrEqual(45);
    expect(new Set(data.accounts.map((a) => a.industry))).toEqual(new Set(ALL_INDUSTRIES));
    const key = data.accounts.filter((a) => a.tier === 'KEY').length;
    expect(key).toBeGreaterThanOrEqual(8);
    expect(key).toBeLessThanOrEqual(10);
    const sizes = new Set(data.accounts.map((a) => classifyEnterpriseSize(a).size).filter((s) => s !== null));
    expect(sizes).toEqual(new Set(['SMALL', 'MEDIUM', 'LARGE']));
    const withGap = data.accounts.filter((a) => a.employees === null || a.annualSales === null || a.totalAssets === null);
    expect(withGap.length).toBeGreaterThanOrEqual(1);
    expect(withGap.length).toBeLessThanOrEqual(5);
    const archived = data.accounts.filter((a) => a.status === 'ARCHIVED');
    expect(archived.length).toBeGreaterThanOrEqual(2);
    expect(archived.length).toBeLessThanOrEqual(3);
    expect(archived.every((a) => a.archivedAt !== null && a.archivedAt > a.createdAt)).toBe(true);
    expect(data.accounts.filter((a) => a.status === 'ACTIVE').every((a) => a.archivedAt === null)).toBe(true);
    expect(data.accounts.every((a) => a.searchName === a.name.toLowerCase())).toBe(true);
    expect(new Set(data.accounts.map((a) => a.name)).size).toBe(data.accounts.length);
  });

  it('gives people titles and decision roles that fit, with key persons only on key accounts', () => {
    const tier = new Map(data.accounts.map((a) => [a.id, a.tier]));
    for (const p of data.people) {
      expect(p.searchName).toBe(p.name.toLowerCase());
      if (p.title === 'Chairman' || p.title === 'General Manager') expect(p.decisionRole).toBe('DECISION_MAKER');
      if (p.title === 'Purchasing Clerk') expect(p.decisionRole).toBe('GATEKEEPER');
      if (p.isKeyPerson) {
        expect(tier.get(p.accountId)).toBe('KEY');
        expect(p.decisionRole).toBe('DECISION_MAKER');
      }
    }
    for (const a of data.accounts.filter((x) => x.tier === 'KEY')) {
      expect(data.people.some((p) => p.accountId === a.id && p.isKeyPerson), `${a.id} key person`).toBe(true);
    }
    const roles = new Set(data.people.map((p) => p.decisionRole));
    expect(roles).toEqual(new Set(['DECISION_MAKER', 'INFLUENCER', 'USER', 'GATEKEEPER', 'OTHER']));
  });

  it('summarises what the API will count: every account, the active ones, the key ones', () => {
    const summary = summarizeDemoData(data);
    expect(summary.accounts).toBe(data.accounts.length);
    expect(summary.activeAccounts).toBe(data.accounts.filter((a) => a.status === 'ACTIVE').length);
    expect(summary.accounts - summary.activeAccounts).toBe(data.accounts.filter((a) => a.status === 'ARCHIVED').length);
    expect(formatSeedSummary(summary)).toMatch(
      new RegExp(`^${summary.accounts} accounts, ${summary.activeAccounts} active, ${summary.keyAccounts} key; ${summary.people} people; ${summary.staff} staff`),
    );
  });

  it('keeps references intact and ids unique', () => {
    const ids = [data.staff, data.accounts, data.people, data.teamMembers].flatMap((rows) => rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    const accountIds = new Set(data.accounts.map((a) => a.id));
    const staffIds = new Set(data.staff.map((s) => s.id));
    expect(data.people.every((p) => accountIds.has(p.accountId))).toBe(true);
    expect(data.teamMembers.every((m) => accountIds.has(m.accountId) && staffIds.has(m.staffId))).toBe(true);
    // Managers are inserted before their reports (FK-safe row by row).
    const seen = new Set<string>();
    for (const p of data.people) {
      if (p.reportsToId !== null) expect(seen.has(p.reportsToId)).toBe(true);
      seen.add(p.id);
    }
  });

  it('never assigns anyone before they were hired or after the demo date', () => {
    const staff = new Map(data.staff.map((s) => [s.id, s]));
    for (const m of data.teamMembers) {
      expect(m.assignedAt >= staff.get(m.staffId)!.hireDate).toBe(true);
      expect(m.assignedAt <= DEFAULT_DEMO_NOW).toBe(true);
    }
  });

  it('holds the team and reporting rules for many seeds and dates', () => {
    for (let seed = 0; seed < 25; seed++) {
      const now = new Date(Date.UTC(2024 + (seed % 3), seed % 12, 1 + (seed % 28)));
      const d: DemoDataset = buildDemoData({ seed, now });
      expectTeamRules(d, now);
      expectReportingTree(d);
      expect(new Set(d.accounts.map((a) => a.industry))).toEqual(new Set(ALL_INDUSTRIES));
    }
  });
});

// ---------------------------------------------------------------------------
// Seeding a real database
// ---------------------------------------------------------------------------

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

async function dump(prisma: PrismaClient) {
  return {
    staff: await prisma.staff.findMany({ orderBy: { id: 'asc' } }),
    accounts: await prisma.account.findMany({ orderBy: { id: 'asc' } }),
    people: await prisma.person.findMany({ orderBy: { id: 'asc' } }),
    teamMembers: await prisma.accountTeamMember.findMany({ orderBy: { id: 'asc' } }),
  };
}

describe('seedDemoData', () => {
  const dbs: TestDatabase[] = [];
  const open = async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    return db.db.prisma;
  };
  let first: PrismaClient;
  let firstDump: Awaited<ReturnType<typeof dump>>;

  beforeAll(async () => {
    first = await open();
    const summary = await seedDemoData(first, { seed: 42 });
    expect(summary).toEqual(summarizeDemoData(buildDemoData({ seed: 42 })));
    firstDump = await dump(first);
  }, 120_000);

  afterAll(async () => {
    for (const db of dbs) await db.drop();
  }, 120_000);

  it('returns counts that match what was written', async () => {
    const summary = summarizeDemoData(buildDemoData({ seed: 42 }));
    expect({
      accounts: firstDump.accounts.length,
      activeAccounts: firstDump.accounts.filter((a) => a.status === 'ACTIVE').length,
      keyAccounts: firstDump.accounts.filter((a) => a.tier === 'KEY').length,
      people: firstDump.people.length,
      staff: firstDump.staff.length,
      teamMembers: firstDump.teamMembers.length,
    }).toEqual(summary);
  });

  it('writes exactly the generated rows (dates, floats and nulls survive the round trip)', () => {
    const data = buildDemoData({ seed: 42 });
    const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(firstDump.staff).toEqual(byId(data.staff));
    expect(firstDump.accounts).toEqual(byId(data.accounts));
    expect(firstDump.people).toEqual(byId(data.people));
    expect(firstDump.teamMembers).toEqual(byId(data.teamMembers));
  });

  it('is deterministic: the same seed gives identical rows in a fresh database, another seed does not', async () => {
    const second = await open();
    await seedDemoData(second, { seed: 42 });
    expect(await dump(second)).toEqual(firstDump);

    const third = await open();
    await seedDemoData(third, { seed: 7 });
    const other = await dump(third);
    expect(other).not.toEqual(firstDump);
    expect(other.accounts.map((a) => a.name)).not.toEqual(firstDump.accounts.map((a) => a.name));
  }, 120_000);

  it('staffs every key account by the division of labour, with tenure >= 12 months', () => {
    expectTeamRules(firstDump, DEFAULT_DEMO_NOW);
    expect(firstDump.accounts.filter((a) => a.tier === 'KEY').length).toBeGreaterThanOrEqual(8);
  });

  it('keeps reporting lines inside each account and acyclic', async () => {
    expectReportingTree(firstDump);
    // Also through the relation itself: no manager belongs to another account.
    const withManager = await first.person.findMany({ where: { reportsToId: { not: null } }, include: { reportsTo: true } });
    expect(withManager.length).toBeGreaterThan(0);
    expect(withManager.every((p) => p.reportsTo!.accountId === p.accountId)).toBe(true);
  });

  it('covers every industry and both tiers', async () => {
    const industries = await first.account.groupBy({ by: ['industry'], _count: { _all: true } });
    expect(new Set(industries.map((g) => g.industry))).toEqual(new Set(ALL_INDUSTRIES));
    const tiers = await first.account.groupBy({ by: ['tier'], _count: { _all: true } });
    expect(new Set(tiers.map((g) => g.tier))).toEqual(new Set(['KEY', 'GENERAL']));
  });

  it('refuses to seed twice without reset, and replaces the data with reset', async () => {
    await expect(seedDemoData(first, { seed: 42 })).rejects.toBeInstanceOf(DemoSeedRefusedError);
    await expect(seedDemoData(first, { seed: 42 })).rejects.toThrow(/already has 40 account/);
    // Nothing changed.
    expect(await dump(first)).toEqual(firstDump);

    // Reset to another seed, then back: the result equals a fresh seeding.
    const other = await seedDemoData(first, { seed: 7, reset: true });
    expect(other).toEqual(summarizeDemoData(buildDemoData({ seed: 7 })));
    expect(await first.staff.count()).toBe(other.staff);
    expect(await first.person.count()).toBe(other.people);
    await seedDemoData(first, { seed: 42, reset: true });
    expect(await dump(first)).toEqual(firstDump);
  }, 120_000);
});

describe('seed CLI', () => {
  it('parses the environment and flags', () => {
    expect(parseSeedCliArgs([], {})).toEqual({ url: DEFAULT_DATABASE_URL, seed: 42, reset: false, help: false });
    expect(parseSeedCliArgs(['--reset'], { DATABASE_URL: 'file:/tmp/x.db', SEED: '7' })).toEqual({
      url: 'file:/tmp/x.db',
      seed: 7,
      reset: true,
      help: false,
    });
    expect(() => parseSeedCliArgs([], { SEED: '4.5' })).toThrow(/SEED must be an integer/);
    expect(() => parseSeedCliArgs(['--force'], {})).toThrow(/Unknown argument/);
    expect(() => parseSeedCliArgs([], { DATABASE_URL: 'mysql://u:secret@h/db' })).toThrow(/Unsupported database URL/);
    expect(redactUrl('postgresql://kam:secret@db:5432/kam')).toBe('postgresql://kam:***@db:5432/kam');
  });

  it('migrates, seeds, refuses a second run and reseeds with --reset', async () => {
    const { url, drop } = await createTestDatabase();
    try {
      const lines: string[] = [];
      const summary = await runSeedCli([], { DATABASE_URL: url, SEED: '42' }, (l) => lines.push(l));
      expect(summary).toEqual(summarizeDemoData(buildDemoData({ seed: 42 })));
      expect(lines.join('\n')).toMatch(/Migrations: up to date[\s\S]*accounts\s+40, 38 active, \d+ key/);
      await expect(runSeedCli([], { DATABASE_URL: url }, () => {})).rejects.toBeInstanceOf(DemoSeedRefusedError);
      const again = await runSeedCli(['--reset'], { DATABASE_URL: url, SEED: '7' }, () => {});
      expect(again).toEqual(summarizeDemoData(buildDemoData({ seed: 7 })));
    } finally {
      await drop();
    }
  }, 120_000);
});
