/**
 * Which database engine a connection URL points at, where a SQLite URL's file
 * lives and which server a PostgreSQL URL names. Shared by the connection,
 * migration, configuration and start-up code so all agree on how URLs are read.
 */
import { resolve } from 'node:path';
import pg from 'pg';

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

export interface PostgresTarget {
  host: string;
  port: number;
  /** Undefined when neither the URL nor the environment (PGUSER, USER) names one. */
  user: string | undefined;
  database: string | undefined;
}

/** The server, user and database a PostgreSQL URL connects to, with the driver's own defaults filled in. */
export function postgresTarget(url: string): PostgresTarget {
  // pg resolves defaults (PGHOST, PGUSER, port 5432...) when a client is made; it connects only on connect().
  const client = new pg.Client({ connectionString: url });
  return { host: client.host, port: client.port, user: client.user, database: client.database };
}
