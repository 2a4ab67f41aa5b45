/**
 * The README's promise: starting the server on a fresh machine migrates an
 * empty SQLite database, seeds demo data and answers the example query.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killStartedServers, startServerProcess } from '../support/server-process.js';

const folder = mkdtempSync(join(tmpdir(), 'kam-start-'));
afterAll(() => {
  killStartedServers();
  rmSync(folder, { recursive: true, force: true });
});

/** The tokens the demo seed printed, by role. */
function demoTokensIn(output: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  const lines = output.split('\n');
  lines.forEach((line, i) => {
    const role = /^\s+(ADMINISTRATOR|TOP|MIDDLE|FRONTLINE)\s/.exec(line)?.[1];
    if (role) tokens[role] = lines[i + 1]!.trim();
  });
  return tokens;
}

describe('npm start on a fresh database', () => {
  it('serves demo data and shuts down cleanly on SIGTERM', async () => {
    const server = await startServerProcess({ DATABASE_URL: `file:${join(folder, 'kam.db')}`, DEMO_SEED: 'true' });
    // The seed prints a token per role: the README's queries run as each of them.
    const printed = demoTokensIn(server.output());
    expect(Object.keys(printed).sort()).toEqual(['ADMINISTRATOR', 'FRONTLINE', 'MIDDLE', 'TOP']);
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${printed.TOP}` },
      body: JSON.stringify({
        query: '{ accounts(first: 5) { edges { node { name tier enterpriseSize people(first: 3) { edges { node { name decisionRole } } } } } } }',
      }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.accounts.edges).toHaveLength(5);
    expect(body.data.accounts.edges.every((e: any) => e.node.people.edges.length > 0)).toBe(true);

    // Frontline staff see only the accounts of their teams; without a token nothing is served.
    const count = async (token?: string) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: '{ accounts { totalCount } }' }),
      });
      return (await response.json()) as any;
    };
    const top = (await count(printed.TOP)).data.accounts.totalCount;
    const middle = (await count(printed.MIDDLE)).data.accounts.totalCount;
    const frontline = (await count(printed.FRONTLINE)).data.accounts.totalCount;
    expect(frontline).toBeGreaterThan(0);
    expect(frontline).toBeLessThan(middle);
    expect(middle).toBeLessThan(top);
    // The README quotes these figures.
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const quoted = /answers (\d+) as top management, (\d+) as the middle manager .*? and (\d+) as the frontline member/.exec(readme);
    expect(quoted?.slice(1).map(Number)).toEqual([top, middle, frontline]);
    expect((await count()).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    expect(await server.stop()).toBe(0);
  });
});
