/**
 * `npm start` as the README runs it: npm runs the compiled server (plain
 * node on dist/, nothing compiled at run time), which loads the configured
 * plugin compiled and answers; and a SIGTERM or SIGINT sent to npm's own PID
 * (what `kill -TERM <pid of npm start>`, a terminal's Ctrl-C or a process
 * manager sends) stops the server cleanly and frees its port. npm forwards
 * those signals to its child only: the start script execs node, so that
 * child is the server itself rather than a shell that would not pass them on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/compiled.js';
import { TEST_AUTH } from '../support/test-app.js';

const folder = mkdtempSync(join(tmpdir(), 'kam-npm-start-'));
const started: ChildProcess[] = [];
const serverPids: number[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of serverPids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes whose parent is `pid`, with their command lines (Linux /proc). */
function childrenOf(pid: number): { pid: number; command: string }[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .map((child) => ({ pid: child, command: readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').join(' ').trim() }));
}

/** Whether nothing listens on the port any more: this process can listen on it itself. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function npmStart(name: string): Promise<{ npm: ChildProcess; url: string; output: () => string; exited: Promise<number | null> }> {
  const npm = spawn('npm', ['start'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: `file:${join(folder, `${name}.db`)}`,
      NODE_ENV: 'production',
      DEMO_SEED: 'false',
      AUTH_JWT_SECRET: TEST_AUTH.jwtSecret,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(npm);
  let output = '';
  const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /KAM GraphQL API on (http:\/\/\S+\/graphql)/.exec(output);
      if (match) resolve(match[1]!);
    };
    npm.stdout!.on('data', onData);
    npm.stderr!.on('data', onData);
    npm.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { npm, url, output: () => output, exited };
}

describe.runIf(existsSync('/proc/self'))('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('runs the compiled server, which stops and frees its port on %s sent to npm', async (signal) => {
    const { npm, url, output, exited } = await npmStart(signal.toLowerCase());

    // npm's one child is the server, node running the compiled entry point: no tsx, no shell in between.
    const children = childrenOf(npm.pid!);
    // Whatever runs under npm is killed after the tests, should they fail.
    serverPids.push(...children.flatMap((child) => [child.pid, ...childrenOf(child.pid).map((grandchild) => grandchild.pid)]));
    expect(children).toHaveLength(1);
    const server = children[0]!;
    expect(server.command).toMatch(/^\S*node\b.* dist\/src\/server\/main\.js$/);
    expect(server.command).not.toMatch(/tsx/);
    // The configured plugin loaded, from its compiled twin.
    expect(output()).toMatch(/^plugins: payment-discipline@/m);

    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
    const port = Number(new URL(url).port);
    expect(await portIsFree(port)).toBe(false);

    process.kill(npm.pid!, signal);
    expect(await exited).toBe(0);
    expect(output()).toContain(`${signal} received: draining requests and closing`);
    expect(isRunning(server.pid)).toBe(false);
    expect(await portIsFree(port)).toBe(true);
  });
});
