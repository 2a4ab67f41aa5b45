import type { Person } from '../generated/prisma-sqlite/client.js';
import { personEvents } from './person-events.js';
import { NotFoundError, RuleViolationError, ValidationError } from '../errors/domain-errors.js';
import { parseInput } from '../errors/validate.js';
import type { Transaction } from '../events/unit-of-work.js';
import type { ServiceDeps } from '../service-deps.js';
import { assertActive, loadAccount } from '../accounts/account-service.js';
import { addPersonInput, updatePersonInput, type AddPersonInput, type UpdatePersonInput } from './person-input.js';


/** A person whose personal data was erased on request is never given personal data again. */
export function assertNotErased(person: Pick<Person, 'id' | 'erasedAt'>): void {
  if (person.erasedAt !== null) {
    throw new RuleViolationError('PERSON_ERASED', `the personal data of person ${person.id} was erased; it cannot be recorded again`);
  }
}

/**
 * `assertNotErased`, safe against an erasure running at the same time: the
 * conditional no-op write locks the person's row until the transaction ends
 * (without touching `updatedAt` or the audit trail), so the erasure either
 * committed first (and the person is found erased) or waits for this
 * transaction (and then erases what it wrote). SQLite serialises writers anyway.
 */
export async function lockNotErased(tx: Transaction, person: Pick<Person, 'id' | 'erasedAt'>): Promise<void> {
  assertNotErased(person);
  const locked = await tx.$executeRaw`UPDATE "Person" SET "erasedAt" = NULL WHERE "id" = ${person.id} AND "erasedAt" IS NULL`;
  if (locked === 0) assertNotErased({ id: person.id, erasedAt: new Date(0) });
}

async function loadPerson(tx: Transaction, id: string): Promise<Person> {
  const person = await tx.person.findUnique({ where: { id } });
  if (!person) throw new NotFoundError('Person', id);
  return person;
}

/** A manager must work at the same customer, and the line must not loop back. */
async function checkReportingLine(tx: Transaction, personId: string | null, accountId: string, managerId: string) {
  const path = ['input', 'reportsToId'];
  const manager = await tx.person.findUnique({ where: { id: managerId } });
  if (!manager) throw new NotFoundError('Person', managerId);
  if (manager.accountId !== accountId) {
    throw new ValidationError([{ path, message: 'must be a person of the same account' }]);
  }
  if (personId === null) return;
  // Walk up from the proposed manager; meeting the person again means a cycle.
  const seen = new Set<string>();
  let current: string | null = managerId;
  while (current !== null && !seen.has(current)) {
    if (current === personId) {
      throw new RuleViolationError('REPORTING_LINE_CYCLE', 'a person cannot report (directly or indirectly) to themselves');
    }
    seen.add(current);
    const row: { reportsToId: string | null } | null = await tx.person.findUnique({
      where: { id: current },
      select: { reportsToId: true },
    });
    current = row?.reportsToId ?? null;
  }
}

export function createPersonService(deps: ServiceDeps) {
  const run = deps.transaction;

  return {
    add(input: AddPersonInput): Promise<Person> {
      const data = parseInput(addPersonInput, input);
      return run(async (tx, emit) => {
        assertActive(await loadAccount(tx, data.accountId));
        if (data.reportsToId) await checkReportingLine(tx, null, data.accountId, data.reportsToId);
        const person = await tx.person.create({
          data: {
            accountId: data.accountId,
            name: data.name,
            searchName: data.name.toLowerCase(),
            title: data.title ?? null,
            department: data.department ?? null,
            email: data.email ?? null,
            phone: data.phone ?? null,
            decisionRole: data.decisionRole ?? 'OTHER',
            isKeyPerson: data.isKeyPerson ?? false,
            reportsToId: data.reportsToId ?? null,
          },
        });
        emit(personEvents.added, person.accountId, { personId: person.id });
        return person;
      });
    },

    update(id: string, input: UpdatePersonInput): Promise<Person> {
      const data = parseInput(updatePersonInput, input);
      return run(async (tx, emit) => {
        const before = await loadPerson(tx, id);
        // Clearing stays possible; refilling name, email or phone is not.
        if (data.name != null || data.email != null || data.phone != null) await lockNotErased(tx, before);
        assertActive(await loadAccount(tx, before.accountId));
        if (data.reportsToId) await checkReportingLine(tx, id, before.accountId, data.reportsToId);
        const after = await tx.person.update({
          where: { id },
          data: {
            ...(data.name != null && { name: data.name, searchName: data.name.toLowerCase() }),
            ...(data.title !== undefined && { title: data.title }),
            ...(data.department !== undefined && { department: data.department }),
            ...(data.email !== undefined && { email: data.email }),
            ...(data.phone !== undefined && { phone: data.phone }),
            ...(data.decisionRole != null && { decisionRole: data.decisionRole }),
            ...(data.isKeyPerson != null && { isKeyPerson: data.isKeyPerson }),
            ...(data.reportsToId !== undefined && { reportsToId: data.reportsToId }),
          },
        });
        emit(personEvents.updated, after.accountId, { personId: id });
        return after;
      });
    },

    /** Removes a contact; people who reported to them keep their record with no manager. */
    remove(id: string): Promise<Person> {
      return run(async (tx, emit) => {
        const person = await loadPerson(tx, id);
        assertActive(await loadAccount(tx, person.accountId));
        await tx.person.updateMany({ where: { reportsToId: id }, data: { reportsToId: null } });
        await tx.person.delete({ where: { id } });
        emit(personEvents.removed, person.accountId, { personId: id });
        return person;
      });
    },
  };
}

export type PersonService = ReturnType<typeof createPersonService>;
