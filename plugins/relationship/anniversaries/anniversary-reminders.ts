/**
 * The daily `anniversary-reminders` job: every anniversary of a key person
 * of an active account that comes round within `anniversaryLeadDays` gets
 * its occurrence row and `relationship.anniversary.upcoming`, exactly once.
 *
 * Once, across re-runs, restarts and instances: an occurrence is one row per
 * (anniversary, day), unique in the database, and it is announced by a
 * conditional update of `announcedAt` in the transaction of its event. Two
 * instances racing to create the same row: the loser's transaction fails on
 * the unique key and it reads again, finding the row already announced.
 */
import { isUniqueViolation, type Emit, type PluginRuntime, type Transaction } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { anniversaryEvents } from './anniversary-events.js';
import { DAY_MS, daysUntil, occurrencesBetween } from './occurrence-dates.js';

export const ANNIVERSARY_REMINDERS_JOB = 'anniversary-reminders';
const MAX_ATTEMPTS = 3;

interface Due {
  anniversaryId: string;
  personId: string;
  accountId: string;
  kind: 'BIRTHDAY' | 'COMPANY' | 'PERSONAL';
  occursOn: Date;
}

/** The occurrences of key persons' anniversaries within the lead time from `now`'s day. */
export async function dueOccurrences(prisma: PluginRuntime['prisma'], now: Date, leadDays: number, accountIds?: readonly string[]): Promise<Due[]> {
  const anniversaries = await prisma.personAnniversary.findMany({
    where: { person: { isKeyPerson: true, erasedAt: null, account: { status: 'ACTIVE', ...(accountIds && { id: { in: [...accountIds] } }) } } },
    select: { id: true, personId: true, kind: true, date: true, person: { select: { accountId: true } } },
    orderBy: { id: 'asc' },
  });
  const until = new Date(now.getTime() + leadDays * DAY_MS);
  return anniversaries.flatMap((a) =>
    occurrencesBetween(a.date, now, until).map((occursOn) => ({ anniversaryId: a.id, personId: a.personId, accountId: a.person.accountId, kind: a.kind, occursOn })),
  );
}

async function announce(tx: Transaction, emit: Emit, due: readonly Due[], now: Date): Promise<number> {
  let announced = 0;
  for (const d of due) {
    const key = { anniversaryId_occursOn: { anniversaryId: d.anniversaryId, occursOn: d.occursOn } };
    const row = (await tx.anniversaryOccurrence.findUnique({ where: key })) ?? (await tx.anniversaryOccurrence.create({ data: { anniversaryId: d.anniversaryId, personId: d.personId, accountId: d.accountId, occursOn: d.occursOn } }));
    if (row.announcedAt) continue;
    const claimed = await tx.anniversaryOccurrence.updateMany({ where: { id: row.id, announcedAt: null }, data: { announcedAt: now } });
    if (claimed.count === 0) continue;
    emit(anniversaryEvents.upcoming, d.accountId, {
      occurrenceId: row.id,
      anniversaryId: d.anniversaryId,
      personId: d.personId,
      kind: d.kind,
      occursOn: d.occursOn.toISOString(),
      daysAhead: daysUntil(d.occursOn, now),
    });
    announced += 1;
  }
  return announced;
}

/** Returns how many occurrences were announced. */
export async function remindAnniversaries(runtime: PluginRuntime<RelationshipOptions>): Promise<number> {
  const now = runtime.now();
  const due = await dueOccurrences(runtime.prisma, now, runtime.options.anniversaryLeadDays);
  if (due.length === 0) return 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const announced = await runtime.transaction((tx, emit) => announce(tx, emit, due, now));
      if (announced > 0) runtime.log(`${announced} anniversary reminder(s) announced`);
      return announced;
    } catch (error) {
      // Another instance created one of these occurrences meanwhile: read again, it is announced there.
      if (attempt < MAX_ATTEMPTS && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
