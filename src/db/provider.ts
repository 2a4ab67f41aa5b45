/**
 * Which database engine a connection URL points at, and where a SQLite URL's
 * file lives. Shared by the connection, the migration and the configuration
 * code so all agree on how URLs are read.
 */
import { resolve } from 'node:path';

export type Provider = 'sqlite' | 'postgresql';

/** The forms a database URL may take, for messages. */
export const DATABASE_URL_FORMS = 'file:<path> for SQLite, or postgresql://… (or postgres://…) for PostgreSQL';

/** Whether `url` is a database URL this project can open: a `file:` path or a well-formed PostgreSQL URL. */
export function isDatabaseUrl(url: string): boolean {
  if (url.startsWith('file:')) return (url.slice('file:'.length).split('?')[0] ?? '') !== '';
  return /^postgres(ql)?:\/\//.test(url) && URL.canParse(url);
}

export function providerOf(url: string): Provider {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  // Never echo the URL: it may carry a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  throw new Error(`Unsupported database URL scheme ${scheme}: use ${DATABASE_URL_FORMS}`);
}

/**
 * The file behind a `file:` URL, resolved against the working directory.
 * Query parameters (e.g. `?connection_limit=1` from older Prisma setups) are
 * ignored: the connection options are set in code instead.
 */
export function sqliteFilePath(url: string): string {
  if (providerOf(url) !== 'sqlite') throw new Error('not a SQLite URL');
  const path = url.slice('file:'.length).split('?')[0] ?? '';
  if (path === '') throw new Error('SQLite URL has no file path: expected file:<path>');
  return resolve(path);
}
