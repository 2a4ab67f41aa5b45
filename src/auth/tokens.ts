/**
 * Bearer tokens are JWTs, verified with jose: HS256 with a shared secret, or
 * any asymmetric algorithm against an identity provider's JWKS. Issuer,
 * audience and expiry are always checked.
 */
import { SignJWT, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from './auth-errors.js';
import { logger } from '../log.js';

export interface TokenSettings {
  jwtSecret?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
}

/** A verified token: who it names, what a service account may do, and until when. */
export interface VerifiedToken {
  subject: string;
  scopes: string[];
  expiresAt: Date;
}

/** Service-account subjects look like "service:<name>"; anything else is a staff id. */
export const SERVICE_SUBJECT_PREFIX = 'service:';

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export type TokenVerifier = (token: string, now: Date) => Promise<VerifiedToken>;

export function createTokenVerifier(settings: TokenSettings): TokenVerifier {
  const jwks: JWTVerifyGetKey | undefined = settings.jwksUrl ? createRemoteJWKSet(new URL(settings.jwksUrl)) : undefined;
  const secret = settings.jwtSecret ? new TextEncoder().encode(settings.jwtSecret) : undefined;
  if (!jwks && !secret) throw new Error('Authentication needs AUTH_JWT_SECRET or AUTH_JWKS_URL');

  return async (token, now) => {
    try {
      const options = {
        issuer: settings.issuer,
        audience: settings.audience,
        currentDate: now,
        requiredClaims: ['sub', 'exp'],
      };
      const { payload } = jwks
        ? await jwtVerify(token, jwks, { ...options, algorithms: ASYMMETRIC })
        : await jwtVerify(token, secret!, { ...options, algorithms: ['HS256'] });
      const scope = typeof payload.scope === 'string' ? payload.scope : '';
      return {
        subject: payload.sub!,
        scopes: scope.split(/\s+/).filter(Boolean),
        expiresAt: new Date(payload.exp! * 1000),
      };
    } catch (error) {
      const reason = refusalReason(error, jwks !== undefined);
      // An unreachable identity provider is the operator's problem, not the client's: say so in the log.
      if (reason === PROVIDER_UNAVAILABLE) logger.error('identity provider keys unavailable:', error instanceof Error ? error.message : error);
      throw new AuthenticationError(reason);
    }
  };
}

const PROVIDER_UNAVAILABLE = 'the identity provider keys are unavailable';

function refusalReason(error: unknown, usesJwks: boolean): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's "${error.claim}" claim is not accepted`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token algorithm is not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the identity provider matches the token';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return PROVIDER_UNAVAILABLE;
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return 'the token is malformed';
  }
  // Fetching the key set failed (refused connection, non-200 answer): not the token's fault.
  if (usesJwks && !(error instanceof joseErrors.JOSEError && error.code !== 'ERR_JOSE_GENERIC')) return PROVIDER_UNAVAILABLE;
  return 'the token is malformed';
}

export interface MintOptions {
  subject: string;
  /** Service-account scopes, e.g. ["invoices:read"]. */
  scopes?: string[];
  ttlSeconds: number;
  now?: Date;
}

/** Signs HS256 tokens with the shared secret: for local use, the demo and tests. */
export function createTokenIssuer(settings: { jwtSecret: string; issuer: string; audience: string }) {
  const key = new TextEncoder().encode(settings.jwtSecret);
  return (options: MintOptions): Promise<string> => {
    const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const claims = options.scopes && options.scopes.length > 0 ? { scope: options.scopes.join(' ') } : {};
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(options.subject)
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + options.ttlSeconds)
      .sign(key);
  };
}
