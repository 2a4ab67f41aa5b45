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
    const server = await startServerProcess({ DATABASE_URL: `file:${join(folder, 'kam.db')}`, NODE_ENV: 'development', DEMO_SEED: undefined });
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

describe('npm start in production', () => {
  it('seeds nothing into an empty database and prints no token, unless demo data is asked for, and then still prints none', async () => {
    const bare = await startServerProcess({ DATABASE_URL: `file:${join(folder, 'production.db')}`, NODE_ENV: 'production', DEMO_SEED: undefined });
    expect(await bare.gql('{ accounts { totalCount } }')).toEqual({ accounts: { totalCount: 0 } });
    expect(bare.output()).not.toMatch(/seeded demo data|eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(await bare.stop()).toBe(0);

    const asked = await startServerProcess({ DATABASE_URL: `file:${join(folder, 'production-demo.db')}`, NODE_ENV: 'production', DEMO_SEED: 'true' });
    expect((await asked.gql('{ accounts { totalCount } }')).accounts.totalCount).toBeGreaterThan(0);
    expect(asked.output()).toMatch(/seeded demo data/);
    // No bearer token (a JWT starts with eyJ) anywhere in the log.
    expect(asked.output()).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(await asked.stop()).toBe(0);
  });

  it('refuses to start without a signing secret or an identity provider, in one line', async () => {
    const failed = await startServerProcess({ DATABASE_URL: `file:${join(folder, 'nosecret.db')}`, NODE_ENV: 'production', AUTH_JWT_SECRET: undefined }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failed).toMatch(/Invalid configuration: production needs AUTH_JWT_SECRET or AUTH_JWKS_URL/);
    expect(failed).not.toMatch(/\n\s+at /);
  });
});

