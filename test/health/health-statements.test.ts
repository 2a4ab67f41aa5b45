/**
 * The engine's SQL cost grows with batches, never with accounts. Counted
 * with the adapter's onQuery hook, never timed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma-sqlite/client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { AGE_STAVE, DAY, T0, controlledStave, createAccounts, makeEngine } from './health-support.js';

let t: TestDatabase;
let prisma: PrismaClient;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
  prisma = t.db.prisma;
});
afterAll(async () => {
  await t?.drop();
});

async function count(work: () => Promise<unknown>): Promise<number> {
  statements.length = 0;
  await work();
  return statements.length;
}

/**
 * Per-batch ceiling: page query, one query per stave that reads, current
 * rows, BEGIN, delete, inserts (SQLite splits them at 999 parameters; the
 * history insert returns its ids, the changes' places in the live topic), COMMIT.
 * Rows carry the ids of the staves they were scored on, so one split more.
 */
const PER_BATCH_MAX = 18;

describe('statement count of recomputation', () => {
  it('is proportional to batches: 10,000 accounts in 20 batches, and doubling accounts doubles statements', { timeout: 300_000 }, async () => {
    const scores = new Map<string, number>();
    const staves = [
      { plugin: 'age', stave: AGE_STAVE }, // one query per batch
      { plugin: 'sales', stave: controlledStave('SALES', scores) }, // none
    ];
    const { engine, clock } = makeEngine(prisma, { staves, batchSize: 500 });
    clock.now = new Date(T0.getTime() + 10 * DAY);
    const addAccounts = async (n: number, start: number) => {
      const ids = await createAccounts(prisma, n, { createdAt: T0, start });
      ids.forEach((id, i) => scores.set(id, (start + i) % 100));
    };

    await addAccounts(5_000, 0);
    // A first pass changes every account: current row, history row and a message each.
    const full5k = await count(() => engine.recomputeAll());
    // Same clock again: nothing changes, computedAt is touched in bulk.
    const steady5k = await count(() => engine.recomputeAll());

    await addAccounts(5_000, 5_000);
    await prisma.accountHealth.deleteMany();
    const full10k = await count(() => engine.recomputeAll());
    expect(await prisma.accountHealth.count()).toBe(10_000);
    const steady10k = await count(() => engine.recomputeAll());
    // An explicit id list costs the same per batch (a status check replaces the page query; no trailing empty page).
    const listed10k = await count(() => engine.recompute([...scores.keys()], { name: 'test.bulk.recompute' }));
    const { engine: narrow } = makeEngine(prisma, { staves, batchSize: 250, clock });
    const steady10kNarrow = await count(() => narrow.recomputeAll());

    expect(full10k).toBeLessThanOrEqual(20 * PER_BATCH_MAX + 1);
    expect(steady10k).toBeLessThanOrEqual(20 * 6 + 1);
    expect(listed10k).toBe(steady10k - 1);
    // The constant 1 is the final, empty page of the keyset scan.
    expect(full10k - 1).toBe(2 * (full5k - 1));
    expect(steady10k - 1).toBe(2 * (steady5k - 1));
    // Halving the batch size doubles the batches. (Batches above 999 ids would split `in` lists on SQLite.)
    expect(steady10kNarrow - 1).toBe(2 * (steady10k - 1));
  });
});
