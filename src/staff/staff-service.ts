import type { Staff } from '../generated/prisma-sqlite/client.js';
import { staffEvents } from './staff-events.js';
import { NotFoundError, RuleViolationError, ValidationError } from '../errors/domain-errors.js';
import { translatePrismaError } from '../errors/prisma-errors.js';
import { parseInput } from '../errors/validate.js';
import type { Transaction } from '../events/unit-of-work.js';
import type { ServiceDeps } from '../service-deps.js';
import { teamRuleViolations } from '../teams/team-rules.js';
import { createStaffInput, updateStaffInput, type CreateStaffInput, type UpdateStaffInput } from './staff-input.js';


export async function loadStaff(tx: Transaction, id: string): Promise<Staff> {
  const staff = await tx.staff.findUnique({ where: { id } });
  if (!staff) throw new NotFoundError('Staff', id);
  return staff;
}

export function createStaffService(deps: ServiceDeps) {
  const run = deps.transaction;

  function assertNotFuture(hireDate: Date | undefined) {
    if (hireDate && hireDate.getTime() > deps.now().getTime()) {
      throw new ValidationError([{ path: ['input', 'hireDate'], message: 'must not be in the future' }]);
    }
  }

  return {
    create(input: CreateStaffInput): Promise<Staff> {
      const data = parseInput(createStaffInput, input);
      assertNotFuture(data.hireDate);
      return run(async (tx, emit) => {
        const staff = await tx.staff
          .create({ data: { ...data, searchName: data.name.toLowerCase() } })
          .catch((e) => translatePrismaError(e, `a staff member with email ${data.email} already exists`, ['input', 'email']));
        emit(staffEvents.created, null, { staffId: staff.id });
        return staff;
      });
    },

    update(id: string, input: UpdateStaffInput): Promise<Staff> {
      const data = parseInput(updateStaffInput, input);
      assertNotFuture(data.hireDate);
      return run(async (tx, emit) => {
        const before = await loadStaff(tx, id);
        if (data.leftAt && data.leftAt < (data.hireDate ?? before.hireDate)) {
          throw new ValidationError([{ path: ['input', 'leftAt'], message: 'must not be before the hire date' }]);
        }
        if (data.isAdministrator === false && before.isAdministrator) {
          // Someone must remain able to export, erase, audit and manage staff.
          const others = await tx.staff.count({ where: { isAdministrator: true, id: { not: id } } });
          if (others === 0) throw new RuleViolationError('LAST_ADMINISTRATOR', `${before.name} is the last administrator; appoint another first`);
        }
        if (data.level !== undefined || data.hireDate !== undefined) {
          // A change of level or hire date must keep every key-account assignment within the rules.
          const assignments = await tx.accountTeamMember.findMany({ where: { staffId: id }, include: { account: true } });
          for (const a of assignments) {
            const violations = teamRuleViolations(
              {
                tier: a.account.tier,
                responsibility: a.responsibility,
                staffLevel: data.level ?? before.level,
                hireDate: data.hireDate ?? before.hireDate,
                now: deps.now(),
              },
              deps.rules,
            );
            if (violations.length > 0) {
              throw new RuleViolationError(
                violations[0]!.rule,
                `${before.name} is ${a.responsibility} on key account ${a.account.name}: ${violations[0]!.message}`,
              );
            }
          }
        }
        const after = await tx.staff
          .update({ where: { id }, data: { ...data, ...(data.name !== undefined && { searchName: data.name.toLowerCase() }) } })
          .catch((e) => translatePrismaError(e, `a staff member with email ${data.email} already exists`, ['input', 'email']));
        emit(staffEvents.updated, null, { staffId: id });
        return after;
      });
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
