/**
 * The relationship plugin's options, as given under `options` in
 * kam.config.json; validated at boot, so a typo stops the boot naming it.
 */
import { z } from 'kam-graphql/plugin';

const staffLevel = z.enum(['TOP', 'MIDDLE', 'FRONTLINE']);
const decisionRole = z.enum(['DECISION_MAKER', 'INFLUENCER', 'USER', 'GATEKEEPER', 'OTHER']);

/**
 * One tier's visit cadence: within every `periodDays`, at least one DONE
 * visit by a staff member of one of `staffLevels` (their level at the visit)
 * meeting a person of one of `decisionRoles` (their role at the visit).
 */
export const cadencePolicySchema = z.strictObject({
  periodDays: z.number().int().min(1).max(366),
  staffLevels: z.array(staffLevel).min(1),
  decisionRoles: z.array(decisionRole).min(1),
});

export const relationshipOptionsSchema = z.strictObject({
  cadence: z
    .strictObject({
      /** Key accounts: a top-level visit to a top decision maker every month. */
      key: cadencePolicySchema.default({ periodDays: 30, staffLevels: ['TOP'], decisionRoles: ['DECISION_MAKER'] }),
      /**
       * General accounts: none by default (key-account management is about the key accounts), or a
       * lighter rhythm, for example { periodDays: 90, staffLevels: ['TOP', 'MIDDLE'], decisionRoles: ['DECISION_MAKER', 'INFLUENCER'] }.
       */
      general: cadencePolicySchema.nullable().default(null),
    })
    // Parsed, so an empty `cadence: {}` and no `cadence` at all both get each tier's default.
    .prefault({}),
  /** Days an open care moment may go without a care action before it is overdue. */
  careResponseDays: z.number().int().min(0).max(60).default(3),
  /** How far ahead anniversaries are announced and listed as upcoming. */
  anniversaryLeadDays: z.number().int().min(1).max(90).default(14),
  /** Every person with decision authority should have been met by top management within this many days. */
  coveragePeriodDays: z.number().int().min(1).max(366).default(90),
  /** A MAN assessment older than this is stale. */
  manFreshDays: z.number().int().min(1).max(730).default(180),
  /** A planned visit this many days past its date without being recorded done becomes MISSED (daily job). */
  missedAfterDays: z.number().int().min(0).max(60).default(2),
});

export type RelationshipOptions = z.output<typeof relationshipOptionsSchema>;
export type CadencePolicy = z.output<typeof cadencePolicySchema>;

export const DEFAULT_OPTIONS: RelationshipOptions = relationshipOptionsSchema.parse({});
