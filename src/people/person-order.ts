import type { SortKey } from '../schema/connections/keyset.js';

/** Contacts by name, then id: the order of every list of people. */
export const PEOPLE_BY_NAME: readonly SortKey[] = [
  { field: 'searchName', direction: 'asc' },
  { field: 'id', direction: 'asc' },
];
