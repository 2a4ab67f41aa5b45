/**
 * Which account a record belongs to, read off the Prisma datamodel once:
 * an Account is its own; a model with a required relation to Account
 * belongs through its `accountId`; a model without one that belongs to a
 * record of such a model (an anniversary to its person) belongs through
 * that record. Every other model (staff, outbox, audit) belongs to none.
 */
import { getDatamodel } from '../generated/pothos-prisma-types.js';

export type Ownership =
  | { kind: 'account' }
  /** The model's own column names the account. */
  | { kind: 'column'; field: string }
  /** The account is that of the record `field` points to, of `model`. */
  | { kind: 'through'; field: string; model: string }
  | { kind: 'none' };

interface DatamodelField {
  name: string;
  type: string;
  kind: string;
  isRequired: boolean;
  relationFromFields?: readonly string[];
}

function fieldsOf(model: string): readonly DatamodelField[] {
  const models = getDatamodel().datamodel.models as Record<string, { fields: readonly DatamodelField[] }>;
  return models[model]?.fields ?? [];
}

function computeOwnership(): Map<string, Ownership> {
  const models = Object.keys(getDatamodel().datamodel.models);
  const ownership = new Map<string, Ownership>([['Account', { kind: 'account' }]]);
  for (const model of models) {
    if (model === 'Account') continue;
    const link = fieldsOf(model).find((f) => f.kind === 'object' && f.type === 'Account' && (f.relationFromFields?.length ?? 0) === 1);
    if (link) ownership.set(model, { kind: 'column', field: link.relationFromFields![0]! });
  }
  const direct = new Set(ownership.keys());
  for (const model of models) {
    if (direct.has(model)) continue;
    const owners = fieldsOf(model).filter(
      (f) => f.kind === 'object' && f.isRequired && direct.has(f.type) && f.relationFromFields?.length === 1,
    );
    ownership.set(model, owners.length === 1 ? { kind: 'through', field: owners[0]!.relationFromFields![0]!, model: owners[0]!.type } : { kind: 'none' });
  }
  return ownership;
}

let cached: Map<string, Ownership> | undefined;

/** How records of `model` belong to an account. */
export function ownershipOf(model: string): Ownership {
  cached ??= computeOwnership();
  return cached.get(model) ?? { kind: 'none' };
}

/** Models whose records belong to an account directly: `Account` and every model with an `accountId`-like relation. */
export function accountOwnedModels(): Set<string> {
  cached ??= computeOwnership();
  return new Set([...cached].filter(([, o]) => o.kind === 'account' || o.kind === 'column').map(([m]) => m));
}

/** Models that belong to an account through a record of an account-owned model, with the linking column. */
export function ownedThroughModels(): Map<string, { field: string; model: string }> {
  cached ??= computeOwnership();
  const through = new Map<string, { field: string; model: string }>();
  for (const [model, o] of cached) if (o.kind === 'through') through.set(model, { field: o.field, model: o.model });
  return through;
}

/** The account of a record of an account-owned model: its own id for an Account, else its account column. */
export function accountIdOf(model: string, record: unknown): string | undefined {
  const ownership = ownershipOf(model);
  const value = record as Record<string, unknown> | null;
  const id = ownership.kind === 'account' ? value?.id : ownership.kind === 'column' ? value?.[ownership.field] : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** The scalar type of a model's `id` (String or Int). */
export function idTypeOf(model: string): string | undefined {
  return fieldsOf(model).find((f) => f.name === 'id')?.type;
}
