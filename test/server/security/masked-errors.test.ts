/**
 * An unexpected failure (here: the database lost a table under the API)
 * reaches clients as "Unexpected error." with INTERNAL_SERVER_ERROR: no stack
 * trace, no driver message, no SQL; the details go to the server log only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLog } from '../../support/captured-log.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { postJson } from './security-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  // Break the database under the running API; the test database is dropped afterwards.
  await t.db.prisma.$executeRawUnsafe('ALTER TABLE "Account" RENAME TO "AccountGone"');
});
afterAll(async () => {
  await t?.close();
});

describe('unexpected errors', () => {
  it('are masked in HTTP responses and logged on the server', async () => {
    const log = captureLog();
    try {
      for (const accept of ['application/json', 'application/graphql-response+json']) {
        const res = await postJson(t.url, { query: '{ accounts(first: 5) { totalCount edges { node { id name } } } }' }, {
          token: t.operator.token,
          headers: { accept },
        });
        expect(res.body.errors?.length).toBeGreaterThan(0);
        for (const error of res.body.errors ?? []) {
          expect(error.message).toBe('Unexpected error.');
          expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
        }
        const text = JSON.stringify(res.body);
        expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
        expect(text).not.toMatch(/stack|originalError|prisma|sqlite|postgres|Account"|AccountGone|no such table|does not exist|invocation/i);
      }
    } finally {
      log.restore();
    }
    // The operator still gets the details.
    expect(log.lines.some(({ level, parts: [first, second] }) => level === 'error' && first === 'unexpected error:' && /Account/.test(String(second)))).toBe(true);
  });
});
