/**
 * Recording how the SME marked an anniversary (a greeting, a gift, a visit,
 * or NONE: it let it pass), so that missed ones count. One row per
 * occurrence; honouring again corrects it. Plain TypeScript, no GraphQL.
 */
import { NotFoundError, parseInput, RuleViolationError, ValidationError, z, type AnniversaryOccurrence, type RunInTransaction } from 'kam-graphql/plugin';
import { anniversaryEvents } from './anniversary-events.js';
import { DAY_MS, lastOccurrence, occurrencesBetween, startOfUtcDay } from './occurrence-dates.js';

export const honourInput = z.object({
  anniversaryId: z.string().min(1),
  occursOn: z.date().nullish(),
  honour: z.enum(['GREETING', 'GIFT', 'VISIT', 'NONE']),
  note: z.string().trim().max(1000).nullish().transform((v) => (v ? v : null)),
});
export type HonourInput = z.input<typeof honourInput>;

export interface HonourServiceDeps {
  transaction: RunInTransaction;
  now: () => Date;
  leadDays: number;
  /** The staff member recording (null for a service caller). */
  honouredById: string | null;
}

export function createHonourService(deps: HonourServiceDeps) {
  return {
    /**
     * Records how an occurrence was honoured. `occursOn` defaults to the one
     * coming within the lead time, else the latest that has passed; it must
     * be a day the anniversary falls on, not beyond the lead time.
     */
    async honour(input: HonourInput): Promise<AnniversaryOccurrence> {
      const data = parseInput(honourInput, input);
      const now = deps.now();
      return deps.transaction(async (tx, emit) => {
        const anniversary = await tx.personAnniversary.findUnique({
          where: { id: data.anniversaryId },
          select: { id: true, kind: true, date: true, personId: true, person: { select: { accountId: true, erasedAt: true } } },
        });
        if (!anniversary || anniversary.person.erasedAt) throw new NotFoundError('PersonAnniversary', data.anniversaryId, ['input', 'anniversaryId']);
        const horizon = new Date(now.getTime() + deps.leadDays * DAY_MS);
        let occursOn: Date | null;
        if (data.occursOn) {
          if (Number.isNaN(data.occursOn.getTime())) throw new ValidationError([{ path: ['input', 'occursOn'], message: 'is not a valid date' }]);
          const day = startOfUtcDay(data.occursOn);
          if (day > horizon) throw new ValidationError([{ path: ['input', 'occursOn'], message: 'is further ahead than the lead time (option anniversaryLeadDays)' }]);
          if (occurrencesBetween(anniversary.date, day, day).length === 0) {
            throw new ValidationError([{ path: ['input', 'occursOn'], message: 'is not a day this anniversary falls on' }]);
          }
          occursOn = day;
        } else {
          occursOn = occurrencesBetween(anniversary.date, now, horizon)[0] ?? lastOccurrence(anniversary.date, now);
          if (!occursOn) throw new RuleViolationError('ANNIVERSARY_NOT_YET', 'this anniversary has not come round yet');
        }
        const values = { honour: data.honour, note: data.note, honouredAt: now, honouredById: deps.honouredById };
        const occurrence = await tx.anniversaryOccurrence.upsert({
          where: { anniversaryId_occursOn: { anniversaryId: anniversary.id, occursOn } },
          create: { anniversaryId: anniversary.id, personId: anniversary.personId, accountId: anniversary.person.accountId, occursOn, ...values },
          update: values,
        });
        emit(anniversaryEvents.honoured, anniversary.person.accountId, {
          occurrenceId: occurrence.id,
          anniversaryId: anniversary.id,
          personId: anniversary.personId,
          kind: anniversary.kind,
          occursOn: occursOn.toISOString(),
          honour: data.honour,
        });
        return occurrence;
      });
    },
  };
}
