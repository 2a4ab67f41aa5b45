/**
 * Relay global IDs: base64 of "<Type>:<id>". Decoding is strict so a
 * malformed or mistyped ID is a typed input error, never a crash.
 */
import { badUserInput } from '../errors/bad-input.js';
import { ValidationError } from '../errors/domain-errors.js';

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${String(id)}`, 'utf8').toString('base64url');
}

export function tryDecodeGlobalId(globalId: string): { typename: string; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 512) return null;
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const match = /^([A-Za-z][A-Za-z0-9_]*):(.+)$/s.exec(decoded);
  if (!match) return null;
  return { typename: match[1]!, id: match[2]! };
}

/** For query arguments: a GraphQL error with code BAD_USER_INPUT. */
export function decodeGlobalIdOrThrow(globalId: string): { typename: string; id: string } {
  const decoded = tryDecodeGlobalId(globalId);
  if (!decoded) {
    throw badUserInput(`Malformed global ID: ${JSON.stringify(String(globalId).slice(0, 64))}`);
  }
  return decoded;
}

/** For mutation inputs: the raw database id, or a ValidationError naming the field. */
export function idOf(globalId: string, expectedType: string, path: string[]): string {
  const decoded = tryDecodeGlobalId(globalId);
  if (!decoded) throw new ValidationError([{ path, message: 'is not a valid global ID' }]);
  if (decoded.typename !== expectedType) {
    throw new ValidationError([{ path, message: `must be the ID of a ${expectedType}, not a ${decoded.typename}` }]);
  }
  return decoded.id;
}
