/**
 * The check start-up runs before anything else touches the database: can the
 * database of a URL be reached within the connect timeout (PostgreSQL), or
 * created and written (SQLite)? It fails with the driver's or the file
 * system's own error, code and path included, so the caller can say which
 * cause it was; the migration step's engine would report most of them later
 * and less precisely.
 */
import { accessSync, closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { providerOf, sqliteFilePath } from './provider.js';

export interface DatabaseCheckOptions {
  /** How long the PostgreSQL server may take to accept a session, name resolution included. */
  connectTimeoutMs: number;
}

/** The server did not answer within the connect timeout. */
export class ConnectTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'ConnectTimeoutError';
  }
}

export async function checkDatabase(url: string, options: DatabaseCheckOptions): Promise<void> {
  if (providerOf(url) === 'sqlite') checkSqliteFile(sqliteFilePath(url));
  else await checkPostgres(url, options.connectTimeoutMs);
}

/** Each step is one SQLite needs; the first that fails throws with the offending path. */
function checkSqliteFile(file: string): void {
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true });
  // SQLite writes its journal and WAL files beside the database.
  accessSync(folder, constants.W_OK);
  // Opening for append creates a missing file (SQLite takes an empty file as a new database) and truncates nothing.
  closeSync(openSync(file, 'a'));
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    // Reads the header: fails if the file is something other than a SQLite database.
    db.pragma('schema_version');
  } finally {
    db.close();
  }
}

async function checkPostgres(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  // A connection given up on at the deadline may still fail later, with nobody left to tell.
  client.on('error', () => undefined);
  const session = client.connect().then(() => client.query('SELECT 1'));
  session.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  // Our own deadline rather than pg's connectionTimeoutMillis, whose failure is only the text "timeout expired".
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConnectTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    await Promise.race([session, deadline]);
  } catch (error) {
    void client.end().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  await client.end();
}
