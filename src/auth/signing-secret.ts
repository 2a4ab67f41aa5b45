/**
 * The HS256 secret. Production must configure one (or a JWKS); elsewhere a
 * random secret is created once in the data folder, so a fresh clone starts
 * without setup and the demo tokens it prints survive restarts.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const LOCAL_SECRET_FILE = 'data/jwt-secret';

export function resolveSigningSecret(options: {
  configured: string | undefined;
  jwksUrl: string | undefined;
  env: 'development' | 'production' | 'test';
  file?: string;
}): string | undefined {
  if (options.configured) return options.configured;
  if (options.jwksUrl) return undefined;
  if (options.env === 'production') {
    throw new Error('Invalid configuration: production needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
  }
  const file = options.file ?? LOCAL_SECRET_FILE;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export const LOCAL_CURSOR_SECRET_FILE = 'data/cursor-secret';

/**
 * The key that signs connection cursors. Every instance of a deployment
 * must share it, so by default it is derived from the token secret; a
 * deployment that verifies tokens with a JWKS has no such secret and must
 * set CURSOR_SECRET in production.
 */
export function resolveCursorSecret(options: {
  configured: string | undefined;
  jwtSecret: string | undefined;
  env: 'development' | 'production' | 'test';
  file?: string;
}): string {
  if (options.configured) return options.configured;
  if (options.jwtSecret) return deriveCursorSecret(options.jwtSecret);
  if (options.env === 'production') {
    throw new Error('Invalid configuration: with AUTH_JWKS_URL, production needs CURSOR_SECRET (32+ characters) to sign connection cursors');
  }
  const file = options.file ?? LOCAL_CURSOR_SECRET_FILE;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** A key of its own for cursors, so a cursor never doubles as anything signed with the token secret. */
export function deriveCursorSecret(jwtSecret: string): string {
  return createHmac('sha256', jwtSecret).update('kam connection cursors').digest('base64url');
}
