/**
 * Health recomputation: one account at a time vs batched, on a fresh
 * database with 10,000 accounts and two staves that read real tables.
 *
 *   npx tsx bench/health-recompute.ts                 # SQLite
 *   npx tsx bench/health-recompute.ts --postgres      # PostgreSQL (TEST_POSTGRES_URL)
 *   options: --accounts 10000 --sample 500 --batch 500
 *
 * The per-account baseline runs recompute([id]) for a sample and is
 * extrapolated to every account (running all 10,000 adds minutes, not
 * information). Both modes are measured on a first computation (every
 * account changes: current row, history row, message) and on a steady pass
 * (nothing changes).
 */
import { parseArgs } from 'node:util';
import type { PrismaClient } from '../src/generated/prisma-sqlite/client.js';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrations.js';
import { HealthEngine } from '../src/health/health-engine.js';
import { weightedScore, type StaveDefinition, type StaveFactor } from '../src/health/stave.js';
import { createInProcessPubSub } from '../src/server/pubsub.js';
import { createEmptyDatabase } from '../test/support/test-database.js';

const { values } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    accounts: { type: 'string', default: '10000' },
    sample: { type: 'string', default: '500' },
    batch: { type: 'string', default: '500' },
  },
});
const ACCOUNTS = Number(values.accounts);
const SAMPLE = Math.min(Number(values.sample), ACCOUNTS);
const BATCH = Number(values.batch);
const NOW = new Date('2025-07-01T00:00:00.000Z');
const DAY = 86_400_000;

/** Relationship-like: is a decision maker known, and how many key people. One query per batch. */
const PEOPLE_STAVE: StaveDefinition = {
  id: 'PEOPLE',
  label: 'Key people',
  async compute(accountIds, { prisma }) {
    const groups = await prisma.person.groupBy({
      by: ['accountId', 'decisionRole'],
      where: { accountId: { in: [...accountIds] } },
      _count: { _all: true },
    });
    const by = new Map<string, { deciders: number; people: number }>();
    for (const g of groups) {
      const entry = by.get(g.accountId) ?? { deciders: 0, people: 0 };
      entry.people += g._count._all;
      if (g.decisionRole === 'DECISION_MAKER') entry.deciders += g._count._all;
      by.set(g.accountId, entry);
    }
    return new Map(
      accountIds.map((id) => {
        const { deciders, people } = by.get(id) ?? { deciders: 0, people: 0 };
        const factors: StaveFactor[] = [
          { key: 'decision-maker', label: 'Decision maker known', score: deciders > 0 ? 100 : 0, weight: 3, reason: `${deciders} decision makers on file`, suggestedAction: deciders > 0 ? null : 'Identify who holds the authority (MAN rule)' },
          { key: 'contacts', label: 'Contacts', score: Math.min(100, people * 50), weight: 1, reason: `${people} contacts`, suggestedAction: people >= 2 ? null : 'Widen the relationship beyond one contact' },
        ];
        return [id, { score: weightedScore(factors), factors }];
      }),
    );
  },
};

/** Service-like and time-based: team coverage and days since the latest assignment. One query per batch. */
const TEAM_STAVE: StaveDefinition = {
  id: 'TEAM',
  label: 'Account team',
  async compute(accountIds, { prisma, now }) {
    const members = await prisma.accountTeamMember.findMany({
      where: { accountId: { in: [...accountIds] } },
      select: { accountId: true, responsibility: true, assignedAt: true },
    });
    const by = new Map<string, { roles: Set<string>; latest: number }>();
    for (const m of members) {
      const entry = by.get(m.accountId) ?? { roles: new Set<string>(), latest: 0 };
      entry.roles.add(m.responsibility);
      entry.latest = Math.max(entry.latest, m.assignedAt.getTime());
      by.set(m.accountId, entry);
    }
    return new Map(
      accountIds.map((id) => {
        const entry = by.get(id);
        const roles = entry?.roles.size ?? 0;
        const days = entry ? Math.floor((now.getTime() - entry.latest) / DAY) : 365;
        const factors: StaveFactor[] = [
          { key: 'coverage', label: 'Responsibilities covered', score: Math.round((roles / 3) * 100), weight: 2, reason: `${roles} of 3 responsibilities staffed`, suggestedAction: roles < 3 ? 'Assign the missing responsibilities' : null },
          { key: 'freshness', label: 'Team freshness', score: Math.max(0, 100 - days), weight: 1, reason: `${days} days since the latest assignment`, suggestedAction: days > 30 ? 'Review the account team' : null },
        ];
        return [id, { score: weightedScore(factors), factors }];
      }),
    );
  },
};

async function seed(prisma: PrismaClient) {
  const pad = (i: number) => String(i).padStart(6, '0');
  const chunk = 2_000;
  for (let start = 0; start < ACCOUNTS; start += chunk) {
    const ids = Array.from({ length: Math.min(chunk, ACCOUNTS - start) }, (_, k) => start + k);
    await prisma.account.createMany({
      data: ids.map((i) => ({ id: `acc${pad(i)}`, name: `Account ${pad(i)}`, searchName: `account ${pad(i)}`, industry: 'INDUSTRIAL' as const, tier: i % 5 === 0 ? ('KEY' as const) : ('GENERAL' as const) })),
    });
    await prisma.person.createMany({
      data: ids.map((i) => ({ id: `per${pad(i)}`, accountId: `acc${pad(i)}`, name: `Person ${i}`, searchName: `person ${i}`, decisionRole: i % 3 === 0 ? ('DECISION_MAKER' as const) : ('USER' as const) })),
    });
    await prisma.accountTeamMember.createMany({
      data: ids
        .filter((i) => i % 4 !== 0)
        .map((i) => ({ accountId: `acc${pad(i)}`, staffId: `staff${i % 3}`, responsibility: (['RELATIONSHIP', 'SALES', 'SERVICE'] as const)[i % 3]!, assignedAt: new Date(NOW.getTime() - (i % 90) * DAY) })),
    });
  }
}

async function main() {
  const provider = values.postgres ? 'postgresql' : 'sqlite';
  const { url, remove } = await createEmptyDatabase(provider);
  let statements = 0;
  try {
    await applyMigrations(url);
    const db = await openDatabase({ url, onQuery: () => (statements += 1) });
    try {
      const prisma = db.prisma;
      await prisma.staff.createMany({
        data: [0, 1, 2].map((i) => ({ id: `staff${i}`, name: `Staff ${i}`, searchName: `staff ${i}`, email: `s${i}@sme.example`, level: 'FRONTLINE' as const, department: 'Service', hireDate: new Date('2015-01-01') })),
      });
      let t = performance.now();
      await seed(prisma);
      console.log(`${provider}: seeded ${ACCOUNTS} accounts, people and team members in ${Math.round(performance.now() - t)} ms`);

      const engine = new HealthEngine({
        prisma,
        now: () => NOW,
        pubsub: createInProcessPubSub(),
        batchSize: BATCH,
        staves: [
          { plugin: 'bench-people', stave: PEOPLE_STAVE },
          { plugin: 'bench-team', stave: TEAM_STAVE },
        ],
      });
      const sample = (await prisma.account.findMany({ select: { id: true }, orderBy: { id: 'asc' }, take: SAMPLE })).map((a) => a.id);
      const cause = { name: 'bench.health.recompute' };

      const measure = async (work: () => Promise<unknown>) => {
        statements = 0;
        t = performance.now();
        await work();
        return { ms: performance.now() - t, statements };
      };
      const oneByOne = () => measure(async () => {
        for (const id of sample) await engine.recompute([id], cause);
      });
      // Warm both paths (query plans, connections) so neither pays the first-call cost.
      await engine.recompute([sample[0]!], cause);
      await engine.recompute(sample.slice(0, 10), cause);
      await prisma.accountHealthChange.deleteMany();
      await prisma.accountHealth.deleteMany();

      const singleFirst = await oneByOne();
      const singleSteady = await oneByOne();
      await prisma.accountHealthChange.deleteMany();
      await prisma.accountHealth.deleteMany();
      const batchedFirst = await measure(() => engine.recomputeAll(cause));
      const batchedSteady = await measure(() => engine.recomputeAll(cause));
      const changes = await prisma.accountHealthChange.count();
      if (changes !== ACCOUNTS) throw new Error(`expected ${ACCOUNTS} history rows, found ${changes}`);

      const scale = ACCOUNTS / sample.length;
      const row = (label: string, r: { ms: number; statements: number }, extrapolated: boolean) => {
        const ms = extrapolated ? r.ms * scale : r.ms;
        const st = extrapolated ? r.statements * scale : r.statements;
        return { mode: label, accounts: ACCOUNTS, 'elapsed ms': Math.round(ms), statements: Math.round(st), 'ms/account': +(ms / ACCOUNTS).toFixed(3), 'statements/account': +(st / ACCOUNTS).toFixed(3), _ms: ms, _st: st };
      };
      const rows = [
        row(`one at a time, first (${sample.length} measured, x${scale})`, singleFirst, true),
        row(`batched ${BATCH}, first`, batchedFirst, false),
        row(`one at a time, steady (${sample.length} measured, x${scale})`, singleSteady, true),
        row(`batched ${BATCH}, steady`, batchedSteady, false),
      ];
      console.table(rows.map(({ _ms, _st, ...shown }) => shown));
      const ratio = (a: (typeof rows)[number], b: (typeof rows)[number]) => `time x${(a._ms / b._ms).toFixed(1)}, statements x${(a._st / b._st).toFixed(1)}`;
      console.log(`first computation: one-at-a-time / batched = ${ratio(rows[0]!, rows[1]!)}`);
      console.log(`steady pass:       one-at-a-time / batched = ${ratio(rows[2]!, rows[3]!)}`);
    } finally {
      await db.close();
    }
  } finally {
    await remove();
  }
}

await main();
