/**
 * MAN qualification: Money, Authority and Need, each rated with evidence.
 * Every assessment is kept; the newest is the account's current one, and it
 * is stale once older than `manFreshDays`. Pure rules, no database.
 */
import { ValidationError, z, type ManAssessment, type ManRating, type Viewer } from 'kam-graphql/plugin';

export type { ManAssessment, ManRating };

export const DAY_MS = 86_400_000;

export const MAN_RATINGS = ['CONFIRMED', 'PARTIAL', 'UNKNOWN', 'ABSENT'] as const satisfies readonly ManRating[];

/** Optional free text: trimmed, and empty means not known. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

export const assessQualificationInput = z.object({
  accountId: z.string().min(1),
  /** The staff member who assessed: the caller, or the one a service caller names. */
  assessorId: z.string().min(1),
  money: z.enum(MAN_RATINGS),
  moneyBudget: text(500),
  moneyEvidence: text(2000),
  authority: z.enum(MAN_RATINGS),
  authorityEvidence: text(2000),
  authorities: z
    .array(z.object({ personId: z.string().min(1), directTopRelationship: z.boolean() }))
    .max(50, 'must name at most 50 people')
    .nullish()
    .transform((v) => v ?? []),
  need: z.enum(MAN_RATINGS),
  needs: text(2000),
  needEvidence: text(2000),
  /** Defaults to now; never in the future. */
  assessedAt: z.date().nullish(),
});

export type AssessQualificationInput = z.input<typeof assessQualificationInput>;
export type AssessQualificationData = z.output<typeof assessQualificationInput>;

/** Whole days since the assessment (rounded down), as the stave counts them. */
export const ageInDays = (assessedAt: Date, now: Date) => Math.floor((now.getTime() - assessedAt.getTime()) / DAY_MS);

/** Stale once older than `manFreshDays` whole days. */
export const isStale = (assessedAt: Date, now: Date, manFreshDays: number) => ageInDays(assessedAt, now) > manFreshDays;

/** The position of the first repeat of each person named twice among the authorities. */
export function duplicateAuthorities(authorities: readonly { personId: string }[]): number[] {
  const seen = new Set<string>();
  const repeats: number[] = [];
  authorities.forEach((a, i) => {
    if (seen.has(a.personId)) repeats.push(i);
    seen.add(a.personId);
  });
  return repeats;
}

/**
 * Who assessed: a staff member assesses as themselves (naming anyone else is
 * refused); a service caller must name the staff member whose judgement it
 * records.
 */
export function assessorOf(viewer: Viewer, named: string | null | undefined): string {
  const path = ['input', 'assessorId'];
  if (viewer.kind === 'staff') {
    if (named != null && named !== viewer.staffId) {
      throw new ValidationError([{ path, message: 'a staff member assesses as themselves; only a service caller names the assessor' }]);
    }
    return viewer.staffId;
  }
  if (named == null) throw new ValidationError([{ path, message: 'is required for a service caller: the staff member who assessed' }]);
  return named;
}
