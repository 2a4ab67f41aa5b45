/**
 * When the server cannot start for a reason the operator can fix, it says so
 * in one line on stderr, naming the cause and the fix, and exits with 1: no
 * stack trace, and for connection problems no wait beyond the connect timeout
 * (PG_CONNECT_TIMEOUT_MS). Each case starts the real server process.
 *
 * The PostgreSQL cases that need a server (a missing database, a refused
 * login) run with TEST_DATABASE=postgresql, on the server of TEST_POSTGRES_URL.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killStartedServers, serverExit, startServerProcess, type ServerExit } from '../support/server-process.js';
import { testPostgresServerUrl, testProvider } from '../support/test-database.js';

const folder = mkdtempSync(join(tmpdir(), 'kam-startup-errors-'));
afterAll(() => {
  killStartedServers();
  rmSync(folder, { recursive: true, force: true });
});

/** Listening sockets a test opened, closed after it. */
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listeningServer(onConnection: (socket: import('node:net').Socket) => void = () => undefined): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as import('node:net').AddressInfo).port;
}

/** A local port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const port = await listeningServer();
  await new Promise((resolve) => servers.pop()!.close(resolve));
  return port;
}

/** Asserts the exit of a failed start: code 1, no stack trace anywhere, one line on stderr; returns that line. */
function failureLine(exit: ServerExit): string {
  expect(exit.code, exit.stdout + exit.stderr).toBe(1);
  const everything = `${exit.stdout}\n${exit.stderr}`.split('\n');
  expect(everything.filter((line) => /^\s+at /.test(line))).toEqual([]);
  const lines = exit.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

const sqliteUrl = (name: string) => `file:${join(folder, `${name}-${randomBytes(4).toString('hex')}.db`)}`;

describe('the listen address', () => {
  it('names the port already in use and how to pick another', async () => {
    const port = await listeningServer();
    const line = failureLine(await serverExit({ DATABASE_URL: sqliteUrl('port'), HOST: '127.0.0.1', PORT: String(port) }));
    expect(line).toBe(
      `Cannot listen on 127.0.0.1:${port}: the port is already in use by another process. Stop that process, or choose another port, e.g. PORT=${port + 1}.`,
    );
  });

  it('names a HOST that is no address of this machine', async () => {
    // 203.0.113.0/24 is reserved for documentation: no machine has it.
    const line = failureLine(await serverExit({ DATABASE_URL: sqliteUrl('host'), HOST: '203.0.113.7', PORT: '4000' }));
    expect(line).toMatch(/^Cannot listen on 203\.0\.113\.7:4000: 203\.0\.113\.7 is not an address of this machine\. Set HOST to /);
  });
});

describe('the configuration', () => {
  it('lists the accepted forms of an invalid DATABASE_URL, without echoing it', async () => {
    const line = failureLine(await serverExit({ DATABASE_URL: 'mysql://root:s3cret@localhost/kam' }));
    expect(line).toBe(
      'Invalid configuration: DATABASE_URL: must be file:<path> for SQLite, or postgresql://… (or postgres://…) for PostgreSQL',
    );
    expect(line).not.toContain('s3cret');
  });

  it('keeps an invalid value to one line', async () => {
    const line = failureLine(await serverExit({ DATABASE_URL: sqliteUrl('config'), PORT: 'abc', PG_POOL_MAX: '0' }));
    expect(line).toMatch(/^Invalid configuration: PORT: .*; PG_POOL_MAX: /);
  });
});

describe('a SQLite path that cannot be used', () => {
  it('names a file standing where its folder must be', async () => {
    const file = join(folder, 'a-file');
    writeFileSync(file, 'not a folder');
    const line = failureLine(await serverExit({ DATABASE_URL: `file:${join(file, 'kam.db')}` }));
    expect(line).toBe(
      `Cannot use the SQLite database ${join(file, 'kam.db')}: ${file} is a file, but it must be a folder. Set DATABASE_URL to file:<path> in a folder this user can write to.`,
    );
  });

  it('names a file standing where a folder further up must be', async () => {
    const file = join(folder, 'another-file');
    writeFileSync(file, 'not a folder');
    const line = failureLine(await serverExit({ DATABASE_URL: `file:${join(file, 'data', 'kam.db')}` }));
    expect(line).toBe(
      `Cannot use the SQLite database ${join(file, 'data', 'kam.db')}: part of ${join(file, 'data')} is a file, but it must be a folder. Set DATABASE_URL to file:<path> in a folder this user can write to.`,
    );
  });

  it('names a folder given as the database file', async () => {
    const directory = join(folder, 'a-folder.db');
    mkdirSync(directory);
    const line = failureLine(await serverExit({ DATABASE_URL: `file:${directory}` }));
    expect(line).toBe(
      `Cannot use the SQLite database ${directory}: it is a folder, not a file. Set DATABASE_URL to file:<path of a file>, not of a folder.`,
    );
  });

  it('names a file that is not a SQLite database', async () => {
    const file = join(folder, 'notes.txt');
    writeFileSync(file, 'These are meeting notes, not a database. '.repeat(20));
    const line = failureLine(await serverExit({ DATABASE_URL: `file:${file}` }));
    expect(line).toBe(
      `Cannot use the SQLite database ${file}: the file is not a SQLite database. Move it away, or set DATABASE_URL to file:<path> of another file.`,
    );
  });

  // Permission bits do not stop root, so this case needs an ordinary user.
  it.skipIf(process.getuid?.() === 0)('names a folder this user may not write to', async () => {
    const readOnly = join(folder, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const line = failureLine(await serverExit({ DATABASE_URL: `file:${join(readOnly, 'kam.db')}` }));
    expect(line).toContain(`: permission denied on ${readOnly}. Give this user write access to ${readOnly}, or set DATABASE_URL`);
  });
});

describe('a PostgreSQL server that cannot be reached', () => {
  it('names the host and port that refuse connections', async () => {
    const port = await closedPort();
    const line = failureLine(
      await serverExit({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/kam`, PG_CONNECT_TIMEOUT_MS: '1500' }),
    );
    expect(line).toBe(
      `Cannot reach PostgreSQL at 127.0.0.1:${port}: connection refused. Check that the server is running and accepts TCP connections there, and the host and port in DATABASE_URL.`,
    );
  });

  it('gives up on a server that never answers after the connect timeout', async () => {
    // Accepts the connection, reads and says nothing, as a stalled host would.
    const port = await listeningServer((socket) => socket.resume().on('error', () => undefined));
    const line = failureLine(
      await serverExit({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/kam`, PG_CONNECT_TIMEOUT_MS: '1500' }),
    );
    expect(line).toBe(
      `Cannot reach PostgreSQL at 127.0.0.1:${port}: no answer within 1500 ms (PG_CONNECT_TIMEOUT_MS). Check the host and port in DATABASE_URL, that the server is running, and that no firewall drops the connection.`,
    );
  });
});

describe.skipIf(testProvider() !== 'postgresql')('a PostgreSQL server that answers', () => {
  const server = new URL(testPostgresServerUrl());
  const host = server.hostname;
  const port = server.port || '5432';
  const user = decodeURIComponent(server.username);
  const urlOf = (database: string, login = user) => {
    const url = new URL(testPostgresServerUrl());
    url.username = login;
    url.pathname = `/${database}`;
    return url.toString();
  };
  const missing = `kam_missing_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: testPostgresServerUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${missing}" WITH (FORCE)`);
    await admin.end();
  });

  const createdb = `createdb -h ${host} -p ${port} -U ${user} ${missing}`;

  it('names a missing database and the createdb command that creates it', async () => {
    const line = failureLine(await serverExit({ DATABASE_URL: urlOf(missing) }));
    expect(line).toBe(
      `PostgreSQL database "${missing}" does not exist on ${host}:${port}. Check the name in DATABASE_URL, or create it with: ${createdb}`,
    );
  });

  const hasCreatedb = !spawnSync('createdb', ['--version']).error;
  it.skipIf(!hasCreatedb)('starts once the printed createdb command has run', async () => {
    const [command, ...args] = createdb.split(' ');
    await promisify(execFile)(command!, args);
    const started = await startServerProcess({ DATABASE_URL: urlOf(missing) });
    expect(await started.stop()).toBe(0);
  });

  it('names a user the server refuses to log in', async () => {
    const nobody = `kam_no_role_${randomBytes(4).toString('hex')}`;
    const line = failureLine(await serverExit({ DATABASE_URL: urlOf('postgres', nobody) }));
    expect(line).toBe(
      `PostgreSQL at ${host}:${port} refused the login of user "${nobody}": role "${nobody}" does not exist. Check the user name and password in DATABASE_URL (and the server's pg_hba.conf).`,
    );
  });
});
