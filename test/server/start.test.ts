/**
 * The README's promise: starting the server on a fresh machine migrates an
 * empty SQLite database, seeds demo data and answers the example query.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

let child: ChildProcess | undefined;
const folder = mkdtempSync(join(tmpdir(), 'kam-start-'));
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

function waitForLine(proc: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) resolve(match);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

describe('npm start on a fresh database', () => {
  it('serves demo data and shuts down cleanly on SIGTERM', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, DATABASE_URL: `file:${join(folder, 'kam.db')}`, PORT: '0', NODE_ENV: 'production', DEMO_SEED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, url] = await waitForLine(child, /KAM GraphQL API on (http:\/\/\S+\/graphql)/);
    const res = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ accounts(first: 5) { edges { node { name tier enterpriseSize people(first: 3) { edges { node { name decisionRole } } } } } } }',
      }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.accounts.edges).toHaveLength(5);
    expect(body.data.accounts.edges.every((e: any) => e.node.people.edges.length > 0)).toBe(true);

    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  });
});
