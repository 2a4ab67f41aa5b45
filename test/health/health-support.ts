/** Test staves and helpers for the health engine suites. */
import type { PrismaClient } from '../../src/generated/prisma-sqlite/client.js';
import { HealthEngine, type HealthChangedMessage, type HealthEngineOptions } from '../../src/health/health-engine.js';
import type { StaveDefinition, StaveFactor, StaveScore } from '../../src/health/stave.js';
import { createInProcessPubSub, type KamPubSub } from '../../src/server/pubsub.js';

export const T0 = new Date('2025-07-01T00:00:00.000Z');
export const DAY = 86_400_000;

/**
 * A stave whose scores the test sets: `scores.set(accountId, 55)`. Accounts
 * not in the map are left out (they count as 100). Each score comes with two
 * factors so next best actions have something to rank.
 */
export function controlledStave(id: string, scores: Map<string, number>, calls?: { ids: readonly string[] }[]): StaveDefinition {
  return {
    id,
    label: `${id[0]}${id.slice(1).toLowerCase()}`,
    async compute(accountIds) {
      calls?.push({ ids: accountIds });
      const result = new Map<string, StaveScore>();
      for (const accountId of accountIds) {
        const score = scores.get(accountId);
        if (score === undefined) continue;
        const factors: StaveFactor[] = [
          { key: `${id.toLowerCase()}-main`, label: 'Main', score, weight: 3, reason: `main is ${score}`, suggestedAction: score < 100 ? `fix ${id} main` : null },
          { key: `${id.toLowerCase()}-side`, label: 'Side', score: 100, weight: 1, reason: 'fine', suggestedAction: null },
        ];
        result.set(accountId, { score, factors });
      }
      return result;
    },
  };
}

/**
 * A time-based stave: one query per batch (the accounts' createdAt), and the
 * score drops 2 points a day since creation, down to 0 at 50 days.
 */
export const AGE_STAVE: StaveDefinition = {
  id: 'AGE',
  label: 'Relationship age',
  async compute(accountIds, { prisma, now }) {
    const rows = await prisma.account.findMany({ where: { id: { in: [...accountIds] } }, select: { id: true, createdAt: true } });
    return new Map(
      rows.map((row) => {
        const days = Math.floor((now.getTime() - row.createdAt.getTime()) / DAY);
        const score = Math.max(0, Math.min(100, 100 - 2 * days));
        const factor: StaveFactor = {
          key: 'days-since-contact',
          label: 'Days since contact',
          score,
          weight: 1,
          reason: `${days} days since the last contact`,
          suggestedAction: score < 100 ? 'Visit the top management' : null,
        };
        return [row.id, { score, factors: [factor] }];
      }),
    );
  },
};

/** An in-process pub/sub that also records every health message published. */
export function recordingPubSub(): { pubsub: KamPubSub; published: HealthChangedMessage[] } {
  const pubsub = createInProcessPubSub();
  const published: HealthChangedMessage[] = [];
  const publish = pubsub.publish.bind(pubsub);
  pubsub.publish = ((topic: string, ...args: unknown[]) => {
    if (topic === 'health:accountChanged') published.push(args[0] as HealthChangedMessage);
    return (publish as (t: string, ...a: unknown[]) => void)(topic, ...args);
  }) as KamPubSub['publish'];
  return { pubsub, published };
}

export function makeEngine(prisma: PrismaClient, options: Partial<HealthEngineOptions> & { clock?: { now: Date } } = {}) {
  const { pubsub, published } = recordingPubSub();
  const clock = options.clock ?? { now: T0 };
  const engine = new HealthEngine({ prisma, pubsub, now: () => clock.now, staves: [], ...options });
  return { engine, pubsub: options.pubsub ?? pubsub, published, clock };
}

export function accountRows(n: number, options: { prefix?: string; createdAt?: Date; status?: 'ACTIVE' | 'ARCHIVED'; start?: number } = {}) {
  const prefix = options.prefix ?? 'a';
  return Array.from({ length: n }, (_, i) => {
    const k = String((options.start ?? 0) + i).padStart(6, '0');
    return {
      id: `${prefix}${k}`,
      name: `Account ${k}`,
      searchName: `account ${k}`,
      industry: 'INDUSTRIAL' as const,
      tier: 'KEY' as const,
      status: options.status ?? ('ACTIVE' as const),
      createdAt: options.createdAt ?? T0,
    };
  });
}

export async function createAccounts(prisma: PrismaClient, n: number, options: Parameters<typeof accountRows>[1] = {}): Promise<string[]> {
  const rows = accountRows(n, options);
  await prisma.account.createMany({ data: rows });
  return rows.map((r) => r.id);
}
