/**
 * Collects the audit entries of one runner invocation: one per written row,
 * with the before/after of the columns that changed, turned into AuditEntry
 * rows when the work is done (and written in the same transaction).
 */
import type { Actor } from '../auth/actor.js';
import { isWithheldValueModel, NOT_WITHHELD_COLUMNS, WITHHELD, type AuditedModel } from './audit-models.js';

export type AuditAction = 'CREATE' | 'UPDATE' | 'DELETE';

/** A row as Prisma returns it. */
export type Row = Record<string, unknown>;

/** JSON-safe value of a column; `null` for no value. */
export type AuditValue = string | number | boolean | null | Record<string, unknown> | unknown[];

export type AuditChanges = Record<string, { before: AuditValue; after: AuditValue }>;

export interface AuditEntryData {
  at: Date;
  actorKind: string;
  actorId: string;
  operation: string;
  entityType: string;
  entityId: string;
  action: AuditAction;
  changes: string;
  accountId: string | null;
}

interface Pending {
  entityType: string;
  entityId: string;
  action: AuditAction;
  changes: AuditChanges;
  accountId: string | null;
}

/** Dates as ISO strings; big integers, decimals and bytes as strings; JSON as is. */
export function auditValue(value: unknown): AuditValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object' && !Array.isArray(value) && isDecimal(value)) return value.toString();
  return value as AuditValue;
}

function isDecimal(value: object): boolean {
  const v = value as { toFixed?: unknown; d?: unknown; e?: unknown; s?: unknown };
  return typeof v.toFixed === 'function' && Array.isArray(v.d) && typeof v.e === 'number' && typeof v.s === 'number';
}

const same = (a: AuditValue, b: AuditValue) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** The identity of a row: its key column, or its key columns joined by `:`. */
export function entityIdOf(model: AuditedModel, row: Row): string {
  return model.key.map((k) => String(auditValue(row[k]))).join(':');
}

function accountIdOf(model: AuditedModel, row: Row): string | null {
  if (model.name === 'Account') return entityIdOf(model, row);
  if (!model.hasAccountId) return null;
  const accountId = row.accountId;
  return typeof accountId === 'string' ? accountId : null;
}

/** The recorded columns whose value differs; for a create `before` is null, for a delete `after` is. */
export function changesBetween(model: AuditedModel, before: Row | null, after: Row | null): AuditChanges {
  const changes: AuditChanges = {};
  const withheld = isWithheldValueModel(model.name);
  const shown = (value: AuditValue, column: string) => (withheld && value !== null && !NOT_WITHHELD_COLUMNS.has(column) ? WITHHELD : value);
  for (const column of model.recorded) {
    const b = before ? auditValue(before[column]) : null;
    const a = after ? auditValue(after[column]) : null;
    if (!same(a, b)) changes[column] = { before: shown(b, column), after: shown(a, column) };
  }
  return changes;
}

function withoutValues(changes: AuditChanges): AuditChanges {
  return Object.fromEntries(Object.keys(changes).map((field) => [field, { before: null, after: null }]));
}

export class AuditCollector {
  private readonly pending: Pending[] = [];
  private namesOnly = false;

  /** From now on, and for what was already collected, keep which fields changed but not their values. */
  dropValues(): void {
    this.namesOnly = true;
  }

  /** Records one written row; an update that changed no recorded column is not an entry. */
  record(model: AuditedModel, before: Row | null, after: Row | null): void {
    const action: AuditAction = before === null ? 'CREATE' : after === null ? 'DELETE' : 'UPDATE';
    const row = (after ?? before)!;
    const changes = changesBetween(model, before, after);
    if (action === 'UPDATE' && Object.keys(changes).length === 0) return;
    this.pending.push({
      entityType: model.name,
      entityId: entityIdOf(model, row),
      action,
      changes,
      // Where the row belongs after the change (a move between accounts is listed under the new one).
      accountId: accountIdOf(model, row),
    });
  }

  get size(): number {
    return this.pending.length;
  }

  /** The collected entries as AuditEntry rows, in the order the writes happened. */
  entries(at: Date, actor: Actor, operation: string): AuditEntryData[] {
    return this.pending.map((p) => ({
      at,
      actorKind: actor.kind,
      actorId: actor.id,
      operation,
      entityType: p.entityType,
      entityId: p.entityId,
      action: p.action,
      changes: JSON.stringify(this.namesOnly ? withoutValues(p.changes) : p.changes),
      accountId: p.accountId,
    }));
  }
}
