/**
 * Start-up failures told the way a person can act on them. The known causes
 * (the port taken, the database missing, unreachable or refusing the login, a
 * SQLite path that cannot be used) become a StartupError whose message is one
 * line naming the cause and the fix; main.ts prints that line alone. Causes are
 * told apart by error codes (Node's, PostgreSQL's SQLSTATE, SQLite's) and, for
 * the schema engine, whose errors carry none, by its documented messages.
 */
import { postgresTarget, providerOf, sqliteFilePath } from '../db/provider.js';

export type StartupProblem =
  | 'port-in-use'
  | 'cannot-listen'
  | 'database-missing'
  | 'database-unreachable'
  | 'database-login-refused'
  | 'sqlite-file-unusable';

export class StartupError extends Error {
  constructor(
    readonly problem: StartupProblem,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}

type CodedError = Error & { code: string; path?: unknown };

/** The error and every error it wraps (causes, AggregateError members), outermost first. */
function layersOf(error: unknown, seen = new Set<unknown>()): Error[] {
  if (!(error instanceof Error) || seen.has(error)) return [];
  seen.add(error);
  const wrapped = [error.cause, ...(error instanceof AggregateError ? error.errors : [])];
  return [error, ...wrapped.flatMap((inner) => layersOf(inner, seen))];
}

/** The outermost layer whose code is one of `codes`. */
function withCode(error: unknown, codes: readonly string[]): CodedError | undefined {
  return layersOf(error).find((layer): layer is CodedError => codes.includes((layer as { code?: unknown }).code as string));
}

function withMessage(error: unknown, pattern: RegExp): Error | undefined {
  return layersOf(error).find((layer) => pattern.test(layer.message));
}

/** Driver and server messages, kept to one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

function hostAndPort(host: string, port: number): string {
  if (host.startsWith('/')) return `${host}/.s.PGSQL.${port}`; // a Unix socket folder
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A word a POSIX shell reads back unchanged. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Why the server could not listen on host:port, when it is a cause the operator can fix. */
export function listenStartupError(error: unknown, host: string, port: number): StartupError | undefined {
  const where = hostAndPort(host, port);
  const cause = withCode(error, ['EADDRINUSE', 'EACCES', 'EPERM', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN']);
  const otherPort = port < 1024 ? 4000 : port < 65535 ? port + 1 : port - 1;
  switch (cause?.code) {
    case undefined:
      return undefined;
    case 'EADDRINUSE':
      return new StartupError(
        'port-in-use',
        `Cannot listen on ${where}: the port is already in use by another process. Stop that process, or choose another port, e.g. PORT=${otherPort}.`,
        { cause: error },
      );
    case 'EACCES':
    case 'EPERM':
      return new StartupError(
        'cannot-listen',
        `Cannot listen on ${where}: permission denied${port < 1024 ? ' (ports below 1024 need administrator rights)' : ''}. Choose another port, e.g. PORT=${otherPort}.`,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
      return new StartupError(
        'cannot-listen',
        `Cannot listen on ${where}: ${host} is not an address of this machine. Set HOST to one of its addresses, e.g. HOST=127.0.0.1 (this machine only) or HOST=0.0.0.0 (every network).`,
        { cause: error },
      );
    default:
      return new StartupError(
        'cannot-listen',
        `Cannot listen on ${where}: the host name ${host} does not resolve. Set HOST to an address of this machine, e.g. HOST=127.0.0.1 or HOST=0.0.0.0.`,
        { cause: error },
      );
  }
}

export interface DatabaseSettings {
  url: string;
  /** PG_CONNECT_TIMEOUT_MS, named in the message when it runs out. */
  connectTimeoutMs: number;
}

/**
 * Why the database of DATABASE_URL cannot be used, when it is a cause the
 * operator can fix; for errors of the database check and of the migrations.
 */
export function databaseStartupError(error: unknown, settings: DatabaseSettings): StartupError | undefined {
  return providerOf(settings.url) === 'sqlite'
    ? sqliteStartupError(error, sqliteFilePath(settings.url))
    : postgresStartupError(error, settings);
}

// The schema engine's own words (Prisma errors P1003, P1001, P1000 and P1010).
const ENGINE_DATABASE_MISSING = /^Database `[^`]*` does not exist/;
const ENGINE_UNREACHABLE = /^Can't reach database server at /;
const ENGINE_LOGIN_REFUSED = /^(Authentication failed against database server|User .*was denied access on the database)/;
// pg's words when its own connect timeout runs out (the schema engine's connections), and when the server hangs up.
const PG_CONNECT_TIMEOUT = /^(timeout expired|Connection terminated due to connection timeout)$/;
const PG_HUNG_UP = /^Connection terminated unexpectedly$/;

function postgresStartupError(error: unknown, settings: DatabaseSettings): StartupError | undefined {
  const { host, port, user, database } = postgresTarget(settings.url);
  const where = hostAndPort(host, port);
  const unreachable = (reason: string, check: string) =>
    new StartupError('database-unreachable', `Cannot reach PostgreSQL at ${where}: ${reason}. ${check}`, { cause: error });
  const checkServer = 'Check that the server is running and accepts TCP connections there, and the host and port in DATABASE_URL.';
  const loginRefused = (reason: string) =>
    new StartupError(
      'database-login-refused',
      `PostgreSQL at ${where} refused the login${user ? ` of user "${user}"` : ''}: ${oneLine(reason)}. Check the user name and password in DATABASE_URL (and the server's pg_hba.conf).`,
      { cause: error },
    );

  if (withCode(error, ['3D000']) || withMessage(error, ENGINE_DATABASE_MISSING)) {
    const name = database ?? user ?? '';
    const createdb = ['createdb', '-h', host, '-p', String(port), ...(user ? ['-U', user] : []), name].map(shellWord).join(' ');
    return new StartupError(
      'database-missing',
      `PostgreSQL database "${name}" does not exist on ${where}. Check the name in DATABASE_URL, or create it with: ${createdb}`,
      { cause: error },
    );
  }
  const refused = withCode(error, ['28P01', '28000']);
  if (refused) return loginRefused(refused.message);
  if (withMessage(error, ENGINE_LOGIN_REFUSED)) return loginRefused('access denied');

  // ETIMEDOUT: the database check's deadline (ConnectTimeoutError) or the socket's.
  if (withCode(error, ['ETIMEDOUT']) || withMessage(error, PG_CONNECT_TIMEOUT)) {
    return unreachable(
      `no answer within ${settings.connectTimeoutMs} ms (PG_CONNECT_TIMEOUT_MS)`,
      'Check the host and port in DATABASE_URL, that the server is running, and that no firewall drops the connection.',
    );
  }
  const network = withCode(error, ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
  switch (network?.code) {
    case 'ECONNREFUSED':
      return unreachable('connection refused', checkServer);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return unreachable(`the host name ${host} does not resolve`, 'Check the host in DATABASE_URL.');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return unreachable('no network route to that host', 'Check the host in DATABASE_URL and this machine\'s network.');
    case 'ECONNRESET':
      return unreachable('the connection was reset', checkServer);
  }
  if (withMessage(error, PG_HUNG_UP)) {
    return unreachable(
      'the server closed the connection without answering',
      'Check that the host and port in DATABASE_URL are those of a PostgreSQL server.',
    );
  }
  if (withMessage(error, ENGINE_UNREACHABLE)) return unreachable('the migration engine could not connect', checkServer);
  return undefined;
}

const SQLITE_FIX = 'Set DATABASE_URL to file:<path> in a folder this user can write to.';

function sqliteStartupError(error: unknown, file: string): StartupError | undefined {
  const unusable = (reason: string, fix: string) =>
    new StartupError('sqlite-file-unusable', `Cannot use the SQLite database ${file}: ${reason}. ${fix}`, { cause: error });
  const fsError = withCode(error, ['EEXIST', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS']);
  const path = typeof fsError?.path === 'string' ? fsError.path : file;
  switch (fsError?.code) {
    case 'EEXIST': // mkdir of a folder on the way, where a file already is
      return unusable(`${path} is a file, but it must be a folder`, SQLITE_FIX);
    case 'ENOTDIR':
      return unusable(`part of ${path} is a file, but it must be a folder`, SQLITE_FIX);
    case 'EISDIR':
      return unusable('it is a folder, not a file', 'Set DATABASE_URL to file:<path of a file>, not of a folder.');
    case 'EACCES':
    case 'EPERM':
      return unusable(
        `permission denied on ${path}`,
        `Give this user write access to ${path}, or set DATABASE_URL to file:<path> in a folder it can write to.`,
      );
    case 'EROFS':
      return unusable(`${path} is on a read-only file system`, SQLITE_FIX);
  }
  const sqliteError = layersOf(error).find((layer): layer is CodedError => /^SQLITE_/.test(String((layer as { code?: unknown }).code)));
  if (!sqliteError) return undefined;
  if (sqliteError.code === 'SQLITE_NOTADB') {
    return unusable('the file is not a SQLite database', 'Move it away, or set DATABASE_URL to file:<path> of another file.');
  }
  return unusable(`SQLite says "${oneLine(sqliteError.message)}" (${sqliteError.code})`, SQLITE_FIX);
}

/** JavaScript's own errors for wrong code (and a schema engine panic): bugs, reported with their stack. */
function isProgrammingError(error: Error): boolean {
  return [TypeError, ReferenceError, SyntaxError, RangeError, WebAssembly.RuntimeError].some((kind) => error instanceof kind);
}

/**
 * What start-up prints on stderr when it fails: a StartupError's one line; any
 * other error's message, with its stack when it is a programming error. With
 * `debug` (DEBUG set), the stack of whatever failed follows as well.
 */
export function startupFailureReport(error: unknown, options: { debug: boolean }): string {
  if (error instanceof StartupError) {
    const cause = error.cause instanceof Error ? error.cause.stack : undefined;
    return options.debug && cause ? `${error.message}\n${cause}` : error.message;
  }
  if (!(error instanceof Error)) return String(error);
  return (options.debug || isProgrammingError(error)) && error.stack ? error.stack : error.message;
}
