/**
 * Which models the audit trail covers and what it needs to know about each:
 * read from the generated datamodel (core and every installed plugin), so a
 * plugin's models are covered without the plugin doing anything.
 */
import { getDatamodel } from '../generated/pothos-prisma-types.js';

/**
 * Internal bookkeeping, not business data: the outbox and its delivery
 * progress, the dispatcher lease, derived health, and the accountability logs
 * themselves. Writes to these are never audited.
 */
export const UNAUDITED_MODELS: ReadonlySet<string> = new Set([
  'OutboxEvent',
  'EventDelivery',
  'DispatcherLease',
  'AccountHealth',
  'AccountHealthChange',
  'AuditEntry',
  'SensitiveRead',
]);

/**
 * Models of sensitive personal data (a key person's private profile, say),
 * readable only by top management and the relationship owner: the trail
 * (read by administrators) records that a field changed, and whether it was
 * set or cleared, never its value. Core has none of its own; plugins declare
 * theirs (`withheldAuditValues`) and every runtime registers those of its
 * installed plugins, enabled or not. Never unregistered: withholding more is
 * the safe side.
 */
const withheldValueModels = new Set<string>();

export function withholdAuditValues(models: Iterable<string>): void {
  for (const model of models) withheldValueModels.add(model);
}

export function isWithheldValueModel(name: string): boolean {
  return withheldValueModels.has(name);
}

/** Columns of those models that are bookkeeping, not personal, and stay readable (they link entries to the person). */
export const NOT_WITHHELD_COLUMNS: ReadonlySet<string> = new Set(['id', 'personId', 'kind', 'createdAt', 'updatedAt']);

/** Stands for a value the trail does not keep. */
export const WITHHELD = '[withheld]';

export interface AuditedModel {
  name: string;
  /** The Prisma client property for the model: `accountTeamMember`. */
  delegate: string;
  /** Scalar and enum columns, in schema order. */
  columns: readonly string[];
  /** Columns recorded in `changes`: all but those maintained by Prisma (`@updatedAt`). */
  recorded: readonly string[];
  /** Columns that identify a row: the primary key, or else the first unique constraint. */
  key: readonly string[];
  /** Whether the row carries the account it belongs to in an `accountId` column. */
  hasAccountId: boolean;
}

let models: Map<string, AuditedModel> | undefined;

function load(): Map<string, AuditedModel> {
  const result = new Map<string, AuditedModel>();
  for (const [name, model] of Object.entries(getDatamodel().datamodel.models)) {
    if (UNAUDITED_MODELS.has(name)) continue;
    const columns = model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
    const key =
      model.primaryKey?.fields ??
      (columns.some((f) => f.isId) ? columns.filter((f) => f.isId).map((f) => f.name) : undefined) ??
      model.uniqueIndexes[0]?.fields ??
      columns.filter((f) => f.isUnique).slice(0, 1).map((f) => f.name);
    result.set(name, {
      name,
      delegate: name.charAt(0).toLowerCase() + name.slice(1),
      columns: columns.map((f) => f.name),
      recorded: columns.filter((f) => !f.isUpdatedAt).map((f) => f.name),
      key,
      hasAccountId: columns.some((f) => f.name === 'accountId'),
    });
  }
  return result;
}

/** The audited model of that name, or undefined for bookkeeping models and unknown names. */
export function auditedModel(name: string): AuditedModel | undefined {
  models ??= load();
  return models.get(name);
}

/** Names of every audited model, sorted (what `entityType` may be). */
export function auditedModelNames(): string[] {
  models ??= load();
  return [...models.keys()].sort();
}
