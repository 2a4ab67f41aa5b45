/**
 * Care moments on the agenda: every open moment not yet answered by a care
 * action, for the account's relationship owner, due `careResponseDays`
 * (option) after it was learned of. The item names the person, never the
 * kind of moment or its note: an agenda is read in passing.
 */
import type { AgendaContribution } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { careMomentEvents } from './care-moment-events.js';
import { careDueBy, DAY_MS } from './care-moment-model.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export const careMomentAgenda: AgendaContribution<RelationshipOptions> = {
  changedBy: [careMomentEvents.recorded, careMomentEvents.actionAdded, careMomentEvents.closed],
  async items(query, runtime) {
    const accounts = query.memberships.filter((m) => m.responsibility === 'RELATIONSHIP').map((m) => m.accountId);
    if (accounts.length === 0) return [];
    const days = runtime.options.careResponseDays;
    const now = runtime.now();
    const moments = await runtime.prisma.careMoment.findMany({
      where: {
        accountId: { in: accounts },
        closedAt: null,
        actions: { none: {} },
        // Due before the window ends (the overdue ones included).
        learnedAt: { lt: new Date(query.to.getTime() - days * DAY_MS) },
        person: { erasedAt: null },
      },
      select: { id: true, accountId: true, learnedAt: true, person: { select: { name: true, account: { select: { name: true } } } } },
      orderBy: [{ learnedAt: 'asc' }, { id: 'asc' }],
    });
    return moments.map((m) => {
      const dueAt = careDueBy(m.learnedAt, days);
      const who = `${m.person.name} of ${m.person.account.name}`;
      return {
        key: `care:${m.id}`,
        kind: 'relationship.care-moment-to-answer',
        title: `Show ${who} that you care`,
        accountId: m.accountId,
        responsibility: 'RELATIONSHIP' as const,
        staffId: null,
        dueAt,
        action:
          dueAt.getTime() < now.getTime()
            ? `Call, visit or write to ${m.person.name} today: a special moment learned of on ${isoDay(m.learnedAt)} is still unanswered`
            : `Call, visit or write to ${m.person.name} by ${isoDay(dueAt)} (a special moment learned of on ${isoDay(m.learnedAt)})`,
      };
    });
  },
};
