/**
 * The private profile of a customer-side key person and the dates that
 * matter to them. Sensitive personal data: events carry ids only, so the
 * outbox (and every handler downstream) never holds a personal value.
 */
import type { Person, PersonAnniversary, PersonProfile } from '../generated/prisma-sqlite/client.js';
import { personProfileEvents } from './person-profile-events.js';
import { NotFoundError, RuleViolationError, ValidationError } from '../errors/domain-errors.js';
import { parseInput } from '../errors/validate.js';
import type { Transaction } from '../events/unit-of-work.js';
import type { ServiceDeps } from '../service-deps.js';
import { assertActive, loadAccount } from '../accounts/account-service.js';
import { lockNotErased } from './person-service.js';
import {
  addAnniversaryInput,
  MAX_ANNIVERSARIES_PER_PERSON,
  setPersonProfileInput,
  type AddAnniversaryInput,
  type SetPersonProfileInput,
} from './person-profile-input.js';


/** The person, ready to receive personal data: exists, not erased, account not archived. */
async function loadWritablePerson(tx: Transaction, personId: string): Promise<Person> {
  const person = await tx.person.findUnique({ where: { id: personId } });
  if (!person) throw new NotFoundError('Person', personId);
  await lockNotErased(tx, person);
  assertActive(await loadAccount(tx, person.accountId));
  return person;
}

function checkId(id: string, path: string[]): void {
  if (typeof id !== 'string' || id.trim().length === 0 || id.length > 200) {
    throw new ValidationError([{ path, message: 'must be a record id' }]);
  }
}

export function createPersonProfileService(deps: ServiceDeps) {
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
        emit(personProfileEvents.profileUpdated, person.accountId, { personId });
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
        emit(personProfileEvents.anniversaryAdded, person.accountId, { personId, anniversaryId: anniversary.id });
        return anniversary;
      });
    },

    /** Removes one anniversary; returns the removed record. */
    removeAnniversary(id: string): Promise<PersonAnniversary> {
      checkId(id, ['id']);
      return run(async (tx, emit) => {
        const anniversary = await tx.personAnniversary.findUnique({ where: { id }, include: { person: { select: { accountId: true } } } });
        if (!anniversary) throw new NotFoundError('PersonAnniversary', id);
        assertActive(await loadAccount(tx, anniversary.person.accountId));
        // Conditional delete: of two concurrent removals, one wins and the other finds nothing.
        const deleted = await tx.personAnniversary.deleteMany({ where: { id } });
        if (deleted.count === 0) throw new NotFoundError('PersonAnniversary', id);
        emit(personProfileEvents.anniversaryRemoved, anniversary.person.accountId, { personId: anniversary.personId, anniversaryId: id });
        const { person: _person, ...row } = anniversary;
        return row;
      });
    },
  };
}

export type PersonProfileService = ReturnType<typeof createPersonProfileService>;
