/**
 * A staff member's agenda: what every enabled plugin has due for them
 * (visits, anniversaries, collections, SLA deadlines...), kept to what is
 * theirs by the division of labour: items addressed to them, and items of
 * their responsibility on the accounts whose team they are on.
 */
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { AgendaItem, AgendaSource } from './agenda-item.js';

export interface MergedAgendaItem extends AgendaItem {
  plugin: string;
}

export interface Agenda {
  /** Items due before `to` (overdue ones whenever they fell due, the rest from `from` on), soonest first. */
  itemsFor(staffId: string, window: { from: Date; to: Date }): Promise<MergedAgendaItem[]>;
}

/** The agenda over the enabled plugins' sources (`agendaSourcesOf` in the plugin host). */
export function createAgenda(sources: readonly AgendaSource[], deps: { prisma: PrismaClient; now(): Date }): Agenda {
  return {
    async itemsFor(staffId, { from, to }) {
      if (sources.length === 0) return [];
      const memberships = await deps.prisma.accountTeamMember.findMany({
        where: { staffId, account: { status: 'ACTIVE' } },
        select: { accountId: true, responsibility: true },
      });
      const theirs = new Set(memberships.map((m) => `${m.accountId}\u0000${m.responsibility}`));
      const now = deps.now();
      const lists = await Promise.all(
        sources.map(async (source) => (await source.items({ staffId, memberships, from, to })).map((item) => ({ ...item, plugin: source.plugin }))),
      );
      return lists
        .flat()
        .filter((item) => (item.staffId === null ? theirs.has(`${item.accountId}\u0000${item.responsibility}`) : item.staffId === staffId))
        .filter((item) => item.dueAt < to && (item.dueAt >= from || item.dueAt < now))
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.plugin.localeCompare(b.plugin) || a.key.localeCompare(b.key));
    },
  };
}
