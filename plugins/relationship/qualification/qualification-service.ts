/**
 * MAN assessments, in plain TypeScript (no GraphQL): validate, check the
 * account, the assessor and the people named, then write the assessment and
 * its authorities in one transaction with its event. A rejected assessment
 * writes nothing. The same service serves GraphQL (the request's
 * transaction), handlers and jobs (the runtime's).
 */
import {
  NotFoundError,
  parseInput,
  RuleViolationError,
  ValidationError,
  type FieldIssue,
  type ManAssessment,
  type RunInTransaction,
} from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { qualificationEvents } from './qualification-events.js';
import { assessQualificationInput, duplicateAuthorities, type AssessQualificationInput } from './qualification-model.js';

export interface QualificationServiceDeps {
  transaction: RunInTransaction;
  now: () => Date;
  options: Pick<RelationshipOptions, 'manFreshDays'>;
}

export function createQualificationService(deps: QualificationServiceDeps) {
  return {
    /**
     * Records a MAN assessment of an active account by a staff member who has
     * not left, naming only people of that account, each once. Earlier
     * assessments stay as history; this one becomes the current one.
     */
    async assess(input: AssessQualificationInput): Promise<ManAssessment> {
      const data = parseInput(assessQualificationInput, input);
      const now = deps.now();
      const assessedAt = data.assessedAt ?? now;
      const issues: FieldIssue[] = [];
      if (Number.isNaN(assessedAt.getTime())) issues.push({ path: ['input', 'assessedAt'], message: 'is not a valid date' });
      else if (assessedAt.getTime() > now.getTime()) issues.push({ path: ['input', 'assessedAt'], message: 'must not be in the future' });
      for (const i of duplicateAuthorities(data.authorities)) {
        issues.push({ path: ['input', 'authorities', String(i), 'personId'], message: 'names a person already listed' });
      }
      if (issues.length > 0) throw new ValidationError(issues);

      return deps.transaction(async (tx, emit) => {
        const account = await tx.account.findUnique({ where: { id: data.accountId }, select: { id: true, status: true } });
        if (!account) throw new NotFoundError('Account', data.accountId, ['input', 'accountId']);
        if (account.status === 'ARCHIVED') {
          throw new RuleViolationError('ACCOUNT_ARCHIVED', `account ${account.id} is archived; restore it before assessing it`);
        }
        const assessor = await tx.staff.findUnique({ where: { id: data.assessorId }, select: { id: true, name: true, leftAt: true } });
        if (!assessor) throw new NotFoundError('Staff', data.assessorId, ['input', 'assessorId']);
        if (assessor.leftAt && assessor.leftAt.getTime() <= now.getTime()) {
          throw new RuleViolationError('ASSESSOR_DEPARTED', `${assessor.name} left on ${assessor.leftAt.toISOString().slice(0, 10)} and can no longer assess accounts`);
        }

        const personIds = data.authorities.map((a) => a.personId);
        const people = personIds.length
          ? await tx.person.findMany({ where: { id: { in: personIds } }, select: { id: true, accountId: true, erasedAt: true } })
          : [];
        const byId = new Map(people.map((p) => [p.id, p]));
        const wrong: FieldIssue[] = [];
        data.authorities.forEach((a, i) => {
          const path = ['input', 'authorities', String(i), 'personId'];
          const person = byId.get(a.personId);
          if (!person) throw new NotFoundError('Person', a.personId, path);
          if (person.accountId !== data.accountId) wrong.push({ path, message: 'must be a person of the assessed account' });
          else if (person.erasedAt) wrong.push({ path, message: 'names an erased person' });
        });
        if (wrong.length > 0) throw new ValidationError(wrong);

        const assessment = await tx.manAssessment.create({
          data: {
            accountId: data.accountId,
            money: data.money,
            moneyBudget: data.moneyBudget,
            moneyEvidence: data.moneyEvidence,
            authority: data.authority,
            authorityEvidence: data.authorityEvidence,
            need: data.need,
            needs: data.needs,
            needEvidence: data.needEvidence,
            assessedById: assessor.id,
            assessedAt,
            authorities: { create: data.authorities.map((a) => ({ personId: a.personId, directTopRelationship: a.directTopRelationship })) },
          },
        });
        emit(qualificationEvents.assessed, data.accountId, {
          assessmentId: assessment.id,
          money: assessment.money,
          authority: assessment.authority,
          need: assessment.need,
          assessedAt: assessedAt.toISOString(),
          assessedById: assessor.id,
          authorityPersonIds: personIds,
        });
        return assessment;
      });
    },
  };
}

export type QualificationService = ReturnType<typeof createQualificationService>;
