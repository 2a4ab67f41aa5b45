/**
 * What anniversaries put on the agenda: for an account's relationship owner,
 * each key person's anniversary coming within the window and the lead time,
 * until it has been honoured.
 */
import type { AgendaContribution } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { anniversaryEvents } from './anniversary-events.js';
import { dueOccurrences } from './anniversary-reminders.js';
import { DAY_MS } from './occurrence-dates.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export const anniversaryAgenda: AgendaContribution<RelationshipOptions> = {
  changedBy: [anniversaryEvents.upcoming, anniversaryEvents.honoured],
  async items(query, runtime) {
    const owned = query.memberships.filter((m) => m.responsibility === 'RELATIONSHIP').map((m) => m.accountId);
    if (owned.length === 0) return [];
    const now = runtime.now();
    const lead = Math.min(runtime.options.anniversaryLeadDays, Math.max(1, Math.ceil((query.to.getTime() - now.getTime()) / DAY_MS)));
    const due = (await dueOccurrences(runtime.prisma, now, lead, owned)).filter((d) => d.occursOn < query.to);
    if (due.length === 0) return [];
    const [honoured, people] = await Promise.all([
      runtime.prisma.anniversaryOccurrence.findMany({ where: { anniversaryId: { in: due.map((d) => d.anniversaryId) }, honour: { not: null } }, select: { anniversaryId: true, occursOn: true } }),
      runtime.prisma.person.findMany({ where: { id: { in: due.map((d) => d.personId) } }, select: { id: true, name: true, account: { select: { name: true } } } }),
    ]);
    const done = new Set(honoured.map((o) => `${o.anniversaryId}|${o.occursOn.toISOString()}`));
    const byId = new Map(people.map((p) => [p.id, p]));
    return due
      .filter((d) => !done.has(`${d.anniversaryId}|${d.occursOn.toISOString()}`))
      .map((d) => {
        const person = byId.get(d.personId);
        const who = person ? `${person.name} of ${person.account.name}` : 'a key person';
        return {
          key: `anniversary:${d.anniversaryId}:${isoDay(d.occursOn)}`,
          kind: 'relationship.anniversary-coming',
          // The title names no private detail: the agenda is shown to the whole team's view of the owner.
          title: `Anniversary of ${who} on ${isoDay(d.occursOn)}`,
          accountId: d.accountId,
          responsibility: 'RELATIONSHIP' as const,
          staffId: null,
          dueAt: d.occursOn,
          action: `Prepare greetings for ${who} for ${isoDay(d.occursOn)}, then record how it was honoured`,
        };
      });
  },
};
