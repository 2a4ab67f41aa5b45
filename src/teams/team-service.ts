import { z } from 'zod';
import type { AccountTeamMember } from '../generated/prisma-sqlite/client.js';
import { teamEvents } from './team-events.js';
import { ConflictError, NotFoundError, RuleViolationError } from '../errors/domain-errors.js';
import { translatePrismaError } from '../errors/prisma-errors.js';
import { parseInput } from '../errors/validate.js';
import type { ServiceDeps } from '../service-deps.js';
import { assertActive, loadAccount } from '../accounts/account-service.js';
import { loadStaff } from '../staff/staff-service.js';
import { teamRuleViolations } from './team-rules.js';


export const assignTeamMemberInput = z.object({
  accountId: z.string().min(1),
  staffId: z.string().min(1),
  responsibility: z.enum(['RELATIONSHIP', 'SALES', 'SERVICE']),
  isLiaison: z.boolean().nullish(),
});

export type AssignTeamMemberInput = z.input<typeof assignTeamMemberInput>;

export function createTeamService(deps: ServiceDeps) {
  const run = deps.transaction;

  return {
    assign(input: AssignTeamMemberInput): Promise<AccountTeamMember> {
      const data = parseInput(assignTeamMemberInput, input);
      return run(async (tx, emit) => {
        const account = await loadAccount(tx, data.accountId);
        assertActive(account);
        const staff = await loadStaff(tx, data.staffId);
        if (staff.leftAt && staff.leftAt <= deps.now()) {
          throw new RuleViolationError('STAFF_LEFT', `${staff.name} left the SME on ${staff.leftAt.toISOString().slice(0, 10)}`);
        }
        const violations = teamRuleViolations(
          { tier: account.tier, responsibility: data.responsibility, staffLevel: staff.level, hireDate: staff.hireDate, now: deps.now() },
          deps.rules,
        );
        if (violations.length > 0) {
          throw new RuleViolationError(violations[0]!.rule, violations.map((v) => v.message).join('; '));
        }
        if (data.isLiaison) {
          // One liaison per department per account: the person first responsible for coordination.
          const existing = await tx.accountTeamMember.findFirst({
            where: { accountId: account.id, isLiaison: true, staff: { department: staff.department } },
            include: { staff: true },
          });
          if (existing && existing.staffId !== staff.id) {
            throw new ConflictError(
              `${existing.staff.name} is already the ${staff.department} liaison for ${account.name}`,
              ['input', 'isLiaison'],
            );
          }
        }
        const member = await tx.accountTeamMember
          .create({
            data: {
              accountId: account.id,
              staffId: staff.id,
              responsibility: data.responsibility,
              isLiaison: data.isLiaison ?? false,
              assignedAt: deps.now(),
            },
          })
          .catch((e) =>
            translatePrismaError(e, `${staff.name} already has ${data.responsibility} on ${account.name}`, ['input', 'responsibility']),
          );
        emit(teamEvents.assigned, account.id, { teamMemberId: member.id, staffId: staff.id, responsibility: member.responsibility });
        return member;
      });
    },

    unassign(id: string): Promise<AccountTeamMember> {
      return run(async (tx, emit) => {
        const member = await tx.accountTeamMember.findUnique({ where: { id } });
        if (!member) throw new NotFoundError('AccountTeamMember', id);
        assertActive(await loadAccount(tx, member.accountId));
        await tx.accountTeamMember.delete({ where: { id } });
        emit(teamEvents.unassigned, member.accountId, { teamMemberId: id, staffId: member.staffId, responsibility: member.responsibility });
        return member;
      });
    },
  };
}

export type TeamService = ReturnType<typeof createTeamService>;
