/**
 * The key-person dossier in plain TypeScript (no GraphQL): the private
 * profile of a customer-side key person and the dates that matter to them.
 * Each change is one transaction with its event. Sensitive personal data:
 * events carry ids only, so the outbox (and every handler downstream) never
 * holds a personal value.
 *
 * Callers have already checked the person is within reach (a hidden person
 * is "not found" there); the service checks what only the data can tell: the
 * person exists and was not erased, the account is not archived.
 */
import {
  lockNotErased,
  NotFoundError,
  parseInput,
  RuleViolationError,
  ValidationError,
  type Person,
  type PersonAnniversary,
  type PersonProfile,
  type RunInTransaction,
  type Transaction,
} from 'kam-graphql/plugin';
import { dossierEvents } from './dossier-events.js';
import {
  addAnniversaryInput,
  MAX_ANNIVERSARIES_PER_PERSON,
  setPersonProfileInput,
  type AddAnniversaryInput,
  type SetPersonProfileInput,
} from './dossier-input.js';

export interface DossierServiceDeps {
  transaction: RunInTransaction;
  now: () => Date;
}

/** Archived accounts are read-only until restored, so history stays as it was left. */
async function assertAccountActive(tx: Transaction, accountId: string): Promise<void> {
  const account = await tx.account.findUnique({ where: { id: accountId }, select: { status: true } });
  if (!account) throw new NotFoundError('Account', accountId);
  if (account.status === 'ARCHIVED') throw new RuleViolationError('ACCOUNT_ARCHIVED', `account ${accountId} is archived; restore it first`);
}

/** The person, ready to receive personal data: exists, not erased (and not being erased), account not archived. */
async function loadWritablePerson(tx: Transaction, personId: string): Promise<Person> {
  const person = await tx.person.findUnique({ where: { id: personId } });
  if (!person) throw new NotFoundError('Person', personId);
  await lockNotErased(tx, person);
  await assertAccountActive(tx, person.accountId);
  return person;
}

function checkId(id: string, path: string[]): void {
  if (typeof id !== 'string' || id.trim().length === 0 || id.length > 200) {
    throw new ValidationError([{ path, message: 'must be a record id' }]);
  }
}

export function createDossierService(deps: DossierServiceDeps) {
  const run = deps.transaction;

  return {
    /**
     * Creates or updates the profile. Omitted fields stay as they are, null
     * clears one; a profile with every field cleared is kept (empty).
     */
    setProfile(personId: string, input: SetPersonProfileInput): Promise<PersonProfile> {
      checkId(personId, ['personId']);
      const data = parseInput(setPersonProfileInput, input);
      if (data.birthDate && data.birthDate.getTime() > deps.now().getTime()) {
        throw new ValidationError([{ path: ['input', 'birthDate'], message: 'must not be in the future' }]);
      }
      return run(async (tx, emit) => {
        const person = await loadWritablePerson(tx, personId);
        // undefined = leave unchanged (Prisma skips it), null = clear.
        const profile = await tx.personProfile.upsert({
          where: { personId },
          create: { personId, ...data },
          update: data,
        });
        emit(dossierEvents.profileSet, person.accountId, { personId });
        return profile;
      });
    },

    addAnniversary(personId: string, input: AddAnniversaryInput): Promise<PersonAnniversary> {
      checkId(personId, ['input', 'personId']);
      const data = parseInput(addAnniversaryInput, input);
      if (data.kind === 'BIRTHDAY' && data.date.getTime() > deps.now().getTime()) {
        throw new ValidationError([{ path: ['input', 'date'], message: 'a birthday must not be in the future' }]);
      }
      return run(async (tx, emit) => {
        const person = await loadWritablePerson(tx, personId);
        const count = await tx.personAnniversary.count({ where: { personId } });
        if (count >= MAX_ANNIVERSARIES_PER_PERSON) {
          throw new RuleViolationError('ANNIVERSARY_LIMIT', `a person keeps at most ${MAX_ANNIVERSARIES_PER_PERSON} anniversaries`);
        }
        const anniversary = await tx.personAnniversary.create({ data: { personId, ...data } });
        emit(dossierEvents.anniversaryAdded, person.accountId, { personId, anniversaryId: anniversary.id });
        return anniversary;
      });
    },

    /** Removes one anniversary; returns the removed record. */
    removeAnniversary(id: string): Promise<PersonAnniversary> {
      checkId(id, ['id']);
      return run(async (tx, emit) => {
        const anniversary = await tx.personAnniversary.findUnique({ where: { id }, include: { person: { select: { accountId: true } } } });
        if (!anniversary) throw new NotFoundError('PersonAnniversary', id);
        await assertAccountActive(tx, anniversary.person.accountId);
        // Conditional delete: of two concurrent removals, one wins and the other finds nothing.
        const deleted = await tx.personAnniversary.deleteMany({ where: { id } });
        if (deleted.count === 0) throw new NotFoundError('PersonAnniversary', id);
        emit(dossierEvents.anniversaryRemoved, anniversary.person.accountId, { personId: anniversary.personId, anniversaryId: id });
        const { person: _person, ...row } = anniversary;
        return row;
      });
    },
  };
}

export type DossierService = ReturnType<typeof createDossierService>;
