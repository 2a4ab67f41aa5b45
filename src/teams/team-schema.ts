import { coreOf } from '../server/core-request.js';
import { TeamResponsibility } from '../generated/prisma-sqlite/enums.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import { idOf } from '../schema/global-id.js';
import { runMutation, type MutationErrorRefs } from '../schema/mutation-errors.js';

export function registerTeamSchema(builder: KamSchemaBuilder, { payload }: MutationErrorRefs) {
  const ResponsibilityEnum = builder.enumType(TeamResponsibility, {
    name: 'TeamResponsibility',
    description: 'Which of the three maintenance strategies the member carries for the account.',
  });

  const TeamMember = builder.prismaNode('AccountTeamMember', {
    id: { field: 'id' },
    // An unknown or deleted id resolves to null through node/nodes instead of failing.
    nullable: true,
    description: 'A staff member assigned to an account with one responsibility.',
    fields: (t) => ({
      account: t.relation('account'),
      staff: t.relation('staff'),
      responsibility: t.expose('responsibility', { type: ResponsibilityEnum }),
      isLiaison: t.exposeBoolean('isLiaison', {
        description: "The department's liaison for this account: first responsible for coordination and progress.",
      }),
      assignedAt: t.expose('assignedAt', { type: 'DateTime' }),
    }),
  });

  const TeamMemberPayload = payload('AccountTeamMemberPayload', 'teamMember', TeamMember);

  const AssignInput = builder.inputType('AssignTeamMemberInput', {
    fields: (t) => ({
      accountId: t.id({ required: true }),
      staffId: t.id({ required: true }),
      responsibility: t.field({ type: ResponsibilityEnum, required: true }),
      isLiaison: t.boolean(),
    }),
  });

  builder.mutationFields((t) => ({
    assignTeamMember: t.field({
      type: TeamMemberPayload,
      description: 'On key accounts: RELATIONSHIP needs top management, SALES middle management, and every member the minimum tenure.',
      args: { input: t.arg({ type: AssignInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('teamMember', async () => {
          const accountId = idOf(input.accountId, 'Account', ['input', 'accountId']);
          await ctx.access.authorizeAccount('Mutation.assignTeamMember', accountId, ['input', 'accountId']);
          const staffId = idOf(input.staffId, 'Staff', ['input', 'staffId']);
          await ctx.access.reference('Staff', staffId, ['input', 'staffId']);
          return coreOf(ctx).services.teams.assign({ ...input, accountId, staffId });
        }),
    }),
    unassignTeamMember: t.field({
      type: TeamMemberPayload,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx) =>
        runMutation('teamMember', async () => {
          const memberId = idOf(id, 'AccountTeamMember', ['id']);
          await ctx.access.authorizeRecord('Mutation.unassignTeamMember', 'AccountTeamMember', memberId, ['id']);
          return coreOf(ctx).services.teams.unassign(memberId);
        }),
    }),
  }));

  return { TeamMember, ResponsibilityEnum };
}
