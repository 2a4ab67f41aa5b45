/**
 * Bearer-token verification with real jose: HS256 with the shared secret,
 * asymmetric keys from a JWKS served over real HTTP, and the step from a
 * verified token to a viewer (against a real test database).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompactSign, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { AuthenticationError } from '../../src/auth/auth-errors.js';
import { createAuthenticator, viewerFromToken } from '../../src/auth/authenticate.js';
import { createTokenIssuer, createTokenVerifier, SERVICE_SUBJECT_PREFIX, type TokenVerifier } from '../../src/auth/tokens.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SECRET = 'unit-test-secret-unit-test-secret-0123456789';
const OTHER_SECRET = 'another-secret-another-secret-another-secret';
const ISSUER = 'kam';
const AUDIENCE = 'kam-api';
const NOW = new Date('2025-07-01T12:00:00.000Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);

const mint = createTokenIssuer({ jwtSecret: SECRET, issuer: ISSUER, audience: AUDIENCE });
const verify = createTokenVerifier({ jwtSecret: SECRET, issuer: ISSUER, audience: AUDIENCE });

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with every claim the verifier wants, signed HS256 with `secret`; `omit` drops claims. */
function signHs(
  claims: JWTPayload = {},
  options: { secret?: string; alg?: string; omit?: ('sub' | 'exp' | 'iss' | 'aud')[] } = {},
): Promise<string> {
  const omit = new Set(options.omit ?? []);
  const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' }).setIssuedAt(NOW_S);
  if (!omit.has('sub')) jwt.setSubject('staff-1');
  if (!omit.has('iss')) jwt.setIssuer(ISSUER);
  if (!omit.has('aud')) jwt.setAudience(AUDIENCE);
  if (!omit.has('exp')) jwt.setExpirationTime(NOW_S + 3600);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

/** The refusal `verifier` gives for `token`: it must be an AuthenticationError, and only that. */
async function refusal(verifier: TokenVerifier, token: string, now = NOW): Promise<AuthenticationError> {
  let caught: unknown;
  try {
    await verifier(token, now);
  } catch (error) {
    caught = error;
  }
  expect(caught, 'the token must be refused').toBeInstanceOf(AuthenticationError);
  const error = caught as AuthenticationError;
  expect(error.extensions).toEqual({
    code: 'UNAUTHENTICATED',
    http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } },
  });
  // Says why, in its own words: no jose message, no secret, no wrapped cause for a client to see.
  expect(error.message).toMatch(/^Authentication failed: [^\n]+\.$/);
  expect(error.originalError).toBeUndefined();
  expect(error.message).not.toMatch(/JWS|JWT|JWK|Header Parameter|Error|at |secret/);
  expect(error.message).not.toContain(SECRET);
  return error;
}

describe('HS256 tokens', () => {
  it('verifies a valid token: subject, scopes and expiry', async () => {
    const token = await mint({ subject: 'staff-1', ttlSeconds: 600, now: NOW });
    await expect(verify(token, NOW)).resolves.toEqual({ subject: 'staff-1', scopes: [], expiresAt: new Date((NOW_S + 600) * 1000) });
    // Still valid one second before expiry.
    await expect(verify(token, new Date((NOW_S + 599) * 1000))).resolves.toMatchObject({ subject: 'staff-1' });
  });

  it('reads service-account scopes from the scope claim', async () => {
    const token = await mint({ subject: 'service:erp', scopes: ['accounts:read', 'invoices:write'], ttlSeconds: 60, now: NOW });
    await expect(verify(token, NOW)).resolves.toMatchObject({ subject: 'service:erp', scopes: ['accounts:read', 'invoices:write'] });
  });

  it('refuses an expired token', async () => {
    const token = await mint({ subject: 'staff-1', ttlSeconds: 600, now: NOW });
    const error = await refusal(verify, token, new Date((NOW_S + 600) * 1000));
    expect(error.message).toBe('Authentication failed: the token has expired.');
  });

  it('refuses a token that is not yet valid (nbf in the future)', async () => {
    const token = await signHs({ nbf: NOW_S + 300 });
    expect((await refusal(verify, token)).message).toBe('Authentication failed: the token\'s "nbf" claim is not accepted.');
    // The same token is fine once its time has come.
    await expect(verify(token, new Date((NOW_S + 300) * 1000))).resolves.toMatchObject({ subject: 'staff-1' });
  });

  it('refuses a token from another issuer', async () => {
    const token = await createTokenIssuer({ jwtSecret: SECRET, issuer: 'someone-else', audience: AUDIENCE })({ subject: 'staff-1', ttlSeconds: 60, now: NOW });
    expect((await refusal(verify, token)).message).toBe('Authentication failed: the token\'s "iss" claim is not accepted.');
  });

  it('refuses a token for another audience', async () => {
    const token = await createTokenIssuer({ jwtSecret: SECRET, issuer: ISSUER, audience: 'other-api' })({ subject: 'staff-1', ttlSeconds: 60, now: NOW });
    expect((await refusal(verify, token)).message).toBe('Authentication failed: the token\'s "aud" claim is not accepted.');
  });

  it('refuses a token signed with another secret (forged signature)', async () => {
    const forged = await createTokenIssuer({ jwtSecret: OTHER_SECRET, issuer: ISSUER, audience: AUDIENCE })({ subject: 'staff-1', ttlSeconds: 60, now: NOW });
    expect((await refusal(verify, forged)).message).toBe('Authentication failed: the token signature is invalid.');
  });

  it('refuses a genuine token whose claims were changed after signing', async () => {
    const [header, , signature] = (await mint({ subject: 'staff-1', ttlSeconds: 60, now: NOW })).split('.');
    const tampered = `${header}.${encode({ sub: 'administrator', iss: ISSUER, aud: AUDIENCE, exp: NOW_S + 3600 })}.${signature}`;
    expect((await refusal(verify, tampered)).message).toBe('Authentication failed: the token signature is invalid.');
  });

  it('refuses an unsigned token (alg: none), with or without a signature part', async () => {
    const claims = encode({ sub: 'staff-1', iss: ISSUER, aud: AUDIENCE, iat: NOW_S, exp: NOW_S + 3600 });
    const none = `${encode({ alg: 'none', typ: 'JWT' })}.${claims}.`;
    expect((await refusal(verify, none)).message).toBe('Authentication failed: the token algorithm is not accepted.');
    // Some libraries accept "None" or "NONE"; jose must not, and neither must the verifier.
    await refusal(verify, `${encode({ alg: 'None', typ: 'JWT' })}.${claims}.`);
    await refusal(verify, `${encode({ alg: 'none', typ: 'JWT' })}.${claims}`);
  });

  it('refuses tokens signed with an algorithm other than HS256', async () => {
    const hs512 = await signHs({}, { alg: 'HS512' });
    expect((await refusal(verify, hs512)).message).toBe('Authentication failed: the token algorithm is not accepted.');
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('staff-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(NOW_S + 3600)
      .sign(privateKey);
    expect((await refusal(verify, rs256)).message).toBe('Authentication failed: the token algorithm is not accepted.');
  });

  it('refuses garbage', async () => {
    for (const garbage of ['garbage', 'a.b.c', '...', '', 'x'.repeat(5000), `${encode({ alg: 'HS256' })}`]) {
      expect((await refusal(verify, garbage)).message).toBe('Authentication failed: the token is malformed.');
    }
    // Correctly signed, but its payload is no claims set.
    const notClaims = await new CompactSign(new TextEncoder().encode('not json')).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
    expect((await refusal(verify, notClaims)).message).toBe('Authentication failed: the token is malformed.');
  });

  it('refuses a token without exp, and one without sub', async () => {
    expect((await refusal(verify, await signHs({}, { omit: ['exp'] }))).message).toBe('Authentication failed: the token\'s "exp" claim is not accepted.');
    expect((await refusal(verify, await signHs({}, { omit: ['sub'] }))).message).toBe('Authentication failed: the token\'s "sub" claim is not accepted.');
    // Issuer and audience are required too, not only checked when present.
    await refusal(verify, await signHs({}, { omit: ['iss'] }));
    await refusal(verify, await signHs({}, { omit: ['aud'] }));
  });

  it('cannot be created without a secret or a JWKS', () => {
    expect(() => createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE })).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL/);
  });
});

describe('tokens of an identity provider (JWKS over HTTP)', () => {
  const KID = 'idp-key-1';
  let server: Server;
  let jwksUrl: string;
  let idpKey: CryptoKey;
  let jwksRequests = 0;

  const signRs = (key: CryptoKey, kid: string, claims: JWTPayload = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setSubject('staff-42')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(NOW_S)
      .setExpirationTime(NOW_S + 3600)
      .sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    idpKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      if (req.url !== '/.well-known/jwks.json') return res.writeHead(404).end();
      jwksRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('verifies a token signed with the provider key, fetching its keys over HTTP', async () => {
    const verifier = createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
    const token = await signRs(idpKey, KID, { scope: 'accounts:read' });
    await expect(verifier(token, NOW)).resolves.toEqual({
      subject: 'staff-42',
      scopes: ['accounts:read'],
      expiresAt: new Date((NOW_S + 3600) * 1000),
    });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('still checks expiry, issuer and audience of a provider token', async () => {
    const verifier = createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
    const token = await signRs(idpKey, KID);
    expect((await refusal(verifier, token, new Date((NOW_S + 3600) * 1000))).message).toBe('Authentication failed: the token has expired.');
    const strict = createTokenVerifier({ jwksUrl, issuer: 'https://idp.example', audience: AUDIENCE });
    expect((await refusal(strict, token)).message).toBe('Authentication failed: the token\'s "iss" claim is not accepted.');
  });

  it('refuses a token signed with another key pair', async () => {
    const verifier = createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    // Claiming the provider's key id: the signature does not match that key.
    expect((await refusal(verifier, await signRs(otherKey, KID))).message).toBe('Authentication failed: the token signature is invalid.');
    // With a key id the provider does not publish: no key matches.
    expect((await refusal(verifier, await signRs(otherKey, 'attacker-key'))).message).toBe(
      'Authentication failed: no key of the identity provider matches the token.',
    );
  });

  it('refuses an HS256 token, even one signed with the text of the public key', async () => {
    const verifier = createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
    expect((await refusal(verifier, await signHs())).message).toBe('Authentication failed: the token algorithm is not accepted.');
    // The classic key-confusion attack: HMAC keyed with the published key material.
    const published = JSON.stringify((await (await fetch(jwksUrl)).json()).keys[0]);
    const confused = await signHs({ sub: 'staff-42' }, { secret: published });
    expect((await refusal(verifier, confused)).message).toBe('Authentication failed: the token algorithm is not accepted.');
  });

  it('says the provider is unavailable (not that the token is bad) when its keys cannot be fetched', async () => {
    const token = await signRs(idpKey, KID);
    const missing = createTokenVerifier({ jwksUrl: jwksUrl.replace('jwks.json', 'gone.json'), issuer: ISSUER, audience: AUDIENCE });
    expect((await refusal(missing, token)).message).toBe('Authentication failed: the identity provider keys are unavailable.');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = createTokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer: ISSUER, audience: AUDIENCE });
    expect((await refusal(refused, token)).message).toBe('Authentication failed: the identity provider keys are unavailable.');
  });

  it('refuses an unsigned token', async () => {
    const verifier = createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
    const none = `${encode({ alg: 'none', kid: KID })}.${encode({ sub: 'staff-42', iss: ISSUER, aud: AUDIENCE, exp: NOW_S + 3600 })}.`;
    expect((await refusal(verifier, none)).message).toBe('Authentication failed: the token algorithm is not accepted.');
  });
});

describe('viewerFromToken', () => {
  let testDb: TestDatabase;
  let staffId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const staff = await testDb.db.prisma.staff.create({
      data: {
        name: 'Mei Chen',
        searchName: 'mei chen',
        email: 'mei.chen@sme.example',
        level: 'MIDDLE',
        department: 'Sales',
        hireDate: new Date('2018-04-01T00:00:00.000Z'),
        isAdministrator: false,
      },
    });
    staffId = staff.id;
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  const requestWith = (authorization?: string) => new Request('http://kam.test/graphql', authorization ? { headers: { authorization } } : {});

  it('verifies the bearer token of a request once, for the rate limit and the viewer alike', async () => {
    let verifications = 0;
    const counting: TokenVerifier = (token, now) => {
      verifications++;
      return verify(token, now);
    };
    const authenticator = createAuthenticator(counting, testDb.db.prisma);
    const token = await mint({ subject: staffId, ttlSeconds: 60, now: NOW });
    const request = requestWith(`Bearer ${token}`);
    expect(await authenticator.requestSubject(request, NOW)).toBe(staffId);
    expect(await authenticator.viewer(request, NOW)).toMatchObject({ kind: 'staff', staffId });
    expect(verifications).toBe(1);
    // Nothing outlives the request: another one with the same token is verified again.
    await authenticator.viewer(requestWith(`Bearer ${token}`), NOW);
    expect(verifications).toBe(2);
  });

  it('reads the subject of "Bearer" headers in any case and spacing, and none of a missing, foreign or bad one', async () => {
    const authenticator = createAuthenticator(verify, testDb.db.prisma);
    const token = await mint({ subject: staffId, ttlSeconds: 60, now: NOW });
    const subjectOf = (authorization?: string) => authenticator.requestSubject(requestWith(authorization), NOW);
    expect(await subjectOf(`Bearer ${token}`)).toBe(staffId);
    expect(await subjectOf(`bearer  ${token} `)).toBe(staffId);
    expect(await subjectOf('Bearer forged.token.value')).toBeUndefined();
    expect(await subjectOf(`Bearer ${await signHs({}, { secret: OTHER_SECRET })}`)).toBeUndefined();
    expect(await subjectOf()).toBeUndefined();
    expect(await subjectOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    // The viewer is refused for such a token, never taken as anonymous; without a token it is anonymous.
    await expect(authenticator.viewer(requestWith('Bearer forged.token.value'), NOW)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(authenticator.viewer(requestWith('Basic dXNlcjpwYXNz'), NOW)).rejects.toBeInstanceOf(AuthenticationError);
    expect(await authenticator.viewer(requestWith(), NOW)).toEqual({ kind: 'anonymous' });
  });

  it('makes a service subject a service viewer holding exactly the token scopes', async () => {
    const token = await mint({ subject: `${SERVICE_SUBJECT_PREFIX}erp`, scopes: ['accounts:read', 'invoices:write'], ttlSeconds: 60, now: NOW });
    const viewer = await viewerFromToken(await verify(token, NOW), testDb.db.prisma);
    expect(viewer).toEqual({
      kind: 'service',
      name: 'erp',
      scopes: new Set(['accounts:read', 'invoices:write']),
      expiresAt: new Date((NOW_S + 60) * 1000),
    });
  });

  it('gives a service token without scopes no scopes, and refuses a service subject without a name', async () => {
    const bare = await mint({ subject: `${SERVICE_SUBJECT_PREFIX}reporting`, ttlSeconds: 60, now: NOW });
    expect(await viewerFromToken(await verify(bare, NOW), testDb.db.prisma)).toMatchObject({ kind: 'service', name: 'reporting', scopes: new Set() });
    const nameless = await mint({ subject: SERVICE_SUBJECT_PREFIX, ttlSeconds: 60, now: NOW });
    const error = await viewerFromToken(await verify(nameless, NOW), testDb.db.prisma).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('makes a staff subject a staff viewer with the level, department and rights in the database', async () => {
    const token = await mint({ subject: staffId, ttlSeconds: 60, now: NOW });
    expect(await viewerFromToken(await verify(token, NOW), testDb.db.prisma)).toEqual({
      kind: 'staff',
      staffId,
      name: 'Mei Chen',
      level: 'MIDDLE',
      department: 'Sales',
      isAdministrator: false,
      expiresAt: new Date((NOW_S + 60) * 1000),
    });
    // Scopes in a staff token grant nothing: the viewer is what the database says.
    const scoped = await mint({ subject: staffId, scopes: ['accounts:write'], ttlSeconds: 60, now: NOW });
    expect(await viewerFromToken(await verify(scoped, NOW), testDb.db.prisma)).not.toHaveProperty('scopes');
  });

  it('refuses a staff subject that is not in the database', async () => {
    const token = await mint({ subject: 'no-such-staff-member', ttlSeconds: 60, now: NOW });
    const error = await viewerFromToken(await verify(token, NOW), testDb.db.prisma).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toBe('Authentication failed: the token names no staff member.');
    expect((error as AuthenticationError).extensions).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  });
});
