/** Real API server processes (src/server/main.ts, compiled), as an operator would run them. */
import { spawn, type ChildProcess } from 'node:child_process';
import { compiled } from './compiled.js';
import { suiteServiceToken, TEST_AUTH } from './test-app.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  output(): string;
  gql(query: string, variables?: Record<string, unknown>): Promise<any>;
  /** SIGKILL: no shutdown hooks run, as in a crash. */
  kill(): Promise<void>;
  stop(): Promise<number | null>;
}

/** Every server a test started, so a failed test can still kill what it left running. */
export const startedServers: ServerProcess[] = [];

/**
 * Starts `src/server/main.ts` and resolves once it listens (and, with
 * `readyWhen`, once its output also matches that pattern).
 */
export async function startServerProcess(env: Record<string, string | undefined>, options: { readyWhen?: RegExp } = {}): Promise<ServerProcess> {
  const child = spawnServer(env);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/KAM GraphQL API on (http:\/\/\S+\/graphql)/);
      if (match && (!options.readyWhen || options.readyWhen.test(output))) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const server: ServerProcess = {
    child,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    output: () => output,
    async gql(query, variables) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await suiteServiceToken}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
  startedServers.push(server);
  return server;
}

function spawnServer(env: Record<string, string | undefined>): ChildProcess {
  // A variable given as undefined is left unset, so the server's own default applies.
  // Tests read what the server prints (its address, its one-line start-up errors): it logs at info whatever the suite's LOG_LEVEL.
  const merged = { ...process.env, PORT: '0', NODE_ENV: 'production', DEMO_SEED: 'false', AUTH_JWT_SECRET: TEST_AUTH.jwtSecret, LOG_LEVEL: 'info', ...env };
  return spawn(process.execPath, [compiled('src/server/main.ts')], {
    env: Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface ServerExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `src/server/main.ts` expecting it to fail, and resolves with how it
 * exited. A server that starts after all, or is still running after
 * `giveUpAfterMs`, is killed and reported as a failure.
 */
export async function serverExit(env: Record<string, string>, giveUpAfterMs = 25_000): Promise<ServerExit> {
  const child = spawnServer(env);
  let stdout = '';
  let stderr = '';
  let failure: string | undefined;
  const giveUp = (why: string) => {
    failure ??= why;
    child.kill('SIGKILL');
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (/KAM GraphQL API on /.test(stdout)) giveUp('the server started instead of failing');
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => giveUp(`the server was still running after ${giveUpAfterMs} ms`), giveUpAfterMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  if (failure) throw new Error(`${failure}:\n${stdout}${stderr}`);
  return { code, stdout, stderr };
}

/** Kills every started server still running (for afterAll). */
export function killStartedServers(): void {
  for (const { child } of startedServers.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
