/**
 * Reading stored health: parsing AccountHealth rows and a per-request
 * DataLoader so a page of accounts costs one statement, not one per account.
 */
import DataLoader from 'dataloader';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { StoredHealth, StoredStave } from './health-types.js';

export type HealthRow = Awaited<ReturnType<PrismaClient['accountHealth']['findMany']>>[number];

export function parseHealthRow(row: HealthRow): StoredHealth {
  return {
    accountId: row.accountId,
    score: row.score,
    level: row.level,
    shortestStaves: JSON.parse(row.shortestStaves) as string[],
    staves: JSON.parse(row.staves) as StoredStave[],
    computedAt: row.computedAt,
    cause: row.cause,
  };
}

/** Bounds `in` lists so no database's parameter limit is ever reached. */
export const HEALTH_READ_CHUNK = 500;

/** Stored health by account id; one statement per 500 ids. Accounts never computed are absent. */
export async function loadHealth(prisma: PrismaClient, accountIds: readonly string[]): Promise<Map<string, StoredHealth>> {
  const result = new Map<string, StoredHealth>();
  const ids = [...new Set(accountIds)];
  for (let i = 0; i < ids.length; i += HEALTH_READ_CHUNK) {
    const rows = await prisma.accountHealth.findMany({ where: { accountId: { in: ids.slice(i, i + HEALTH_READ_CHUNK) } } });
    for (const row of rows) result.set(row.accountId, parseHealthRow(row));
  }
  return result;
}

export type HealthLoader = DataLoader<string, StoredHealth | null>;

/**
 * Loader of stored health by account id. Create one per request: it caches,
 * so a long-lived one would serve stale health.
 */
export function createHealthLoader(prisma: PrismaClient): HealthLoader {
  return new DataLoader<string, StoredHealth | null>(
    async (ids) => {
      const found = await loadHealth(prisma, ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: HEALTH_READ_CHUNK },
  );
}
