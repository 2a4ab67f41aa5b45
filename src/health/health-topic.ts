/**
 * Live health: each change is published on `health:accountChanged` under the
 * id of the history row that records it, and read back from that history
 * when a subscriber missed it or resumes.
 */
import type { LiveTopic } from '../live/live-topic.js';
import { HEALTH_CHANGED_TOPIC, type HealthChangedMessage } from './health-types.js';

type ChangeRow = {
  id: number;
  accountId: string;
  score: number;
  level: HealthChangedMessage['current']['level'];
  previousScore: number | null;
  previousLevel: HealthChangedMessage['current']['level'] | null;
  previousShortestStaves: string | null;
  previousComputedAt: Date | null;
  shortestStaves: string;
  cause: string;
  causeEventId: number | null;
  computedAt: Date;
};

/** The message a stored change was published as. */
export function messageOfChange(row: ChangeRow): HealthChangedMessage {
  return {
    seq: row.id,
    accountId: row.accountId,
    previous:
      row.previousScore === null || row.previousLevel === null
        ? null
        : {
            score: row.previousScore,
            level: row.previousLevel,
            // Changes stored before these columns existed replay without them.
            shortestStaves: JSON.parse(row.previousShortestStaves ?? '[]') as string[],
            computedAt: (row.previousComputedAt ?? row.computedAt).toISOString(),
          },
    current: { score: row.score, level: row.level, shortestStaves: JSON.parse(row.shortestStaves) as string[], computedAt: row.computedAt.toISOString() },
    cause: row.causeEventId === null ? { name: row.cause } : { name: row.cause, eventId: row.causeEventId },
  };
}

export const healthChangedTopic: LiveTopic<HealthChangedMessage> = {
  name: HEALTH_CHANGED_TOPIC,
  accountOf: (message) => message.accountId,
  async replay(prisma, after, limit) {
    const rows = await prisma.accountHealthChange.findMany({
      where: { id: { gt: after } },
      orderBy: { id: 'asc' },
      take: limit,
      omit: { staves: true },
    });
    return rows.map(messageOfChange);
  },
  async head(prisma) {
    return (await prisma.accountHealthChange.aggregate({ _max: { id: true } }))._max.id ?? 0;
  },
};
