import { describe, expect, it } from 'vitest';
import { createCursorCodec, InvalidCursorError } from '../../src/schema/connections/cursor-codec.js';

const codec = createCursorCodec('a cursor secret of thirty-two chars!');
const SCOPE = 'Query.accounts|searchName:asc,id:asc';

describe('cursor codec', () => {
  it('round-trips a sort key of strings, numbers, booleans, nulls and dates', () => {
    const values = ['ningbo mould', 42, true, null, new Date('2025-01-02T03:04:05.678Z')];
    expect(codec.decode(SCOPE, codec.encode(SCOPE, values), values.length)).toEqual(values);
  });

  it('refuses every cursor it did not issue for this connection and ordering, with one error', () => {
    const good = codec.encode(SCOPE, ['acme', 'acc_1']);
    const [payload, tag] = good.split('.') as [string, string];
    const flipped = `${payload.slice(0, -2)}${payload.at(-2) === 'A' ? 'B' : 'A'}${payload.at(-1)}.${tag}`;
    const refused = [
      // The format of the connections before signed cursors: base64 of "GPC:S:<raw id>".
      Buffer.from('GPC:S:acc_hidden').toString('base64'),
      flipped,
      `${payload}.${tag.slice(0, -1)}`,
      `${Buffer.from(JSON.stringify([1, ['s', 'zeta'], ['s', 'acc_9']])).toString('base64url')}.${tag}`,
      createCursorCodec('another deployment secret, 32 chars').encode(SCOPE, ['acme', 'acc_1']),
      '',
      '.',
      'x'.repeat(5000),
    ];
    for (const cursor of refused) {
      expect(() => codec.decode(SCOPE, cursor, 2), cursor.slice(0, 40)).toThrow(InvalidCursorError);
    }
    // Another connection, another ordering, another length.
    expect(() => codec.decode('Query.people|searchName:asc,id:asc', good, 2)).toThrow(InvalidCursorError);
    expect(() => codec.decode('Query.accounts|createdAt:asc,id:asc', good, 2)).toThrow(InvalidCursorError);
    expect(() => codec.decode(SCOPE, good, 3)).toThrow(InvalidCursorError);
    expect(() => codec.decode(SCOPE, 42, 2)).toThrow(InvalidCursorError);
  });

  it('says what to do, and nothing about what the cursor named', () => {
    const error = new InvalidCursorError();
    expect(error.extensions.code).toBe('INVALID_CURSOR');
    expect(error.message).toBe('Invalid cursor: pass back a cursor this connection returned, unchanged.');
  });

  it('needs a real secret', () => {
    expect(() => createCursorCodec('short')).toThrow(/at least 16 bytes/);
  });
});
