import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { AuthenticationError } from './auth-errors.js';
import { SERVICE_SUBJECT_PREFIX, type TokenVerifier, type VerifiedToken } from './tokens.js';
import { anonymousViewer, type Viewer } from './viewer.js';

/** The token from an `Authorization: Bearer <token>` header (or websocket payload); undefined when absent. */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (header == null || header === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AuthenticationError('expected "Authorization: Bearer <token>"');
  return match[1];
}

/** Turns a verified token into a viewer; a staff token must name a registered staff member. */
export async function viewerFromToken(token: VerifiedToken, prisma: PrismaClient): Promise<Viewer> {
  if (token.subject.startsWith(SERVICE_SUBJECT_PREFIX)) {
    const name = token.subject.slice(SERVICE_SUBJECT_PREFIX.length);
    if (name === '') throw new AuthenticationError('the service account has no name');
    return { kind: 'service', name, scopes: new Set(token.scopes), expiresAt: token.expiresAt };
  }
  const staff = await prisma.staff.findUnique({
    where: { id: token.subject },
    select: { id: true, name: true, level: true, department: true, isAdministrator: true },
  });
  if (!staff) throw new AuthenticationError('the token names no staff member');
  return {
    kind: 'staff',
    staffId: staff.id,
    name: staff.name,
    level: staff.level,
    department: staff.department,
    isAdministrator: staff.isAdministrator,
    expiresAt: token.expiresAt,
  };
}

/** The viewer as the database has them now: a removed staff member becomes anonymous. */
export async function refreshViewer(viewer: Viewer, prisma: PrismaClient): Promise<Viewer> {
  if (viewer.kind !== 'staff') return viewer;
  const staff = await prisma.staff.findUnique({
    where: { id: viewer.staffId },
    select: { level: true, department: true, isAdministrator: true, name: true },
  });
  return staff ? { ...viewer, ...staff } : anonymousViewer;
}

export interface Authenticator {
  verify: TokenVerifier;
  /**
   * The request's bearer token, verified: undefined without one; rejects when
   * it is malformed, forged or expired. Verified once per request, however
   * often asked (the rate limit asks before parsing, the context after).
   */
  requestToken(request: Request, now: Date): Promise<VerifiedToken | undefined>;
  /** Whom the request's token verifies as; undefined without a token or when it does not verify. */
  requestSubject(request: Request, now: Date): Promise<string | undefined>;
  /** The viewer for a request; anonymous without a token. */
  viewer(request: Request | undefined, now: Date): Promise<Viewer>;
}

export function createAuthenticator(verify: TokenVerifier, prisma: PrismaClient): Authenticator {
  const verified = new WeakMap<Request, Promise<VerifiedToken | undefined>>();
  const requestToken = (request: Request, now: Date): Promise<VerifiedToken | undefined> => {
    let pending = verified.get(request);
    if (!pending) {
      pending = (async () => {
        const token = bearerToken(request.headers.get('authorization'));
        return token === undefined ? undefined : verify(token, now);
      })();
      verified.set(request, pending);
    }
    return pending;
  };
  return {
    verify,
    requestToken,
    requestSubject: (request, now) => requestToken(request, now).then((token) => token?.subject, () => undefined),
    async viewer(request, now) {
      const token = request ? await requestToken(request, now) : undefined;
      return token ? viewerFromToken(token, prisma) : anonymousViewer;
    },
  };
}
