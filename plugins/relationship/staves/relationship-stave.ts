/**
 * The RELATIONSHIP stave: how well the SME keeps its key-person
 * relationships with the account, from the factors in ./factors:
 *
 *  | factor                  | weight | key accounts | general accounts                  |
 *  |-------------------------|--------|--------------|-----------------------------------|
 *  | visit-cadence           | 6      | yes          | when `cadence.general` is set     |
 *  | decision-maker-coverage | 2      | yes          | when `cadence.general` is set     |
 *  | care-moments            | 3      | yes          | yes                               |
 *  | man-qualification       | 2      | yes          | once the account has been assessed |
 *  | dossier-completeness    | 1      | yes          | once it has key persons           |
 *  | anniversaries           | 1      | when key persons have anniversaries in the window |
 *
 * The score is the weighted mean, except that while the visit cadence is
 * overdue it is at most the cadence factor's score: the monthly top-level
 * visit is the strategy's first obligation, and a good dossier does not make
 * up for a missed visit. Time comes from ctx.now only, so an unvisited
 * account sinks day by day with the engine's periodic pass.
 */
import { weightedScore, type StaveContext, type StaveDefinition, type StaveFactor, type StaveScore } from 'kam-graphql/plugin';
import { DEFAULT_OPTIONS, type RelationshipOptions } from '../options.js';
import { anniversariesFactor } from './factors/anniversaries.js';
import { careFactor } from './factors/care.js';
import { decisionMakerCoverageFactor } from './factors/decision-maker-coverage.js';
import { dossierCompletenessFactor } from './factors/dossier-completeness.js';
import { qualificationFactor } from './factors/qualification.js';
import { visitCadenceFactor } from './factors/visit-cadence.js';
import { loadStaveBatch, type AccountRelationshipFacts } from './stave-batch.js';
import { policyFor } from '../visits/visit-rules.js';

export const RELATIONSHIP_STAVE_ID = 'RELATIONSHIP';

export const FACTOR_WEIGHTS = { visitCadence: 6, decisionMakerCoverage: 2, care: 3, qualification: 2, dossier: 1, anniversaries: 1 } as const;

export function scoreRelationship(facts: AccountRelationshipFacts, options: RelationshipOptions, now: Date): StaveScore {
  const key = facts.account.tier === 'KEY';
  const policy = policyFor(facts.account.tier, options);
  const factors: StaveFactor[] = [];
  const cadence = policy ? visitCadenceFactor(facts, policy, now, FACTOR_WEIGHTS.visitCadence) : null;
  if (cadence) {
    const { overdue: _overdue, ...factor } = cadence;
    factors.push(factor);
  }
  if (policy) factors.push(decisionMakerCoverageFactor(facts, policy, options.coveragePeriodDays, now, FACTOR_WEIGHTS.decisionMakerCoverage));
  factors.push(careFactor(facts, options.careResponseDays, now, FACTOR_WEIGHTS.care));
  if (key || facts.assessment) factors.push(qualificationFactor(facts, options.manFreshDays, now, FACTOR_WEIGHTS.qualification));
  if (key || facts.people.some((p) => p.isKeyPerson)) factors.push(dossierCompletenessFactor(facts, FACTOR_WEIGHTS.dossier));
  const anniversaries = anniversariesFactor(facts, now, FACTOR_WEIGHTS.anniversaries);
  if (anniversaries) factors.push(anniversaries);
  const mean = weightedScore(factors);
  return { score: cadence?.overdue ? Math.min(mean, cadence.score) : mean, factors };
}

export const relationshipStave: StaveDefinition<RelationshipOptions> = {
  id: RELATIONSHIP_STAVE_ID,
  label: 'Key-person relationship',
  async compute(accountIds: readonly string[], ctx: StaveContext<RelationshipOptions>): Promise<Map<string, StaveScore>> {
    const scores = new Map<string, StaveScore>();
    if (accountIds.length === 0) return scores;
    const options = ctx.options ?? DEFAULT_OPTIONS;
    const batch = await loadStaveBatch(ctx.prisma, accountIds, ctx.now, options);
    for (const [accountId, facts] of batch) scores.set(accountId, scoreRelationship(facts, options, ctx.now));
    return scores;
  },
};
