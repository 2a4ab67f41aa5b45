import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError, unavailabilityOf } from '../../src/errors/service-unavailable.js';

describe('telling "try again later" from a bug', () => {
  it('recognises an unreachable database, an exhausted pool, a transaction that could not start and a locked file', () => {
    const prismaError = (code: string, driverAdapterError?: unknown) => Object.assign(new Error('Invalid invocation'), { code, meta: { driverAdapterError } });
    const adapterError = (kind: string) => Object.assign(new Error(kind), { name: 'DriverAdapterError', cause: { kind } });
    expect(unavailabilityOf(prismaError('P1001', adapterError('DatabaseNotReachable')))).toBe('the database cannot be reached');
    expect(unavailabilityOf(prismaError('P2028'))).toBe('a transaction could not start in time');
    expect(unavailabilityOf(new Error('timeout exceeded when trying to connect'))).toBe('no database connection was free in time');
    expect(unavailabilityOf(Object.assign(new Error('x'), { cause: Object.assign(new Error('terminating connection'), { code: '57P01' }) }))).toBe(
      'the database is shutting down',
    );
    expect(unavailabilityOf(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe('the database file is locked by another writer');
    expect(unavailabilityOf(prismaError('P2010', adapterError('ConnectionClosed')))).toBe('the database closed the connection');
  });

  it('leaves every other failure to the error mask', () => {
    for (const error of [new Error('Cannot read properties of undefined'), new TypeError('x is not a function'), { code: 'P2002' }, 'string', null, undefined]) {
      expect(unavailabilityOf(error)).toBeUndefined();
    }
    // A cycle of causes does not loop.
    const a: { cause?: unknown } = {};
    a.cause = { cause: a };
    expect(unavailabilityOf(a)).toBeUndefined();
  });

  it('answers with SERVICE_UNAVAILABLE, HTTP 503 and Retry-After over HTTP, and only the code over websockets', () => {
    expect(new ServiceUnavailableError('the database cannot be reached').extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: 2,
      http: { status: 503, headers: { 'Retry-After': '2' } },
    });
    expect(new ServiceUnavailableError('x', false).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });
  });
});
