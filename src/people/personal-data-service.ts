/**
 * The rights of a customer-side person over their personal data: access
 * (one JSON document of everything held about them) and erasure (personal
 * values removed everywhere, business records kept). Plugins that hold
 * personal data take part through their `personalData` hooks.
 */
import { personEvents } from './person-events.js';
import { recordFieldNamesOnly } from '../audit/audit-scope.js';
import type { Actor } from '../auth/actor.js';
import type { AuditEntry, Person } from '../generated/prisma-sqlite/client.js';
import { NotFoundError, ValidationError } from '../errors/domain-errors.js';
import type { Transaction } from '../events/unit-of-work.js';
import type { ServiceDeps } from '../service-deps.js';
import { personProfileEvents } from './person-profile-events.js';
import { writeSensitiveReads } from './sensitive-read-log.js';

/** What an erased person's name becomes (their business record stays, nameless). */
export const ERASED_PERSON_NAME = 'Erased person';

/** Who asks for an export, as the access log records it. */
export interface ReadRequest {
  actor: Actor;
  operation: string | null;
}

/** An audit entry as exported: its account left out, times as ISO strings, changes parsed. */
export type AuditTrailItem = Omit<AuditEntry, 'at' | 'changes' | 'accountId'> & { at: string; changes: unknown };

/** The right-of-access document: everything held about one person. */
export interface PersonalDataExport {
  format: 'kam.personal-data-export/1';
  exportedAt: string;
  person: {
    id: string;
    accountId: string;
    name: string;
    title: string | null;
    department: string | null;
    email: string | null;
    phone: string | null;
    decisionRole: string;
    isKeyPerson: boolean;
    reportsToId: string | null;
    erasedAt: string | null;
    createdAt: string;
    updatedAt: string;
  };
  profile: Record<string, string | null> | null;
  anniversaries: { id: string; kind: string; label: string; date: string; createdAt: string }[];
  /** Who read this person's sensitive data, this export included. */
  sensitiveReads: { at: string; actorKind: string; actorId: string; fields: string[]; operation: string | null }[];
  /** Changes to the person, their profile and their anniversaries. */
  auditTrail: AuditTrailItem[];
  /** What each installed plugin holds, by plugin name. */
  plugins: Record<string, Record<string, unknown>>;
}

export interface ErasureResult {
  person: Person;
  /** True when the person had been erased before: nothing personal was left, the call changed nothing. */
  alreadyErased: boolean;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function checkPersonId(personId: string): void {
  if (typeof personId !== 'string' || personId.trim().length === 0 || personId.length > 200) {
    throw new ValidationError([{ path: ['personId'], message: 'must be a record id' }]);
  }
}

/**
 * Ids of every anniversary the person ever had: the current ones, and those
 * removed since, found through their events and their audit entries (the
 * rows are gone, their history is not).
 */
async function anniversaryIdsOf(tx: Transaction, personId: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const row of await tx.personAnniversary.findMany({ where: { personId }, select: { id: true } })) ids.add(row.id);
  const events = await tx.outboxEvent.findMany({
    where: {
      name: { in: [personProfileEvents.anniversaryAdded, personProfileEvents.anniversaryRemoved] },
      payload: { contains: JSON.stringify({ personId }).slice(1, -1) },
    },
    select: { payload: true },
  });
  for (const event of events) {
    const payload = JSON.parse(event.payload) as { personId?: unknown; anniversaryId?: unknown };
    if (payload.personId === personId && typeof payload.anniversaryId === 'string') ids.add(payload.anniversaryId);
  }
  const entries = await tx.auditEntry.findMany({
    where: { entityType: 'PersonAnniversary', changes: { contains: personId } },
    select: { entityId: true, changes: true },
  });
  for (const entry of entries) {
    const changes = parseChanges(entry.changes) as Record<string, { before?: unknown; after?: unknown } | null> | null;
    const owner = changes?.personId;
    if (owner && (owner.before === personId || owner.after === personId)) ids.add(entry.entityId);
  }
  return [...ids];
}

function parseChanges(changes: string): unknown {
  try {
    return JSON.parse(changes) as unknown;
  } catch {
    return changes;
  }
}

/** Audited rows, as the audit trail names them. */
type AuditRecord = { entityType: string; entityId: string };

/**
 * Audit entries about the person's own rows: Person, PersonProfile (keyed by
 * person id), PersonAnniversary, and the rows plugins reported.
 */
function auditWhere(personId: string, anniversaryIds: readonly string[], pluginRecords: readonly AuditRecord[] = []) {
  const byType = new Map<string, Set<string>>([
    ['Person', new Set([personId])],
    ['PersonProfile', new Set([personId])],
    ['PersonAnniversary', new Set(anniversaryIds)],
  ]);
  for (const { entityType, entityId } of pluginRecords) {
    if (!byType.has(entityType)) byType.set(entityType, new Set());
    byType.get(entityType)!.add(entityId);
  }
  return {
    OR: [...byType].filter(([, ids]) => ids.size > 0).map(([entityType, ids]) => ({ entityType, entityId: { in: [...ids] } })),
  };
}

/**
 * `{ field: { before, after } }` with every value replaced by null: which
 * fields changed stays on record, what they held does not.
 */
export function scrubAuditChanges(changes: string): string {
  const parsed = parseChanges(changes);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return '{}';
  const scrubbed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(parsed as Record<string, unknown>)) {
    scrubbed[field] =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.fromEntries(Object.keys(value).map((k) => [k, null]))
        : null;
  }
  return JSON.stringify(scrubbed);
}

/** Replaces the values in the audit entries about the person; returns how many entries changed. */
async function scrubAuditTrail(
  tx: Transaction,
  personId: string,
  anniversaryIds: readonly string[],
  pluginRecords: readonly AuditRecord[],
): Promise<number> {
  const entries = await tx.auditEntry.findMany({ where: auditWhere(personId, anniversaryIds, pluginRecords), select: { id: true, changes: true } });
  let changed = 0;
  for (const entry of entries) {
    const scrubbed = scrubAuditChanges(entry.changes);
    if (scrubbed === entry.changes) continue;
    await tx.auditEntry.update({ where: { id: entry.id }, data: { changes: scrubbed } });
    changed++;
  }
  return changed;
}

function pluginFailure(plugin: string, hook: string, error: unknown): Error {
  return new Error(`plugin ${plugin}: personal data ${hook} failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

export function createPersonalDataService(deps: ServiceDeps) {
  const hooks = deps.personalDataHooks ?? [];

  return {
    /**
     * Everything personal held about the person, as one document. The export
     * is itself a read of sensitive data and is logged (and listed in the
     * document it produces).
     */
    async exportPersonalData(personId: string, request: ReadRequest): Promise<PersonalDataExport> {
      checkPersonId(personId);
      return deps.transaction(async (tx) => {
        const person = await tx.person.findUnique({ where: { id: personId }, include: { profile: true } });
        if (!person) throw new NotFoundError('Person', personId);
        const now = deps.now();
        await writeSensitiveReads(tx, [{ at: now, actor: request.actor, personId, fields: ['export'], operation: request.operation }]);

        const anniversaryIds = await anniversaryIdsOf(tx, personId);
        const [anniversaries, reads, audit] = [
          await tx.personAnniversary.findMany({ where: { personId }, orderBy: [{ date: 'asc' }, { id: 'asc' }] }),
          await tx.sensitiveRead.findMany({ where: { personId }, orderBy: { id: 'asc' } }),
          await tx.auditEntry.findMany({ where: auditWhere(personId, anniversaryIds), orderBy: { id: 'asc' } }),
        ];
        const plugins: Record<string, Record<string, unknown>> = {};
        for (const { plugin, options, hooks: h } of hooks) {
          try {
            plugins[plugin] = await h.export(personId, { tx, options, now: deps.now });
          } catch (error) {
            throw pluginFailure(plugin, 'export', error);
          }
        }
        const { profile } = person;
        return {
          format: 'kam.personal-data-export/1',
          exportedAt: now.toISOString(),
          person: {
            id: person.id,
            accountId: person.accountId,
            name: person.name,
            title: person.title,
            department: person.department,
            email: person.email,
            phone: person.phone,
            decisionRole: person.decisionRole,
            isKeyPerson: person.isKeyPerson,
            reportsToId: person.reportsToId,
            erasedAt: iso(person.erasedAt),
            createdAt: person.createdAt.toISOString(),
            updatedAt: person.updatedAt.toISOString(),
          },
          profile: profile && {
            gender: profile.gender,
            birthDate: iso(profile.birthDate)?.slice(0, 10) ?? null,
            familyMembers: profile.familyMembers,
            expertise: profile.expertise,
            hobbies: profile.hobbies,
            personalDevelopment: profile.personalDevelopment,
            personality: profile.personality,
            healthNotes: profile.healthNotes,
            updatedAt: profile.updatedAt.toISOString(),
          },
          anniversaries: anniversaries.map((a) => ({
            id: a.id,
            kind: a.kind,
            label: a.label,
            date: a.date.toISOString().slice(0, 10),
            createdAt: a.createdAt.toISOString(),
          })),
          sensitiveReads: reads.map((r) => ({
            at: r.at.toISOString(),
            actorKind: r.actorKind,
            actorId: r.actorId,
            fields: r.fields === '' ? [] : r.fields.split(','),
            operation: r.operation,
          })),
          auditTrail: audit.map(({ accountId: _account, ...e }): AuditTrailItem => ({ ...e, at: e.at.toISOString(), changes: parseChanges(e.changes) })),
          plugins,
        };
      });
    },

    /**
     * Erases the person's personal data in one transaction: name, email and
     * phone on the Person row (title, department, role, key-person flag,
     * reporting line and account stay: they are the customer's business
     * records), the profile and anniversaries, the values in the audit trail
     * about those rows, and whatever plugins hold. Idempotent.
     *
     * The erasure's own audit entries keep the names of the fields it
     * cleared, not the values it overwrote.
     */
    async erasePersonalData(personId: string): Promise<ErasureResult> {
      checkPersonId(personId);
      return deps.transaction(async (tx, emit) => {
        recordFieldNamesOnly();
        const person = await tx.person.findUnique({ where: { id: personId } });
        if (!person) throw new NotFoundError('Person', personId);
        const alreadyErased = person.erasedAt !== null;
        const anniversaryIds = await anniversaryIdsOf(tx, personId);

        const placeholder = { name: ERASED_PERSON_NAME, searchName: ERASED_PERSON_NAME.toLowerCase(), email: null, phone: null };
        const personal = person.name !== placeholder.name || person.searchName !== placeholder.searchName || person.email !== null || person.phone !== null;
        const erased =
          alreadyErased && !personal
            ? person
            : await tx.person.update({ where: { id: personId }, data: { ...placeholder, erasedAt: person.erasedAt ?? deps.now() } });
        await tx.personAnniversary.deleteMany({ where: { personId } });
        await tx.personProfile.deleteMany({ where: { personId } });
        const pluginRecords: AuditRecord[] = [];
        for (const { plugin, options, hooks: h } of hooks) {
          let reported;
          try {
            reported = await h.erase(personId, { tx, options, now: deps.now });
          } catch (error) {
            throw pluginFailure(plugin, 'erase', error);
          }
          for (const record of reported?.auditRecords ?? []) {
            if (typeof record?.entityType !== 'string' || typeof record.entityId !== 'string') {
              throw pluginFailure(plugin, 'erase', new Error('auditRecords must be { entityType, entityId } strings'));
            }
            pluginRecords.push({ entityType: record.entityType, entityId: record.entityId });
          }
        }
        await scrubAuditTrail(tx, personId, anniversaryIds, pluginRecords);
        if (!alreadyErased) emit(personEvents.erased, person.accountId, { personId });
        return { person: erased, alreadyErased };
      });
    },
  };
}

export type PersonalDataService = ReturnType<typeof createPersonalDataService>;
