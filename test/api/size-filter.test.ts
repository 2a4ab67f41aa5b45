/**
 * The `sizes` filter runs in SQL; the `enterpriseSize` field runs in
 * TypeScript. Both must agree on every account, boundaries included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyEnterpriseSize, SME_STANDARD_2003 } from '../../src/accounts/enterprise-size.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemoData(t.db.prisma, { seed: 42 });
  // Every industry at, just under and just over each threshold, with and without missing measures.
  let n = 0;
  const rows = [];
  for (const [industry, thresholds] of Object.entries(SME_STANDARD_2003)) {
    for (const t0 of thresholds) {
      for (const value of [t0.smeUpperBound - 1, t0.smeUpperBound, t0.mediumFloor - 1, t0.mediumFloor]) {
        for (const others of ['high', 'floor', 'missing'] as const) {
          const base: Record<string, number | null> = {};
          for (const t1 of thresholds) {
            base[t1.measure] = others === 'high' ? t1.smeUpperBound : others === 'floor' ? t1.mediumFloor : null;
          }
          base[t0.measure] = value;
          n += 1;
          rows.push({
            id: `edge${n}`,
            name: `Edge ${n}`,
            searchName: `edge ${n}`,
            industry: industry as 'INDUSTRIAL',
            employees: base.employees ?? null,
            annualSales: base.annualSales ?? null,
            totalAssets: base.totalAssets ?? null,
          });
        }
      }
    }
  }
  await t.db.prisma.account.createMany({ data: rows });
});
afterAll(async () => {
  await t?.close();
});

async function idsWithSize(size: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await t.ok(
      `query($sizes: [EnterpriseSize!], $after: String) { accounts(first: 100, after: $after, filter: { sizes: $sizes, statuses: [ACTIVE, ARCHIVED] }) { edges { node { id enterpriseSize } } pageInfo { hasNextPage endCursor } } }`,
      { sizes: [size], after },
    );
    for (const e of data.accounts.edges) {
      expect(e.node.enterpriseSize).toBe(size);
      ids.push(Buffer.from(e.node.id, 'base64').toString().split(':')[1]!);
    }
    if (!data.accounts.pageInfo.hasNextPage) return ids.sort();
    after = data.accounts.pageInfo.endCursor;
  }
}

describe('size filter', () => {
  it('matches exactly the accounts the classifier puts in each size', async () => {
    const all = await t.db.prisma.account.findMany();
    for (const size of ['LARGE', 'MEDIUM', 'SMALL'] as const) {
      const expected = all.filter((a) => classifyEnterpriseSize(a).size === size).map((a) => a.id).sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(await idsWithSize(size)).toEqual(expected);
    }
  });
});
