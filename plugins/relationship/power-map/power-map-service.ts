/**
 * A person's standing on the power map (influence, relationship strength),
 * in plain TypeScript: validate, check the person, upsert in one transaction
 * with its event. A rejected change writes nothing.
 */
import { NotFoundError, parseInput, RuleViolationError, type Person, type PersonStanding, type RunInTransaction } from 'kam-graphql/plugin';
import { powerMapEvents } from './power-map-events.js';
import { setPersonStandingInput, type SetPersonStandingInput } from './power-map-model.js';

export interface PowerMapServiceDeps {
  transaction: RunInTransaction;
  now: () => Date;
}

export interface StandingResult {
  person: Person;
  standing: PersonStanding;
}

export function createPowerMapService(deps: PowerMapServiceDeps) {
  return {
    /**
     * Sets a person's influence and/or relationship strength (an omitted one
     * is kept, null clears it); `updatedById` is the staff member who judged
     * (null for a service caller).
     */
    async setStanding(input: SetPersonStandingInput, updatedById: string | null): Promise<StandingResult> {
      const data = parseInput(setPersonStandingInput, input);
      return deps.transaction(async (tx, emit) => {
        const person = await tx.person.findUnique({ where: { id: data.personId } });
        if (!person) throw new NotFoundError('Person', data.personId, ['input', 'personId']);
        if (person.erasedAt) throw new RuleViolationError('PERSON_ERASED', 'the person was erased; their standing is no longer kept');
        const given = {
          ...(data.influence !== undefined && { influence: data.influence }),
          ...(data.strength !== undefined && { strength: data.strength }),
        };
        const standing = await tx.personStanding.upsert({
          where: { personId: person.id },
          create: { personId: person.id, influence: null, strength: null, ...given, updatedById },
          update: { ...given, updatedById },
        });
        emit(powerMapEvents.standingSet, person.accountId, { personId: person.id, influence: standing.influence, strength: standing.strength });
        return { person, standing };
      });
    },
  };
}

export type PowerMapService = ReturnType<typeof createPowerMapService>;
