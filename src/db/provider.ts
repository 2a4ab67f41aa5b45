/**
 * Which database engine a connection URL points at, and where a SQLite URL's
 * file lives. Shared by the connection and the migration code so both agree on
 * how URLs are read.
 */
import { resolve } from 'node:path';

export type Provider = 'sqlite' | 'postgresql';

export function providerOf(url: string): Provider {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  // Never echo the URL: it may carry a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  throw new Error(
    `Unsupported database URL scheme ${scheme}: use file:<path> for SQLite or postgresql://… for PostgreSQL`,
  );
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
