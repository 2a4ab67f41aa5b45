/**
 * Visits and contacts with people of an account, in plain TypeScript (no
 * GraphQL): record one that happened, plan one, mark a planned one done or
 * missed. Each change is one transaction with its event, so the health
 * engine rescores the account after commit.
 *
 * Who went and whom they met are kept with their level and decision role
 * at the visit: a later promotion does not turn an old middle-management
 * visit into a top-level one. Callers have already checked the account is
 * within reach (and hidden people and staff are "not found" there); the
 * service checks what only the data can tell: the people are the account's,
 * the staff still work for the SME, a done visit is not in the future.
 */
import {
  ConflictError,
  NotFoundError,
  parseInput,
  RuleViolationError,
  ValidationError,
  z,
  type Emit,
  type RunInTransaction,
  type Transaction,
  type Visit,
} from 'kam-graphql/plugin';
import { VISIT_MISSED_TOPIC, visitEvents, type VisitEventPayload } from './visit-events.js';
import { DAY_MS } from './visit-rules.js';

export type { Visit };

const VISIT_KINDS = ['ON_SITE_VISIT', 'HOSTED_VISIT', 'BUSINESS_MEAL', 'CALL', 'VIDEO_MEETING', 'OTHER'] as const;
const text = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));
const ids = (what: string, max: number) =>
  z
    .array(z.string().min(1))
    .min(1, `name at least one ${what}`)
    .max(max)
    .refine((list) => new Set(list).size === list.length, `names a ${what} twice`);

const visitFields = {
  accountId: z.string().min(1),
  kind: z.enum(VISIT_KINDS),
  at: z.date(),
  staffIds: ids('staff member', 20),
  personIds: ids('person of the account', 50),
  purpose: text(500),
};

export const recordVisitInput = z
  .object({ ...visitFields, outcome: text(2000), nextSteps: text(2000), nextPlannedAt: z.date().nullish() })
  .refine((v) => !v.nextPlannedAt || v.nextPlannedAt > v.at, { path: ['nextPlannedAt'], message: 'must be after the visit' });
export const planVisitInput = z.object(visitFields);
export const completeVisitInput = z.object({ at: z.date().nullish(), outcome: text(2000), nextSteps: text(2000), nextPlannedAt: z.date().nullish() });

export type RecordVisitInput = z.input<typeof recordVisitInput>;
export type PlanVisitInput = z.input<typeof planVisitInput>;
export type CompleteVisitInput = z.input<typeof completeVisitInput>;

export interface VisitServiceDeps {
  transaction: RunInTransaction;
  now: () => Date;
  /** The staff member recording (null for a service caller). */
  recordedById: string | null;
}

const NOT_BEFORE = new Date('2000-01-01T00:00:00.000Z');

function checkDate(at: Date, path: string[]): void {
  if (Number.isNaN(at.getTime())) throw new ValidationError([{ path, message: 'is not a valid date' }]);
  if (at < NOT_BEFORE) throw new ValidationError([{ path, message: 'must not be before 2000-01-01' }]);
}

/** The staff who went, with their level now; each must exist and still work for the SME at `at`. */
async function staffAt(tx: Transaction, staffIds: readonly string[], at: Date) {
  const rows = await tx.staff.findMany({ where: { id: { in: [...staffIds] } }, select: { id: true, name: true, level: true, leftAt: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return staffIds.map((id, i) => {
    const staff = byId.get(id);
    if (!staff) throw new NotFoundError('Staff', id, ['input', 'staffIds', String(i)]);
    if (staff.leftAt && staff.leftAt <= at) {
      throw new RuleViolationError('STAFF_LEFT', `${staff.name} left the SME on ${staff.leftAt.toISOString().slice(0, 10)} and cannot be on a visit after that`);
    }
    return { staffId: id, levelAtVisit: staff.level };
  });
}

/** The people met, with their decision role now; each must be a person of the account (not erased). */
async function peopleOf(tx: Transaction, accountId: string, personIds: readonly string[]) {
  const rows = await tx.person.findMany({ where: { id: { in: [...personIds] } }, select: { id: true, name: true, accountId: true, decisionRole: true, erasedAt: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return personIds.map((id, i) => {
    const person = byId.get(id);
    if (!person || person.erasedAt) throw new NotFoundError('Person', id, ['input', 'personIds', String(i)]);
    if (person.accountId !== accountId) {
      throw new ValidationError([{ path: ['input', 'personIds', String(i)], message: `${person.name} is not a person of this account` }]);
    }
    return { personId: id, roleAtVisit: person.decisionRole };
  });
}

async function activeAccount(tx: Transaction, accountId: string): Promise<void> {
  const account = await tx.account.findUnique({ where: { id: accountId }, select: { status: true } });
  if (!account) throw new NotFoundError('Account', accountId, ['input', 'accountId']);
  if (account.status === 'ARCHIVED') throw new RuleViolationError('ACCOUNT_ARCHIVED', `account ${accountId} is archived; restore it before recording visits`);
}

type VisitWithLinks = Visit & { staff: { staffId: string }[]; people: { personId: string }[] };

export function visitPayload(visit: VisitWithLinks): VisitEventPayload {
  return {
    visitId: visit.id,
    kind: visit.kind,
    status: visit.status,
    at: visit.at.toISOString(),
    staffIds: visit.staff.map((s) => s.staffId),
    personIds: visit.people.map((p) => p.personId),
  };
}

const LINKS = { staff: { select: { staffId: true }, orderBy: { staffId: 'asc' } }, people: { select: { personId: true }, orderBy: { personId: 'asc' } } } as const;

/**
 * Moves a PLANNED visit on. The status check is part of the UPDATE, so two
 * concurrent requests can never both succeed.
 */
async function movePlanned(tx: Transaction, id: string, data: Partial<Pick<Visit, 'status' | 'at' | 'outcome' | 'nextSteps' | 'nextPlannedAt'>>): Promise<VisitWithLinks> {
  const { count } = await tx.visit.updateMany({ where: { id, status: 'PLANNED' }, data });
  const visit = await tx.visit.findUnique({ where: { id }, include: LINKS });
  if (!visit) throw new NotFoundError('Visit', id, ['id']);
  if (count === 0) throw new ConflictError(`the visit is ${visit.status.toLowerCase()}, not planned`, ['id']);
  return visit;
}

/** Marks a planned visit missed, with its event and live notice; false when it was no longer planned. */
export async function markMissed(tx: Transaction, emit: Emit, id: string, reason: 'manual' | 'past-due'): Promise<VisitWithLinks | null> {
  const { count } = await tx.visit.updateMany({ where: { id, status: 'PLANNED' }, data: { status: 'MISSED' } });
  if (count === 0) return null;
  const visit = await tx.visit.findUniqueOrThrow({ where: { id }, include: LINKS });
  const payload = { ...visitPayload(visit), reason };
  emit(visitEvents.missed, visit.accountId, payload);
  emit(VISIT_MISSED_TOPIC, visit.accountId, payload);
  return visit;
}

export function createVisitService(deps: VisitServiceDeps) {
  const now = () => deps.now();
  return {
    /** Records a visit or contact that happened (DONE). */
    async record(input: RecordVisitInput): Promise<VisitWithLinks> {
      const data = parseInput(recordVisitInput, input);
      checkDate(data.at, ['input', 'at']);
      if (data.at > now()) throw new ValidationError([{ path: ['input', 'at'], message: 'a visit that happened cannot be in the future; plan it instead' }]);
      if (data.nextPlannedAt) checkDate(data.nextPlannedAt, ['input', 'nextPlannedAt']);
      return deps.transaction(async (tx, emit) => {
        await activeAccount(tx, data.accountId);
        const staff = await staffAt(tx, data.staffIds, data.at);
        const people = await peopleOf(tx, data.accountId, data.personIds);
        const visit = await tx.visit.create({
          data: {
            accountId: data.accountId,
            status: 'DONE',
            kind: data.kind,
            at: data.at,
            purpose: data.purpose,
            outcome: data.outcome,
            nextSteps: data.nextSteps,
            nextPlannedAt: data.nextPlannedAt ?? null,
            recordedById: deps.recordedById,
            staff: { create: staff },
            people: { create: people },
          },
          include: LINKS,
        });
        emit(visitEvents.recorded, visit.accountId, visitPayload(visit));
        return visit;
      });
    },

    /** Plans a visit (PLANNED) for a date from today on. */
    async plan(input: PlanVisitInput): Promise<VisitWithLinks> {
      const data = parseInput(planVisitInput, input);
      checkDate(data.at, ['input', 'at']);
      if (data.at.getTime() < now().getTime() - DAY_MS) throw new ValidationError([{ path: ['input', 'at'], message: 'a planned visit cannot be in the past; record it instead' }]);
      return deps.transaction(async (tx, emit) => {
        await activeAccount(tx, data.accountId);
        const staff = await staffAt(tx, data.staffIds, now());
        const people = await peopleOf(tx, data.accountId, data.personIds);
        const visit = await tx.visit.create({
          data: { accountId: data.accountId, status: 'PLANNED', kind: data.kind, at: data.at, purpose: data.purpose, recordedById: deps.recordedById, staff: { create: staff }, people: { create: people } },
          include: LINKS,
        });
        emit(visitEvents.planned, visit.accountId, visitPayload(visit));
        return visit;
      });
    },

    /**
     * A planned visit happened: DONE at `at` (default: its planned date), which
     * cannot be in the future. Levels and roles are taken as they are now.
     */
    async complete(id: string, input: CompleteVisitInput = {}): Promise<VisitWithLinks> {
      const data = parseInput(completeVisitInput, input);
      if (data.at) checkDate(data.at, ['input', 'at']);
      return deps.transaction(async (tx, emit) => {
        const planned = await tx.visit.findUnique({ where: { id }, include: LINKS });
        if (!planned) throw new NotFoundError('Visit', id, ['id']);
        const at = data.at ?? planned.at;
        if (at > now()) {
          throw new ValidationError([{ path: ['input', 'at'], message: `a visit cannot be marked done before it happens (${at.toISOString().slice(0, 10)} is in the future)` }]);
        }
        if (data.nextPlannedAt && data.nextPlannedAt <= at) throw new ValidationError([{ path: ['input', 'nextPlannedAt'], message: 'must be after the visit' }]);
        const staff = await staffAt(tx, planned.staff.map((s) => s.staffId), at);
        const people = await peopleOf(tx, planned.accountId, planned.people.map((p) => p.personId));
        await movePlanned(tx, id, { status: 'DONE', at, outcome: data.outcome, nextSteps: data.nextSteps, nextPlannedAt: data.nextPlannedAt ?? null });
        for (const s of staff) await tx.visitStaff.update({ where: { visitId_staffId: { visitId: id, staffId: s.staffId } }, data: { levelAtVisit: s.levelAtVisit } });
        for (const p of people) await tx.visitPerson.update({ where: { visitId_personId: { visitId: id, personId: p.personId } }, data: { roleAtVisit: p.roleAtVisit } });
        const visit = await tx.visit.findUniqueOrThrow({ where: { id }, include: LINKS });
        emit(visitEvents.completed, visit.accountId, visitPayload(visit));
        return visit;
      });
    },

    /** A planned visit did not happen. */
    async markMissed(id: string): Promise<VisitWithLinks> {
      return deps.transaction(async (tx, emit) => {
        const missed = await markMissed(tx, emit, id, 'manual');
        if (missed) return missed;
        const visit = await tx.visit.findUnique({ where: { id }, select: { status: true } });
        if (!visit) throw new NotFoundError('Visit', id, ['id']);
        throw new ConflictError(`the visit is ${visit.status.toLowerCase()}, not planned`, ['id']);
      });
    },
  };
}

export type VisitService = ReturnType<typeof createVisitService>;
