/**
 * Connection cursors that reveal nothing and cannot be forged: a cursor
 * carries the sort key of the record it points after (so paging never looks
 * the record up, and a record that is hidden or gone behaves like any other
 * position), bound to one connection and ordering, and authenticated with an
 * HMAC under a server secret. Anything else offered as a cursor (forged,
 * tampered, from another connection or another deployment) is one typed
 * error, `INVALID_CURSOR`, whatever it names.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';

/** A sort key value as stored in a cursor. */
export type CursorValue = string | number | boolean | null | Date;

/** Cursor payloads are tiny; anything longer is refused before any work. */
const MAX_CURSOR_LENGTH = 1024;
const VERSION = 1;
/** 128 bits of HMAC-SHA256: forging one is out of reach, and cursors stay short. */
const TAG_BYTES = 16;

export class InvalidCursorError extends GraphQLError {
  constructor() {
    super('Invalid cursor: pass back a cursor this connection returned, unchanged.', { extensions: { code: 'INVALID_CURSOR' } });
  }
}

export interface CursorCodec {
  /** `scope` names the connection and its ordering, e.g. `Query.accounts|NAME:ASC`. */
  encode(scope: string, values: readonly CursorValue[]): string;
  /** The values, or InvalidCursorError when the cursor was not issued for this scope by this server. */
  decode(scope: string, cursor: unknown, expectedLength: number): CursorValue[];
}

type Encoded = ['s', string] | ['n', number] | ['b', boolean] | ['z'] | ['d', string];

function encodeValue(value: CursorValue): Encoded {
  if (value === null || value === undefined) return ['z'];
  if (value instanceof Date) return ['d', value.toISOString()];
  switch (typeof value) {
    case 'string':
      return ['s', value];
    case 'number':
      return ['n', value];
    case 'boolean':
      return ['b', value];
    default:
      throw new Error(`cannot put a ${typeof value} in a cursor`);
  }
}

function decodeValue(encoded: unknown): CursorValue {
  if (!Array.isArray(encoded)) throw new InvalidCursorError();
  const [tag, value] = encoded as [unknown, unknown];
  switch (tag) {
    case 'z':
      return null;
    case 's':
      if (typeof value === 'string') return value;
      break;
    case 'n':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      break;
    case 'b':
      if (typeof value === 'boolean') return value;
      break;
    case 'd': {
      const date = typeof value === 'string' ? new Date(value) : null;
      if (date && !Number.isNaN(date.getTime())) return date;
      break;
    }
  }
  throw new InvalidCursorError();
}

export function createCursorCodec(secret: string | Uint8Array): CursorCodec {
  if (secret.length < 16) throw new Error('the cursor secret must be at least 16 bytes');
  const tag = (scope: string, payload: string) =>
    createHmac('sha256', secret).update(scope).update('\u0000').update(payload).digest().subarray(0, TAG_BYTES);

  return {
    encode(scope, values) {
      const payload = Buffer.from(JSON.stringify([VERSION, ...values.map(encodeValue)]), 'utf8').toString('base64url');
      return `${payload}.${tag(scope, payload).toString('base64url')}`;
    },
    decode(scope, cursor, expectedLength) {
      if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH) throw new InvalidCursorError();
      const dot = cursor.indexOf('.');
      if (dot <= 0) throw new InvalidCursorError();
      const payload = cursor.slice(0, dot);
      const given = Buffer.from(cursor.slice(dot + 1), 'base64url');
      const expected = tag(scope, payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursorError();
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw new InvalidCursorError();
      }
      if (!Array.isArray(parsed) || parsed[0] !== VERSION || parsed.length !== expectedLength + 1) throw new InvalidCursorError();
      return parsed.slice(1).map(decodeValue);
    },
  };
}
