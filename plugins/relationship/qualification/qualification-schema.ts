/**
 * GraphQL for MAN qualification: the ManAssessment node,
 * `Account.qualification` (the current assessment, with whether it is
 * stale), `Account.qualificationHistory` (every assessment, newest first) and
 * the `assessQualification` mutation with typed errors. Resolvers decode ids,
 * check access and call the service.
 */
import {
  idOf,
  ManRating,
  relationConnection,
  runMutation,
  type KamSchemaBuilder,
  type PluginContext,
  type SchemaContribution,
  type SortKey,
} from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { assessmentAuthorities, currentAssessments, qualificationPeople, qualificationStaff, type ManAuthorityRow } from './qualification-loaders.js';
import { ageInDays, assessorOf, isStale } from './qualification-model.js';
import { createQualificationService } from './qualification-service.js';

export const ASSESS_QUALIFICATION = 'Mutation.assessQualification';

const NEWEST_FIRST: readonly SortKey[] = [
  { field: 'assessedAt', direction: 'desc' },
  { field: 'id', direction: 'desc' },
];

export function registerQualificationSchema(builder: KamSchemaBuilder, { options, core }: SchemaContribution<RelationshipOptions>) {
  const ManRatingEnum = builder.enumType(ManRating, {
    name: 'ManRating',
    description: 'How far one of Money, Authority or Need is established: CONFIRMED, PARTIAL, UNKNOWN or ABSENT.',
  });

  const ManAuthority = builder.objectRef<ManAuthorityRow>('ManAuthority').implement({
    description: 'A person of the account who holds decision authority, as assessed (relationship plugin).',
    fields: (t) => ({
      person: t.field({
        type: core.Person,
        nullable: true,
        description: 'Null once the person is removed.',
        resolve: (a, _args, ctx) => qualificationPeople(ctx).load(a.personId),
      }),
      directTopRelationship: t.exposeBoolean('directTopRelationship', {
        description: 'Whether our top management has a direct relationship with this person.',
      }),
    }),
  });

  const ManAssessment = builder.prismaNode('ManAssessment', {
    id: { field: 'id' },
    nullable: true,
    description: 'A MAN assessment of an account: Money, Authority, Need, each rated with evidence (relationship plugin).',
    fields: (t) => ({
      account: t.relation('account'),
      money: t.expose('money', { type: ManRatingEnum }),
      moneyBudget: t.exposeString('moneyBudget', { nullable: true, description: 'Budget capacity, in words.' }),
      moneyEvidence: t.exposeString('moneyEvidence', { nullable: true }),
      authority: t.expose('authority', { type: ManRatingEnum, description: 'The most important of the three.' }),
      authorityEvidence: t.exposeString('authorityEvidence', { nullable: true }),
      authorities: t.field({
        type: [ManAuthority],
        description: 'Who holds decision authority, as assessed.',
        resolve: (a, _args, ctx) => assessmentAuthorities(ctx).load(a.id),
      }),
      need: t.expose('need', { type: ManRatingEnum }),
      needs: t.exposeString('needs', { nullable: true, description: 'The needs the account stated.' }),
      needEvidence: t.exposeString('needEvidence', { nullable: true }),
      assessedAt: t.expose('assessedAt', { type: 'DateTime' }),
      assessedBy: t.field({
        type: core.Staff,
        description: 'The staff member who assessed.',
        resolve: async (a, _args, ctx) => (await qualificationStaff(ctx).load(a.assessedById))!,
      }),
      ageDays: t.int({
        description: 'Whole days since the assessment.',
        resolve: (a, _args, ctx) => ageInDays(a.assessedAt, ctx.now()),
      }),
      stale: t.boolean({
        description: 'Older than the freshness period (option manFreshDays): time to reassess.',
        resolve: (a, _args, ctx) => isStale(a.assessedAt, ctx.now(), options.manFreshDays),
      }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
    }),
  });

  builder.prismaObjectField(core.Account, 'qualification', (t) =>
    t.field({
      type: ManAssessment,
      nullable: true,
      description: 'The current MAN assessment (the newest), or null when the account was never assessed (relationship plugin).',
      resolve: (account, _args, ctx) => currentAssessments(ctx).load(account.id),
    }),
  );

  builder.objectField(core.Account, 'qualificationHistory', (t) =>
    relationConnection(t, {
      type: ManAssessment,
      model: 'ManAssessment',
      foreignKey: 'accountId',
      totalCount: true,
      description: 'Every MAN assessment of the account, newest first (relationship plugin).',
      order: () => NEWEST_FIRST,
    }),
  );

  const ManAuthorityInput = builder.inputType('ManAuthorityInput', {
    fields: (t) => ({
      personId: t.id({ required: true, description: 'A person of the assessed account, named once.' }),
      directTopRelationship: t.boolean({ required: true, description: 'Whether our top management has a direct relationship with them.' }),
    }),
  });

  const AssessQualificationInput = builder.inputType('AssessQualificationInput', {
    fields: (t) => ({
      accountId: t.id({ required: true }),
      assessorId: t.id({
        description: 'The staff member who assessed: required of a service caller; a staff member assesses as themselves (omit it, or name yourself).',
      }),
      money: t.field({ type: ManRatingEnum, required: true }),
      moneyBudget: t.string({ description: 'Budget capacity, in words (for example "CNY 2-3 million a year for tooling").' }),
      moneyEvidence: t.string(),
      authority: t.field({ type: ManRatingEnum, required: true }),
      authorityEvidence: t.string(),
      authorities: t.field({ type: [ManAuthorityInput], description: 'The people holding decision authority.' }),
      need: t.field({ type: ManRatingEnum, required: true }),
      needs: t.string({ description: 'The needs the account stated.' }),
      needEvidence: t.string(),
      assessedAt: t.field({ type: 'DateTime', description: 'Defaults to now; never in the future.' }),
    }),
  });

  const AssessQualificationPayload = core.errors.payload('AssessQualificationPayload', 'assessment', ManAssessment);

  const service = (ctx: PluginContext) => createQualificationService({ transaction: ctx.transaction, now: ctx.now, options });

  builder.mutationFields((t) => ({
    assessQualification: t.field({
      type: AssessQualificationPayload,
      description: "Records a MAN assessment of an account by the caller (or, for a service caller, the named staff member); earlier ones are kept as history.",
      args: { input: t.arg({ type: AssessQualificationInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('assessment', async () => {
          const accountId = idOf(input.accountId, 'Account', ['input', 'accountId']);
          await ctx.access.authorizeAccount(ASSESS_QUALIFICATION, accountId, ['input', 'accountId']);
          const authorities: { personId: string; directTopRelationship: boolean }[] = [];
          for (const [i, a] of (input.authorities ?? []).entries()) {
            const path = ['input', 'authorities', String(i), 'personId'];
            const personId = idOf(a.personId, 'Person', path);
            // A person one cannot see is "not found", exactly like one that does not exist.
            await ctx.access.reference('Person', personId, path);
            authorities.push({ personId, directTopRelationship: a.directTopRelationship });
          }
          let named: string | null = null;
          if (input.assessorId != null) {
            named = idOf(input.assessorId, 'Staff', ['input', 'assessorId']);
            await ctx.access.reference('Staff', named, ['input', 'assessorId']);
          }
          return service(ctx).assess({ ...input, accountId, assessorId: assessorOf(ctx.viewer, named), authorities });
        }),
    }),
  }));

  return { ManAssessment, ManRatingEnum };
}
