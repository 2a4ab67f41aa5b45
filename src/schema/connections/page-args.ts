/**
 * The Relay paging arguments (`first`/`after`, `last`/`before`) read into
 * one page request: its direction, its size (default 20, capped at 100) and
 * the sort key it starts from.
 */
import { badUserInput } from '../../errors/bad-input.js';
import type { CursorCodec, CursorValue } from './cursor-codec.js';

/** Items per connection page: 20 unless `first`/`last` ask otherwise, and never more than 100. */
export const PAGE_SIZE = { default: 20, max: 100 } as const;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface PageRequest {
  /** Backward pages (`last`/`before`) read in reverse order and are turned back before they are returned. */
  backward: boolean;
  size: number;
  /** The sort key to start after (before, backward); null from the start (end). */
  from: CursorValue[] | null;
  /** Whether the client paged from a cursor, which decides hasPreviousPage/hasNextPage on that side. */
  fromCursor: boolean;
}


export function readPageArgs(args: PageArgs, codec: CursorCodec, scope: string, keyLength: number): PageRequest {
  const { first, last, after, before } = args;
  if (first != null && last != null) throw badUserInput('Pass either first or last, not both.');
  if (after != null && before != null) throw badUserInput('Pass either after or before, not both.');
  if (first != null && before != null) throw badUserInput('first pages forward: use it with after, not before.');
  if (last != null && after != null) throw badUserInput('last pages backward: use it with before, not after.');
  const count = first ?? last;
  if (count != null && (!Number.isInteger(count) || count < 0)) throw badUserInput(`${first != null ? 'first' : 'last'} must be zero or more.`);
  const backward = last != null || before != null;
  const cursor = backward ? before : after;
  return {
    backward,
    size: Math.min(count ?? PAGE_SIZE.default, PAGE_SIZE.max),
    from: cursor == null ? null : codec.decode(scope, cursor, keyLength),
    fromCursor: cursor != null,
  };
}
