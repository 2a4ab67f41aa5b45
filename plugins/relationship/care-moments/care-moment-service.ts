/**
 * Care moments in plain TypeScript (no GraphQL): record a special moment in
 * a key person's life, add the care shown, close it. Every check runs before
 * anything is written, or inside the one transaction that writes, so a
 * refused call leaves no row and no event behind.
 *
 * Reach: `reaches(accountId)` says whether the caller may work on an
 * account's key persons (in GraphQL, the operation's access rule). A person
 * or moment outside it is reported exactly like one that does not exist.
 * It is asked before the transaction opens, with the read client, so it
 * never waits on the transaction's own lock.
 */
import {
  ConflictError,
  NotFoundError,
  parseInput,
  RuleViolationError,
  ValidationError,
  type CareMoment,
  type PrismaClient,
  type RunInTransaction,
} from 'kam-graphql/plugin';
import { CARE_MOMENT_RECORDED_TOPIC, careMomentEvents } from './care-moment-events.js';
import {
  addCareActionInput,
  closeCareMomentInput,
  recordCareMomentInput,
  type AddCareActionInput,
  type CloseCareMomentInput,
  type RecordCareMomentInput,
} from './care-moment-model.js';

export type { CareMoment };

export interface CareMomentServiceDeps {
  /** For the reads before the transaction (the target's account). */
  prisma: Pick<PrismaClient, 'person' | 'careMoment'>;
  transaction: RunInTransaction;
  now: () => Date;
  /** The staff member calling, if the caller is one: care actions default to them, moments name them as recorder. */
  staffId?: string | null;
  /** Whether the caller may work on this account's key persons; every account when omitted (jobs, handlers). */
  reaches?: (accountId: string) => boolean | Promise<boolean>;
}

const notFuture = (at: Date, now: Date, path: string[]) => {
  if (Number.isNaN(at.getTime())) throw new ValidationError([{ path, message: 'is not a valid date' }]);
  if (at.getTime() > now.getTime()) throw new ValidationError([{ path, message: 'must not be in the future' }]);
};

export function createCareMomentService(deps: CareMomentServiceDeps) {
  const reaches = async (accountId: string) => (deps.reaches ? deps.reaches(accountId) : true);

  /** The moment's account, when it exists and is within reach; else the NotFoundError of a missing one. */
  async function reachableMoment(id: string, path: string[]): Promise<void> {
    const moment = await deps.prisma.careMoment.findUnique({ where: { id }, select: { person: { select: { accountId: true } } } });
    if (!moment || !(await reaches(moment.person.accountId))) throw new NotFoundError('CareMoment', id, path);
  }

  return {
    /** Records a special moment (illness, bereavement...) of a person of an active account, learned of at `learnedAt` (not in the future). */
    async record(input: RecordCareMomentInput): Promise<CareMoment> {
      const data = parseInput(recordCareMomentInput, input);
      notFuture(data.learnedAt, deps.now(), ['input', 'learnedAt']);
      const path = ['input', 'personId'];
      const found = await deps.prisma.person.findUnique({ where: { id: data.personId }, select: { accountId: true } });
      if (!found || !(await reaches(found.accountId))) throw new NotFoundError('Person', data.personId, path);
      return deps.transaction(async (tx, emit) => {
        const person = await tx.person.findUnique({
          where: { id: data.personId },
          select: { id: true, accountId: true, erasedAt: true, account: { select: { status: true } } },
        });
        if (!person) throw new NotFoundError('Person', data.personId, path);
        if (person.erasedAt) throw new RuleViolationError('PERSON_ERASED', 'the personal data of this person was erased on request; nothing new is recorded about them');
        if (person.account.status === 'ARCHIVED') throw new RuleViolationError('ACCOUNT_ARCHIVED', 'the account is archived; restore it before recording care moments');
        const moment = await tx.careMoment.create({
          data: {
            personId: person.id,
            accountId: person.accountId,
            kind: data.kind,
            learnedAt: data.learnedAt,
            note: data.note,
            recordedById: deps.staffId ?? null,
          },
        });
        const payload = { careMomentId: moment.id, personId: person.id };
        emit(careMomentEvents.recorded, person.accountId, payload);
        // Live, for the relationship owner's client (published after commit, like the event).
        emit(CARE_MOMENT_RECORDED_TOPIC, person.accountId, payload);
        return moment;
      });
    },

    /** Adds the care shown (a visit, a call, flowers...) to an open moment; by the caller unless `byStaffId` names another current staff member. */
    async addAction(input: AddCareActionInput): Promise<CareMoment> {
      const data = parseInput(addCareActionInput, input);
      const now = deps.now();
      const at = data.at ?? now;
      notFuture(at, now, ['input', 'at']);
      const byStaffId = data.byStaffId ?? deps.staffId ?? null;
      if (!byStaffId) {
        throw new ValidationError([{ path: ['input', 'byStaffId'], message: 'is required when the caller is not a staff member' }]);
      }
      await reachableMoment(data.momentId, ['input', 'momentId']);
      return deps.transaction(async (tx, emit) => {
        const moment = await tx.careMoment.findUnique({ where: { id: data.momentId } });
        if (!moment) throw new NotFoundError('CareMoment', data.momentId, ['input', 'momentId']);
        if (moment.closedAt) throw new RuleViolationError('CARE_MOMENT_CLOSED', 'the care moment is closed; it takes no more care actions');
        if (at.getTime() < moment.learnedAt.getTime()) {
          throw new ValidationError([{ path: ['input', 'at'], message: 'must not be before the moment was learned of' }]);
        }
        const staff = await tx.staff.findUnique({ where: { id: byStaffId }, select: { id: true, name: true, leftAt: true } });
        if (!staff) throw new NotFoundError('Staff', byStaffId, ['input', 'byStaffId']);
        if (staff.leftAt) throw new RuleViolationError('STAFF_LEFT', `${staff.name} has left the company and can be named on no new care action`);
        // Still open, checked in the statement itself: a concurrent close wins or loses as a whole.
        const { count } = await tx.careMoment.updateMany({ where: { id: moment.id, closedAt: null }, data: { updatedAt: now } });
        if (count === 0) throw new RuleViolationError('CARE_MOMENT_CLOSED', 'the care moment is closed; it takes no more care actions');
        const action = await tx.careAction.create({ data: { momentId: moment.id, kind: data.kind, note: data.note, byStaffId: staff.id, at } });
        emit(careMomentEvents.actionAdded, moment.accountId, { careMomentId: moment.id, personId: moment.personId, careActionId: action.id, byStaffId: staff.id });
        return tx.careMoment.findUniqueOrThrow({ where: { id: moment.id } });
      });
    },

    /** Closes an open moment (the person is well again, the matter is over), with an optional closing note. */
    async close(input: CloseCareMomentInput): Promise<CareMoment> {
      const data = parseInput(closeCareMomentInput, input, []);
      await reachableMoment(data.id, ['id']);
      return deps.transaction(async (tx, emit) => {
        const { count } = await tx.careMoment.updateMany({ where: { id: data.id, closedAt: null }, data: { closedAt: deps.now(), closingNote: data.closingNote } });
        const moment = await tx.careMoment.findUnique({ where: { id: data.id } });
        if (!moment) throw new NotFoundError('CareMoment', data.id, ['id']);
        if (count === 0) throw new ConflictError('the care moment is already closed', ['id']);
        emit(careMomentEvents.closed, moment.accountId, { careMomentId: moment.id, personId: moment.personId });
        return moment;
      });
    },
  };
}

export type CareMomentService = ReturnType<typeof createCareMomentService>;
