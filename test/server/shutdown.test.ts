/**
 * A clean stop on SIGTERM, as an operator (or an orchestrator rolling a
 * deployment) sees it: requests in flight complete, none is reset; nothing
 * sent after the signal is executed, on a new connection or on an open
 * keep-alive one; websockets close with 1001; the process exits even when
 * something it waits for never ends. And two servers started at once on an
 * empty database seed it once and both serve.
 */
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { killStartedServers, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { suiteServiceToken } from '../support/test-app.js';

const folder = mkdtempSync(join(tmpdir(), 'kam-shutdown-'));
afterAll(() => {
  killStartedServers();
  rmSync(folder, { recursive: true, force: true });
});

interface Answer {
  status?: number;
  body?: string;
  error?: string;
  connection?: string;
}

const QUERY = JSON.stringify({ query: '{ accounts { totalCount } }' });

/** A POST whose body is sent in two parts: the request is in flight from the first until `finish()`. */
function slowRequest(server: ServerProcess, agent: Agent): { answer: Promise<Answer>; finish(): void } {
  const url = new URL(server.url);
  let finish = () => undefined as void;
  const answer = new Promise<Answer>((resolve) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(QUERY), authorization: `Bearer ${suiteToken}` },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, body, connection: String(res.headers.connection) }));
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.write(QUERY.slice(0, 10));
    finish = () => void req.end(QUERY.slice(10));
  });
  return { answer, finish };
}

/** A whole request on `agent`. */
function send(server: ServerProcess, agent: Agent): Promise<Answer> {
  const request = slowRequest(server, agent);
  request.finish();
  return request.answer;
}

let suiteToken = '';

describe('SIGTERM', () => {
  it('completes requests in flight without a reset, executes nothing sent afterwards, closes websockets with 1001 and exits', async () => {
    suiteToken = await suiteServiceToken;
    const server = await startServerProcess({ DATABASE_URL: `file:${join(folder, 'drain.db')}`, SHUTDOWN_GRACE_MS: '5000' });
    const busy = new Agent({ keepAlive: true, maxSockets: 20 });
    const idle = new Agent({ keepAlive: true, maxSockets: 5 });
    // Open keep-alive connections: 20 that will carry requests in flight, 5 that stay idle.
    expect((await Promise.all(Array.from({ length: 20 }, () => send(server, busy)))).every((a) => a.status === 200)).toBe(true);
    expect((await Promise.all(Array.from({ length: 5 }, () => send(server, idle)))).every((a) => a.status === 200)).toBe(true);
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const wsClosed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    const inFlight = Array.from({ length: 20 }, () => slowRequest(server, busy));
    // Let their headers reach the server: from then on they are in flight.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    await waitForOutput(server, /SIGTERM received/);

    // Sent after the signal, on an open keep-alive connection and on a new one.
    const afterSignal = await Promise.all([...Array.from({ length: 5 }, () => send(server, idle)), send(server, new Agent({ keepAlive: false }))]);
    for (const request of inFlight) request.finish();
    const completed = await Promise.all(inFlight.map((r) => r.answer));

    expect(completed.map((a) => a.error ?? a.status)).toEqual(Array(20).fill(200));
    expect(completed.every((a) => JSON.parse(a.body!).data.accounts.totalCount === 0)).toBe(true);
    // Their connections are not kept: the client opens new ones elsewhere.
    expect(completed.every((a) => a.connection === 'close')).toBe(true);
    for (const answer of afterSignal) {
      if (answer.error) expect(answer.error).toBe('ECONNREFUSED');
      else expect([answer.status, JSON.parse(answer.body!).errors[0].extensions.code, answer.connection]).toEqual([503, 'SERVICE_UNAVAILABLE', 'close']);
    }
    expect(await wsClosed).toBe(1001);
    expect(await exited).toBe(0);
    busy.destroy();
    idle.destroy();
  });

  it('exits after the grace period even when the database is locked by another process', async () => {
    const file = join(folder, 'locked.db');
    const server = await startServerProcess({ DATABASE_URL: `file:${file}`, SHUTDOWN_GRACE_MS: '1000', SQLITE_BUSY_TIMEOUT_MS: '60000' });
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      // A write that waits for the lock: in flight until the grace period is over.
      const blocked = fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await suiteServiceToken}` },
        body: JSON.stringify({ query: 'mutation { createAccount(input: { name: "Blocked", industry: RETAIL }) { account { id } } }' }),
      }).then(
        (res) => res.status,
        (error: Error) => error.message,
      );
      // Give it time to reach the server and wait on the lock.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill('SIGTERM');
      expect(await exited).not.toBeNull();
      expect(server.output()).toMatch(/grace period of 1000 ms is over/);
      await blocked;
    } finally {
      other.close();
    }
  });
});

describe('two servers started at once on an empty database', () => {
  it('seed it once, and both serve', async () => {
    const url = `file:${join(folder, 'together.db')}`;
    const [a, b] = await Promise.all([
      startServerProcess({ DATABASE_URL: url, DEMO_SEED: 'true' }),
      startServerProcess({ DATABASE_URL: url, DEMO_SEED: 'true' }),
    ]);
    const seeded = [a, b].filter((s) => /seeded demo data/.test(s.output()));
    expect(seeded).toHaveLength(1);
    const counts = await Promise.all([a, b].map((s) => s.gql('{ accounts(filter: { statuses: [ACTIVE, ARCHIVED] }) { totalCount } }')));
    expect(counts[0]).toEqual(counts[1]);
    expect(counts[0].accounts.totalCount).toBeGreaterThan(0);
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
  });
});

async function waitForOutput(server: ServerProcess, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 200 && !pattern.test(server.output()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(server.output()).toMatch(pattern);
}
