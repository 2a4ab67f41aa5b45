/**
 * Keyset paging: "the rows after this sort key" as a Prisma where clause, so
 * a page starts from the values a cursor carries and never from a looked-up
 * row. Orderings always end with a unique field, so every row has exactly
 * one position.
 */
import type { CursorValue } from './cursor-codec.js';

export interface SortKey {
  field: string;
  direction: 'asc' | 'desc';
  /**
   * Where nulls go, for nullable fields (SQLite and PostgreSQL disagree by
   * default, so nullable sort fields must say).
   */
  nulls?: 'first' | 'last';
}

export type Where = Record<string, unknown>;

/** The Prisma orderBy of an ordering; `reverse` for backward pages. */
export function orderByOf(order: readonly SortKey[], reverse = false): Record<string, unknown>[] {
  return order.map((key) => {
    const { direction, nulls } = reverse ? reversed(key) : key;
    return { [key.field]: nulls ? { sort: direction, nulls } : direction };
  });
}

function reversed(key: SortKey): SortKey {
  return {
    field: key.field,
    direction: key.direction === 'asc' ? 'desc' : 'asc',
    ...(key.nulls && { nulls: key.nulls === 'first' ? 'last' : 'first' }),
  };
}

/** Rows strictly after `value` in one field's order; null when no row can be (after the last null). */
function beyond(key: SortKey, value: CursorValue): Where | null {
  const op = key.direction === 'asc' ? 'gt' : 'lt';
  if (value === null) return key.nulls === 'first' ? { [key.field]: { not: null } } : null;
  const strictly = { [key.field]: { [op]: value } };
  return key.nulls === 'last' ? { OR: [strictly, { [key.field]: null }] } : strictly;
}

/**
 * The rows after (or, with `reverse`, before) the position `values` in
 * `order`: for each key, the rows equal on every earlier key and beyond it
 * on this one.
 */
export function keysetWhere(order: readonly SortKey[], values: readonly CursorValue[], reverse = false): Where {
  const keys = reverse ? order.map(reversed) : order;
  const branches: Where[] = [];
  for (let i = 0; i < keys.length; i++) {
    const step = beyond(keys[i]!, values[i] ?? null);
    if (!step) continue;
    const equal = keys.slice(0, i).map((key, j) => ({ [key.field]: values[j] ?? null }));
    branches.push(equal.length > 0 ? { AND: [...equal, step] } : step);
  }
  // No branch: nothing comes after this position.
  return branches.length > 0 ? { OR: branches } : { AND: [{ [order[0]!.field]: { in: [] } }] };
}

/** The sort key of a row, as a cursor carries it. */
export function sortValuesOf(order: readonly SortKey[], row: Record<string, unknown>): CursorValue[] {
  return order.map((key) => {
    const value = row[key.field];
    if (value === undefined) throw new Error(`sort field ${key.field} was not loaded`);
    return value as CursorValue;
  });
}

/** A stable name for an ordering, part of a cursor's scope. */
export function orderSignature(order: readonly SortKey[]): string {
  return order.map((k) => `${k.field}:${k.direction}${k.nulls ? `:${k.nulls}` : ''}`).join(',');
}
