/**
 * The start-up error classifier on the errors the libraries really throw:
 * the schema engine's (which carry no codes), pg's, and what start-up prints
 * for a cause it does not know. The end-to-end cases are in
 * startup-errors.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { migrationsDirectory, readMigrations } from '../../src/db/migrations.js';
import { noExternalEntities, withSchemaEngine } from '../../src/db/schema-engine.js';
import { createApp } from '../../src/server/app.js';
import {
  databaseStartupError,
  listenStartupError,
  StartupError,
  startupFailureReport,
} from '../../src/server/startup-errors.js';
import { TEST_AUTH } from '../support/test-app.js';
import { createTestDatabase, testPostgresServerUrl, testProvider } from '../support/test-database.js';

const folder = mkdtempSync(join(tmpdir(), 'kam-startup-classifier-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listeningServer(onConnection: (socket: import('node:net').Socket) => void = () => undefined): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** What applying the migrations through the schema engine fails with. */
async function engineFailure(url: string, connectTimeoutMs = 1000): Promise<unknown> {
  const migrationsList = readMigrations(migrationsDirectory(url.startsWith('file:') ? 'sqlite' : 'postgresql'));
  return withSchemaEngine(url, (engine) => engine.applyMigrations({ migrationsList, filters: noExternalEntities }), {
    connectTimeoutMs,
  }).then(
    () => expect.unreachable('the engine applied the migrations'),
    (error: unknown) => error,
  );
}

describe('schema engine errors', () => {
  it('tells a server that refuses connections', async () => {
    const port = await listeningServer();
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const url = `postgresql://postgres@127.0.0.1:${port}/kam`;
    const error = await engineFailure(url);
    expect(databaseStartupError(error, { url, connectTimeoutMs: 1000 })).toMatchObject({
      problem: 'database-unreachable',
      message: expect.stringMatching(new RegExp(`^Cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: `)),
    });
  });

  it('tells a server that never answers, within the timeout it was given', async () => {
    const port = await listeningServer((socket) => socket.resume().on('error', () => undefined));
    const url = `postgresql://postgres@127.0.0.1:${port}/kam`;
    const error = await engineFailure(url, 300);
    expect(databaseStartupError(error, { url, connectTimeoutMs: 300 })?.message).toMatch(
      new RegExp(`^Cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: no answer within 300 ms \\(PG_CONNECT_TIMEOUT_MS\\)\\. `),
    );
  });

  it('tells a SQLite path SQLite cannot open, from the driver error it keeps as the cause', async () => {
    const directory = join(folder, 'a-folder.db');
    mkdirSync(directory);
    const url = `file:${directory}`;
    const error = await engineFailure(url);
    expect((error as Error).cause).toMatchObject({ code: 'SQLITE_CANTOPEN' });
    expect(databaseStartupError(error, { url, connectTimeoutMs: 1000 })).toMatchObject({
      problem: 'sqlite-file-unusable',
      message: `Cannot use the SQLite database ${directory}: SQLite says "unable to open database file" (SQLITE_CANTOPEN). Set DATABASE_URL to file:<path> in a folder this user can write to.`,
    });
  });

  it.skipIf(testProvider() !== 'postgresql')('tells a missing database', async () => {
    const url = new URL(testPostgresServerUrl());
    url.pathname = '/kam_missing_for_the_engine';
    const error = await engineFailure(url.toString());
    expect(databaseStartupError(error, { url: url.toString(), connectTimeoutMs: 1000 })).toMatchObject({
      problem: 'database-missing',
      message: expect.stringContaining('"kam_missing_for_the_engine" does not exist'),
    });
  });
});

describe('pg errors', () => {
  it('tells a refused password (not provoked here: the test server trusts every login)', () => {
    // The fields pg's DatabaseError has when the server refuses a password.
    const refused = Object.assign(new pg.DatabaseError('password authentication failed for user "kam"', 0, 'error'), {
      code: '28P01',
      severity: 'FATAL',
    });
    const url = 'postgresql://kam:wrong@db.internal:6432/kam';
    expect(databaseStartupError(refused, { url, connectTimeoutMs: 5000 })).toMatchObject({
      problem: 'database-login-refused',
      message:
        'PostgreSQL at db.internal:6432 refused the login of user "kam": password authentication failed for user "kam". Check the user name and password in DATABASE_URL (and the server\'s pg_hba.conf).',
    });
  });

  it('quotes a database name the shell would split in the createdb command', () => {
    const missing = Object.assign(new pg.DatabaseError('database "key accounts" does not exist', 0, 'error'), { code: '3D000' });
    const url = 'postgresql://kam@localhost:5432/key%20accounts';
    expect(databaseStartupError(missing, { url, connectTimeoutMs: 5000 })?.message).toMatch(
      /create it with: createdb -h localhost -p 5432 -U kam 'key accounts'$/,
    );
  });

  it('leaves an error it does not know alone', () => {
    const url = 'postgresql://kam@localhost:5432/kam';
    const syntax = Object.assign(new pg.DatabaseError('syntax error at or near "SELEC"', 0, 'error'), { code: '42601' });
    expect(databaseStartupError(syntax, { url, connectTimeoutMs: 5000 })).toBeUndefined();
    expect(databaseStartupError(new Error('something else'), { url: 'file:./kam.db', connectTimeoutMs: 5000 })).toBeUndefined();
    expect(listenStartupError(new Error('something else'), '127.0.0.1', 4000)).toBeUndefined();
  });
});

describe('the listen error', () => {
  it('reaches listen() alone: the websocket server does not report it as an internal error', async () => {
    const port = await listeningServer();
    const testDb = await createTestDatabase();
    const app = createApp({ config: { graphiql: false, keyAccountMinTenureMonths: 12, shutdownGraceMs: 1000, auth: TEST_AUTH }, db: testDb.db });
    const consoleError = vi.spyOn(console, 'error');
    try {
      const error = await app.listen(port, '127.0.0.1').then(
        () => expect.unreachable('listened on a port in use'),
        (failure: unknown) => failure,
      );
      expect(error).toMatchObject({ code: 'EADDRINUSE' });
      expect(listenStartupError(error, '127.0.0.1', port)?.problem).toBe('port-in-use');
      // graphql-ws logs "Internal error emitted on the WebSocket server" when ws re-emits the error.
      await new Promise((resolve) => setImmediate(resolve));
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
      await app.close();
      await testDb.drop();
    }
  });
});

describe('what start-up prints', () => {
  const known = new StartupError('port-in-use', 'Cannot listen on 127.0.0.1:4000: the port is already in use.', {
    cause: new Error('listen EADDRINUSE'),
  });

  it('prints a known cause as its one line, and its cause\'s stack only with DEBUG', () => {
    expect(startupFailureReport(known, { debug: false })).toBe(known.message);
    const debug = startupFailureReport(known, { debug: true });
    expect(debug.startsWith(`${known.message}\nError: listen EADDRINUSE\n    at `)).toBe(true);
  });

  it('prints an unknown failure\'s message, with the stack when it is a bug or with DEBUG', () => {
    const operational = new Error('kam.config.json is not valid JSON: Unexpected token');
    expect(startupFailureReport(operational, { debug: false })).toBe(operational.message);
    expect(startupFailureReport(operational, { debug: true })).toBe(operational.stack);
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(startupFailureReport(bug, { debug: false })).toBe(bug.stack);
  });
});
