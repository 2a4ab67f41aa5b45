/**
 * The HS256 secret. Production must configure one (or a JWKS); elsewhere a
 * random secret is created once in the data folder, so a fresh clone starts
 * without setup and the demo tokens it prints survive restarts.
 */
import { randomBytes } from 'node:crypto';
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
