/**
 * The README's promise: starting the server on a fresh machine migrates an
 * empty SQLite database, seeds demo data and answers the example query.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killStartedServers, startServerProcess } from '../support/server-process.js';

const folder = mkdtempSync(join(tmpdir(), 'kam-start-'));
afterAll(() => {
  killStartedServers();
  rmSync(folder, { recursive: true, force: true });
});

describe('npm start on a fresh database', () => {
  it('serves demo data and shuts down cleanly on SIGTERM', async () => {
    const server = await startServerProcess({ DATABASE_URL: `file:${join(folder, 'kam.db')}`, DEMO_SEED: 'true' });
    const res = await fetch(server.url, {
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

    expect(await server.stop()).toBe(0);
  });
});
