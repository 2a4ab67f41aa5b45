/**
 * Authentication over HTTP, against a real server and database: no token
 * reads nothing, a bad token is refused with 401 and a Bearer challenge, and
 * staff details come from the database on every request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenIssuer } from '../../src/auth/tokens.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { assign, createAccount, createStaff, USER_ERROR_FIELDS } from '../support/fixtures.js';
import { rawId } from '../support/live-client.js';
import { DEFAULT_TEST_NOW, mintTestToken, startTestApp, TEST_AUTH, type GraphQLResponse, type TestApp } from '../support/test-app.js';

let t: TestApp;
let accountA: string;
let accountB: string;
let frontline: string;

beforeAll(async () => {
  t = await startTestApp();
  accountA = await createAccount(t, { name: 'Alpha Pumps' });
  accountB = await createAccount(t, { name: 'Beta Castings' });
  frontline = await createStaff(t, { name: 'Fang Liu', level: 'FRONTLINE', department: 'Service' });
  const assigned = await assign(t, { accountId: accountA, staffId: frontline, responsibility: 'SERVICE' });
  expect(assigned.errors).toEqual([]);
});
afterAll(async () => {
  await t?.close();
});

/** A raw POST, so status and headers can be seen; `authorization` is sent as given. */
async function post(query: string, authorization?: string, variables?: Record<string, unknown>) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(authorization !== undefined ? { authorization } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse };
}

const ACCOUNT_NAMES = `{ accounts(first: 50) { totalCount edges { node { name } } } }`;
const names = (data: any) => data.accounts.edges.map((e: any) => e.node.name).sort();

/** No value anywhere in `data`: null, or an object whose fields are all null. */
function expectNoData(data: unknown) {
  if (data == null) return;
  expect(Object.values(data as Record<string, unknown>).every((v) => v === null), JSON.stringify(data)).toBe(true);
}

describe('without a token', () => {
  it('answers UNAUTHENTICATED and no data for accounts, staff and node', async () => {
    const queries = [
      ACCOUNT_NAMES,
      `{ staff(first: 5) { totalCount edges { node { name email } } } }`,
      `{ node(id: "${accountA}") { id ... on Account { name } } }`,
      `{ nodes(ids: ["${accountA}", "${encodeGlobalId('Staff', t.operator.id)}"]) { id } }`,
      `{ account(id: "${accountA}") { name } }`,
    ];
    for (const query of queries) {
      const result = await t.gql(query, undefined, null);
      expect(result.errors?.length, query).toBeGreaterThan(0);
      expect(result.errors!.map((e) => e.extensions?.code), query).toEqual(result.errors!.map(() => 'UNAUTHENTICATED'));
      expectNoData(result.data);
      // Nothing about the records leaks into the errors either.
      expect(JSON.stringify(result)).not.toMatch(/Alpha Pumps|Test Operator|operator@kam\.test/);
    }
  });

  it('changes nothing with a mutation', async () => {
    const result = await t.gql(`mutation { createAccount(input: { name: "Sneaky Ltd", industry: INDUSTRIAL }) { account { id } } }`, undefined, null);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.db.prisma.account.count({ where: { name: 'Sneaky Ltd' } })).toBe(0);
  });
});

describe('a refused token', () => {
  async function expectRefused(authorization: string, reason: string) {
    const { status, headers, body } = await post(ACCOUNT_NAMES, authorization);
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ message: `Authentication failed: ${reason}.`, extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
  }

  it('is answered 401 when it has expired', async () => {
    const earlier = new Date(DEFAULT_TEST_NOW.getTime() - 2 * 3600_000);
    const expired = await mintTestToken({ subject: t.operator.id, ttlSeconds: 3600, now: earlier });
    await expectRefused(`Bearer ${expired}`, 'the token has expired');
  });

  it('is answered 401 when it is forged (signed with another secret)', async () => {
    const forge = createTokenIssuer({ ...TEST_AUTH, jwtSecret: 'not-the-server-secret-not-the-server-secret' });
    const forged = await forge({ subject: t.operator.id, ttlSeconds: 3600, now: DEFAULT_TEST_NOW });
    await expectRefused(`Bearer ${forged}`, 'the token signature is invalid');
  });

  it('is answered 401 when the header is not "Bearer <token>"', async () => {
    await expectRefused('Token abc', 'expected "Authorization: Bearer <token>"');
    await expectRefused(`Basic ${Buffer.from('operator:secret').toString('base64')}`, 'expected "Authorization: Bearer <token>"');
    await expectRefused('Bearer', 'expected "Authorization: Bearer <token>"');
    await expectRefused('Bearer not-a-jwt', 'the token is malformed');
  });

  it('is answered 401 when its staff member no longer exists', async () => {
    const leaver = await createStaff(t, { name: 'Left Company', level: 'MIDDLE', department: 'Sales' });
    const token = await t.tokenFor(rawId(leaver));
    expect((await post(ACCOUNT_NAMES, `Bearer ${token}`)).status).toBe(200);
    await t.db.prisma.staff.delete({ where: { id: rawId(leaver) } });
    await expectRefused(`Bearer ${token}`, 'the token names no staff member');
  });
});

describe('a valid token', () => {
  it('is accepted, in either case of the scheme', async () => {
    for (const scheme of ['Bearer', 'bearer']) {
      const { status, body } = await post(ACCOUNT_NAMES, `${scheme} ${t.operator.token}`);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(names(body.data)).toEqual(['Alpha Pumps', 'Beta Castings']);
    }
  });

  it("reaches what the member's level allows, and a level change applies on the very next request", async () => {
    const token = await t.tokenFor(rawId(frontline));
    const before = await t.ok(ACCOUNT_NAMES, undefined, token);
    expect(names(before)).toEqual(['Alpha Pumps']);
    expect((await t.gql(`query($id: ID!) { account(id: $id) { name } }`, { id: accountB }, token)).data).toEqual({ account: null });

    const promoted = await t.ok(`mutation($id: ID!) { updateStaff(id: $id, input: { level: TOP }) { staff { level } ${USER_ERROR_FIELDS} } }`, { id: frontline });
    expect(promoted.updateStaff).toEqual({ staff: { level: 'TOP' }, errors: [] });

    // Same token, next request: top management sees the whole portfolio.
    const after = await t.ok(ACCOUNT_NAMES, undefined, token);
    expect(names(after)).toEqual(['Alpha Pumps', 'Beta Castings']);
    expect((await t.ok(`query($id: ID!) { account(id: $id) { name } }`, { id: accountB }, token)).account).toEqual({ name: 'Beta Castings' });

    // And back down again, just as immediately.
    await t.ok(`mutation($id: ID!) { updateStaff(id: $id, input: { level: FRONTLINE }) { staff { level } } }`, { id: frontline });
    expect(names(await t.ok(ACCOUNT_NAMES, undefined, token))).toEqual(['Alpha Pumps']);
  });
});
