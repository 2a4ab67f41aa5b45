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
import type { AuditRecordRef, PersonalDataHookRegistration } from './personal-data-hooks.js';
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
  format: 'kam.personal-data-export/2';
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
  /** Who read this person's sensitive data, this export included. */
  sensitiveReads: { at: string; actorKind: string; actorId: string; fields: string[]; operation: string | null }[];
  /** Changes to the person's record and to the rows plugins hold about them (`personalData.auditRecords`). */
  auditTrail: AuditTrailItem[];
  /** What each installed plugin holds (the key-person dossier is the relationship plugin's), by plugin name. */
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
 * The rows of `entityType` whose audit entries say they belonged to the
 * person (`field` set to, or changed from, the person's id): rows held now,
 * and rows deleted since (the rows are gone, their history is not). For a
 * plugin's `personalData.auditRecords`.
 */
export async function auditedRecordsOf(tx: Transaction, entityType: string, personId: string, field = 'personId'): Promise<AuditRecordRef[]> {
  const ids = new Set<string>();
  const entries = await tx.auditEntry.findMany({
    where: { entityType, changes: { contains: personId } },
    select: { entityId: true, changes: true },
    orderBy: { id: 'asc' },
  });
  for (const entry of entries) {
    const changes = parseChanges(entry.changes) as Record<string, { before?: unknown; after?: unknown } | null> | null;
    const owner = changes?.[field];
    if (owner && (owner.before === personId || owner.after === personId)) ids.add(entry.entityId);
  }
  return [...ids].map((entityId) => ({ entityType, entityId }));
}

function parseChanges(changes: string): unknown {
  try {
    return JSON.parse(changes) as unknown;
  } catch {
    return changes;
  }
}

/** Audited rows, as the audit trail names them. */
type AuditRecord = AuditRecordRef;

/** Audit entries about the person's own rows: their Person row, and the rows plugins reported. */
function auditWhere(personId: string, pluginRecords: readonly AuditRecord[] = []) {
  const byType = new Map<string, Set<string>>([['Person', new Set([personId])]]);
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
async function scrubAuditTrail(tx: Transaction, personId: string, pluginRecords: readonly AuditRecord[]): Promise<number> {
  const entries = await tx.auditEntry.findMany({ where: auditWhere(personId, pluginRecords), select: { id: true, changes: true } });
  let changed = 0;
  for (const entry of entries) {
    const scrubbed = scrubAuditChanges(entry.changes);
    if (scrubbed === entry.changes) continue;
    await tx.auditEntry.update({ where: { id: entry.id }, data: { changes: scrubbed } });
    changed++;
  }
  return changed;
}

function checkedRecords(plugin: string, hook: string, records: readonly unknown[] | undefined): AuditRecord[] {
  return (records ?? []).map((record) => {
    const r = record as Partial<AuditRecord> | null;
    if (typeof r?.entityType !== 'string' || typeof r.entityId !== 'string') {
      throw pluginFailure(plugin, hook, new Error('auditRecords must be { entityType, entityId } strings'));
    }
    return { entityType: r.entityType, entityId: r.entityId };
  });
}

/** What every plugin's `auditRecords` hook names about the person. */
async function auditRecordsOfPlugins(
  tx: Transaction,
  hooks: readonly PersonalDataHookRegistration[],
  personId: string,
  now: () => Date,
  during: 'export' | 'erase',
): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for (const { plugin, options, hooks: h } of hooks) {
    if (!h.auditRecords) continue;
    let named;
    try {
      named = await h.auditRecords(personId, { tx, options, now });
    } catch (error) {
      throw pluginFailure(plugin, during, error);
    }
    if (!Array.isArray(named)) throw pluginFailure(plugin, during, new Error('auditRecords must return an array'));
    records.push(...checkedRecords(plugin, during, named));
  }
  return records;
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
        const person = await tx.person.findUnique({ where: { id: personId } });
        if (!person) throw new NotFoundError('Person', personId);
        const now = deps.now();
        await writeSensitiveReads(tx, [{ at: now, actor: request.actor, personId, fields: ['export'], operation: request.operation }]);

        const pluginRecords = await auditRecordsOfPlugins(tx, hooks, personId, deps.now, 'export');
        const plugins: Record<string, Record<string, unknown>> = {};
        for (const { plugin, options, hooks: h } of hooks) {
          try {
            plugins[plugin] = await h.export(personId, { tx, options, now: deps.now });
          } catch (error) {
            throw pluginFailure(plugin, 'export', error);
          }
        }
        const reads = await tx.sensitiveRead.findMany({ where: { personId }, orderBy: { id: 'asc' } });
        const audit = await tx.auditEntry.findMany({ where: auditWhere(personId, pluginRecords), orderBy: { id: 'asc' } });
        return {
          format: 'kam.personal-data-export/2',
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
     * records), whatever plugins hold (the key-person dossier included: the
     * hooks of every installed plugin run, enabled or not), and the values in
     * the audit trail about those rows. Idempotent.
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
        // Before the hooks delete anything: the rows whose history is to be scrubbed.
        const pluginRecords: AuditRecord[] = await auditRecordsOfPlugins(tx, hooks, personId, deps.now, 'erase');

        const placeholder = { name: ERASED_PERSON_NAME, searchName: ERASED_PERSON_NAME.toLowerCase(), email: null, phone: null };
        const personal = person.name !== placeholder.name || person.searchName !== placeholder.searchName || person.email !== null || person.phone !== null;
        const erased =
          alreadyErased && !personal
            ? person
            : await tx.person.update({ where: { id: personId }, data: { ...placeholder, erasedAt: person.erasedAt ?? deps.now() } });
        for (const { plugin, options, hooks: h } of hooks) {
          let reported;
          try {
            reported = await h.erase(personId, { tx, options, now: deps.now });
          } catch (error) {
            throw pluginFailure(plugin, 'erase', error);
          }
          pluginRecords.push(...checkedRecords(plugin, 'erase', reported?.auditRecords));
        }
        await scrubAuditTrail(tx, personId, pluginRecords);
        if (!alreadyErased) emit(personEvents.erased, person.accountId, { personId });
        return { person: erased, alreadyErased };
      });
    },
  };
}

export type PersonalDataService = ReturnType<typeof createPersonalDataService>;
