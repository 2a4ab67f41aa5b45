/**
 * What visits put on the agenda: for an account's relationship owner, the
 * next qualifying visit once it falls due within the window (or is
 * overdue); for each staff member going, the visits planned in the window.
 */
import type { AgendaContribution, AgendaItem } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { loadCadences } from './visit-cadence-loader.js';
import { visitEvents } from './visit-events.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export const visitAgenda: AgendaContribution<RelationshipOptions> = {
  changedBy: [visitEvents.recorded, visitEvents.planned, visitEvents.completed, visitEvents.missed],
  async items(query, runtime) {
    const owned = query.memberships.filter((m) => m.responsibility === 'RELATIONSHIP').map((m) => m.accountId);
    const [cadences, planned] = await Promise.all([
      owned.length > 0 ? loadCadences(runtime.prisma, owned, runtime.now(), runtime.options) : new Map(),
      runtime.prisma.visit.findMany({
        where: { status: 'PLANNED', at: { gte: query.from, lt: query.to }, staff: { some: { staffId: query.staffId } }, account: { status: 'ACTIVE' } },
        select: { id: true, accountId: true, at: true, kind: true, account: { select: { name: true } } },
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
      }),
    ]);
    const names = new Map((await runtime.prisma.account.findMany({ where: { id: { in: [...cadences.keys()] } }, select: { id: true, name: true } })).map((a) => [a.id, a.name]));
    const items: AgendaItem[] = [];
    for (const c of cadences.values()) {
      if (c.dueBy >= query.to) continue;
      const name = names.get(c.accountId) ?? 'the account';
      items.push({
        key: `visit-due:${c.accountId}:${isoDay(c.dueBy)}`,
        kind: 'relationship.visit-due',
        title: c.overdue ? `Visit to ${name} is overdue` : `Visit to ${name} falls due`,
        accountId: c.accountId,
        responsibility: 'RELATIONSHIP',
        staffId: null,
        dueAt: c.dueBy,
        action:
          c.daysSince === null
            ? `Arrange a visit to a decision maker of ${name}: none in the last year`
            : `Arrange a visit to a decision maker of ${name}: the last qualifying visit was ${c.daysSince} days ago`,
      });
    }
    for (const v of planned) {
      items.push({
        key: `visit-planned:${v.id}`,
        kind: 'relationship.visit-planned',
        title: `Planned visit to ${v.account.name} on ${isoDay(v.at)}`,
        accountId: v.accountId,
        responsibility: 'RELATIONSHIP',
        staffId: query.staffId,
        dueAt: v.at,
        action: `Go to ${v.account.name} on ${isoDay(v.at)}, then record the visit as done`,
      });
    }
    return items;
  },
};
