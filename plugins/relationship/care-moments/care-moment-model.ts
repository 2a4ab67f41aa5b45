/**
 * Care at special moments: the rules, in plain TypeScript. A moment is
 * learned of at `learnedAt`; it should be answered by a care action within
 * `careResponseDays` (option), and it stays open until closed. Overdue means
 * open, never answered, and past that response time: the same rule the
 * RELATIONSHIP stave's `care-moments` factor scores.
 */
import { CareActionKind, CareMomentKind, z } from 'kam-graphql/plugin';

export const DAY_MS = 86_400_000;

/** Free text kept about a moment or an action. */
const TEXT_MAX = 2000;

export const recordCareMomentInput = z.object({
  personId: z.string().min(1),
  kind: z.enum(CareMomentKind),
  learnedAt: z.date(),
  note: z
    .string()
    .trim()
    .max(TEXT_MAX)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type RecordCareMomentInput = z.input<typeof recordCareMomentInput>;

export const addCareActionInput = z.object({
  momentId: z.string().min(1),
  kind: z.enum(CareActionKind),
  note: z.string().trim().min(1, 'must not be empty').max(TEXT_MAX),
  /** Defaults to the caller when the caller is staff. */
  byStaffId: z.string().min(1).nullish(),
  /** Defaults to now. */
  at: z.date().nullish(),
});
export type AddCareActionInput = z.input<typeof addCareActionInput>;

export const closeCareMomentInput = z.object({
  id: z.string().min(1),
  closingNote: z
    .string()
    .trim()
    .max(TEXT_MAX)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type CloseCareMomentInput = z.input<typeof closeCareMomentInput>;

/** When the first care action is due: `careResponseDays` after the moment was learned of. */
export function careDueBy(learnedAt: Date, careResponseDays: number): Date {
  return new Date(learnedAt.getTime() + careResponseDays * DAY_MS);
}

export interface CareState {
  learnedAt: Date;
  closedAt: Date | null;
  /** When the first care action was shown; null while none was. */
  firstActionAt: Date | null;
}

/** Open, no care action shown, and more than `careResponseDays` since it was learned of. */
export function isCareOverdue(moment: CareState, now: Date, careResponseDays: number): boolean {
  return moment.closedAt === null && moment.firstActionAt === null && now.getTime() > careDueBy(moment.learnedAt, careResponseDays).getTime();
}

/** Readable words for an enum value: LOW_MOOD -> "low mood". */
export const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');
