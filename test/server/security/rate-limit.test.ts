/**
 * Rate limiting, in memory: a budget per caller (whom the bearer token verifies
 * as, else the address), shared by HTTP requests and websocket subscribe
 * messages; over it,
 * HTTP answers 429 with Retry-After and websockets refuse the operation, both
 * with RATE_LIMITED. An unreachable Redis does not take the API down.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { rateLimitKey } from '../../../src/server/security/rate-limit.js';
import { TEST_AUTH } from '../../support/test-app.js';
import { createTokenIssuer } from '../../../src/auth/tokens.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { captureLog, type CapturedLog } from '../../support/captured-log.js';
import { postJson, runOverWs, wsClient } from './security-support.js';

const TYPENAME = { query: '{ __typename }' };
const apps: TestApp[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
});

async function appWithBudget(points: number, extra: Record<string, unknown> = {}) {
  const app = await startTestApp({ config: { security: { rateLimit: { points, durationSeconds: 60 } }, ...extra } });
  apps.push(app);
  return app;
}

/** A second staff member, written straight to the database so that creating it spends no budget. */
async function otherStaffMember(t: TestApp): Promise<string> {
  const staff = await t.db.prisma.staff.create({
    data: { name: 'Olga Other', searchName: 'olga other', email: `other-${Math.random().toString(36).slice(2, 8)}@sme.example`, level: 'FRONTLINE', department: 'Service', hireDate: new Date('2020-01-01') },
  });
  return staff.id;
}

/** Sends `count` requests and returns their statuses. */
async function statuses(url: string, count: number, token?: string | null) {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await postJson(url, TYPENAME, { token })).status);
  return result;
}

function expectRateLimited(res: Awaited<ReturnType<typeof postJson>>, durationSeconds = 60) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(durationSeconds);
  expect(res.body).toEqual({
    errors: [{ message: `Too many requests: try again in ${retryAfter} s.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }],
  });
}

describe('rate limit over HTTP', () => {
  it('gives each caller one budget, however many tokens it holds, and answers 429 with Retry-After beyond it', async () => {
    const t = await appWithBudget(3);
    const [first, second] = [await t.tokenFor(t.operator.id), await t.tokenFor(t.operator.id, 7200)];
    expect(await statuses(t.url, 2, first)).toEqual([200, 200]);
    // A second token of the same person draws on the same budget.
    expect(await statuses(t.url, 1, second)).toEqual([200]);
    expectRateLimited(await postJson(t.url, TYPENAME, { token: second }));
    expectRateLimited(await postJson(t.url, TYPENAME, { token: first }));
    // Another staff member, and callers without a token (by address), have budgets of their own.
    expect(await statuses(t.url, 3, await t.tokenFor(await otherStaffMember(t)))).toEqual([200, 200, 200]);
    expect(await statuses(t.url, 3, null)).toEqual([200, 200, 200]);
    expectRateLimited(await postJson(t.url, TYPENAME, { token: null }));
  });

  it('counts a token that does not verify against its address, so forged tokens buy no fresh budget', async () => {
    const t = await appWithBudget(3);
    const forger = createTokenIssuer({ ...TEST_AUTH, jwtSecret: 'not-the-secret-of-this-server-at-all-0123' });
    const forged = () => forger({ subject: t.operator.id, ttlSeconds: 3600, now: new Date() });
    expect(await statuses(t.url, 2, await forged())).toEqual([401, 401]);
    expect(await statuses(t.url, 1, 'not-even-a-jwt')).toEqual([401]);
    // The address's budget is spent: another forged token, and an anonymous caller, are refused...
    expectRateLimited(await postJson(t.url, TYPENAME, { token: await forged() }));
    expectRateLimited(await postJson(t.url, TYPENAME, { token: null }));
    // ...while the real holder of the subject keeps its own budget.
    expect(await statuses(t.url, 3, t.operator.token)).toEqual([200, 200, 200]);
  });

  it('counts refused requests too, and not liveness checks', async () => {
    const t = await appWithBudget(2);
    for (let i = 0; i < 5; i++) expect((await fetch(t.url.replace('/graphql', '/health'))).status).toBe(200);
    const refused = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`); // CSRF: a simple GET
    expect(refused.status).toBe(403);
    expect((await postJson(t.url, TYPENAME)).status).toBe(200);
    expectRateLimited(await postJson(t.url, TYPENAME));
  });

  it('is off with 0 points', async () => {
    const t = await appWithBudget(0);
    expect(await statuses(t.url, 5)).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('rate limit over websockets', () => {
  it('counts each subscribe message against the token of the connection, together with its HTTP requests', async () => {
    const t = await appWithBudget(4);
    const token = await t.tokenFor(t.operator.id);
    const ws = wsClient(t.wsUrl, token);
    try {
      expect(await statuses(t.url, 2, token)).toEqual([200, 200]);
      for (let i = 0; i < 2; i++) expect(await runOverWs(ws, '{ __typename }')).toEqual({ results: [{ data: { __typename: 'Query' } }], errors: [] });
      const refused = await runOverWs(ws, '{ __typename }');
      expect(refused.results).toEqual([]);
      expect(refused.errors).toEqual([
        { message: expect.stringMatching(/^Too many requests: try again in \d+ s\.$/), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } },
      ]);
      // The operation is refused, not the connection: a subscription over budget is refused the same way.
      expect((await runOverWs(ws, 'subscription { accountChanged { change } }')).errors.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
      expectRateLimited(await postJson(t.url, TYPENAME, { token }));
      // Another connection of the same person shares the spent budget; another person's has its own.
      const same = wsClient(t.wsUrl, await t.tokenFor(t.operator.id, 7200));
      expect((await runOverWs(same, '{ __typename }')).errors.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
      await same.dispose();
      const other = wsClient(t.wsUrl, await t.tokenFor(await otherStaffMember(t)));
      expect((await runOverWs(other, '{ __typename }')).results).toEqual([{ data: { __typename: 'Query' } }]);
      await other.dispose();
    } finally {
      await ws.dispose();
    }
  });
});

describe('rate limit keys and configuration', () => {
  it('keys on whom the bearer token verifies as, else on the client address', () => {
    // Reading the subject from the Authorization header is the authenticator's (test/auth/tokens.test.ts).
    expect(rateLimitKey('staff-1', '10.0.0.1')).toBe('subject:staff-1');
    expect(rateLimitKey('service:erp', '10.0.0.1')).toBe('subject:service:erp');
    expect(rateLimitKey(undefined, '10.0.0.1')).toBe('address:10.0.0.1');
    expect(rateLimitKey(undefined, '::ffff:10.0.0.1')).toBe('address:10.0.0.1');
    expect(rateLimitKey(undefined, '2001:db8::1')).toBe('address:2001:db8::1');
  });

  it('reads points and duration from the environment', () => {
    expect(loadConfig({}).security.rateLimit).toEqual({ points: 600, durationSeconds: 60 });
    expect(loadConfig({ RATE_LIMIT_POINTS: '100', RATE_LIMIT_DURATION_SECONDS: '10' }).security.rateLimit).toEqual({ points: 100, durationSeconds: 10 });
    expect(() => loadConfig({ RATE_LIMIT_POINTS: '-1' })).toThrow(/RATE_LIMIT_POINTS/);
  });
});

describe('with Redis unreachable', () => {
  let log: CapturedLog;
  beforeEach(() => {
    log = captureLog();
  });
  afterEach(() => {
    log.restore();
  });

  it('keeps serving and limiting, counting in memory, and says so once', async () => {
    // Nothing listens on port 1: every connection attempt is refused at once.
    const t = await appWithBudget(3, { redisUrl: 'redis://127.0.0.1:1', pubsubPrefix: 'kam-test:unreachable:' });
    expect(await statuses(t.url, 3)).toEqual([200, 200, 200]);
    expectRateLimited(await postJson(t.url, TYPENAME));
    const warnings = () => log.texts().filter((line) => line.startsWith('rate limit:'));
    for (let i = 0; i < 100 && warnings().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await statuses(t.url, 1)).toEqual([429]);
    expect(warnings()).toEqual([expect.stringMatching(/^rate limit: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 .*each instance counts on its own meanwhile$/)]);
  });
});
