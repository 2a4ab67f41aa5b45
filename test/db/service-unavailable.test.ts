/**
 * When the database is away, its pool is exhausted or a transaction cannot
 * start, clients hear "try again later" (SERVICE_UNAVAILABLE, HTTP 503 and
 * Retry-After), never "Unexpected error.", and no write they were told
 * succeeded is lost. PostgreSQL is taken away behind a proxy (the shared
 * server itself is never stopped); SQLite is locked by another connection.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFilePath } from '../../src/db/provider.js';
import { createAccount } from '../support/fixtures.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testPostgresServerUrl, testProvider } from '../support/test-database.js';

const MUTATION = `mutation($n: String!) { createAccount(input: { name: $n, industry: RETAIL }) { account { id name } errors { code } } }`;

/** POSTs as the operator and returns status, the Retry-After header and the body. */
async function post(t: TestApp, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${t.operator.token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

function expectUnavailable(response: Awaited<ReturnType<typeof post>>) {
  expect(response.status).toBe(503);
  expect(response.retryAfter).toBe('2');
  expect(response.body.errors).toEqual([
    { message: expect.stringMatching(/^Service unavailable: .+; try again in 2 s\.$/), extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 } },
  ]);
  expect(JSON.stringify(response.body)).not.toMatch(/Unexpected error|prisma|at \//i);
}

describe.runIf(testProvider() === 'postgresql')('PostgreSQL away or saturated', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  beforeAll(async () => {
    const server = new URL(testPostgresServerUrl());
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    t = await startTestApp({
      config: { security: { rateLimit: { points: 0 } } },
      database: {
        connectUrl: (url) => proxy.urlFor(url),
        postgres: { max: 3, connectionTimeoutMs: 1000 },
        transactions: { maxWaitMs: 1000 },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
  });

  it('answers queries and mutations with 503 while the database is away, and serves again when it is back, losing no acknowledged write', async () => {
    const acknowledged: string[] = [];
    const write = async (name: string) => {
      const response = await post(t, MUTATION, { n: name });
      if (response.body.data?.createAccount?.account) acknowledged.push(response.body.data.createAccount.account.id);
      return response;
    };
    for (let i = 0; i < 5; i++) expect((await write(`Before ${i}`)).status).toBe(200);

    proxy.cut();
    expectUnavailable(await post(t, '{ accounts { totalCount } }'));
    for (let i = 0; i < 5; i++) expectUnavailable(await write(`During ${i}`));
    expect((await fetch(t.url.replace('/graphql', '/ready'))).status).toBe(503);

    proxy.restore();
    let back = await write('After 0');
    // The pool notices the lost connections on their next use: a few requests may still be told to retry.
    for (let attempt = 0; attempt < 20 && back.status !== 200; attempt++) back = await write(`After ${attempt + 1}`);
    expect(back.status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await write(`Later ${i}`)).status).toBe(200);

    const stored = await t.db.prisma.account.findMany({ where: { id: { in: acknowledged.map((id) => Buffer.from(id, 'base64url').toString().split(':')[1]!) } } });
    expect(stored).toHaveLength(acknowledged.length);
    expect(stored.some((a) => a.name.startsWith('During'))).toBe(false);
  });

  it('answers 503 when every pooled connection stays busy, and serves once they are free', async () => {
    // Three transactions hold the three connections for a while.
    const held = Array.from({ length: 3 }, () =>
      t.db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SELECT pg_sleep(2.5)');
      }, { maxWait: 5000, timeout: 10_000 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectUnavailable(await post(t, MUTATION, { n: 'Squeezed Out' }));
    await Promise.all(held);
    const served = await post(t, MUTATION, { n: 'Served Later' });
    expect(served.status).toBe(200);
    expect(served.body.data.createAccount.account.name).toBe('Served Later');
    expect(await t.db.prisma.account.count({ where: { name: 'Squeezed Out' } })).toBe(0);
  });
});

describe.runIf(testProvider() === 'postgresql')('PostgreSQL on the default settings', () => {
  it('lets 50 concurrent writers through, on one account and across accounts, without a failed write', async () => {
    const t = await startTestApp({ config: { security: { rateLimit: { points: 0 } } } });
    try {
      const accounts: string[] = [];
      for (let i = 0; i < 5; i++) accounts.push(await createAccount(t, { name: `Busy ${i}` }));
      for (const spread of [1, 5]) {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            t.gql(`mutation($a: ID!, $n: String!) { addPerson(input: { accountId: $a, name: $n }) { person { id } errors { code } } }`, {
              a: accounts[i % spread],
              n: `Writer ${spread}-${i}`,
            }),
          ),
        );
        expect(results.filter((r) => r.errors?.length || !r.data?.addPerson.person)).toEqual([]);
      }
      expect(await t.db.prisma.person.count({ where: { name: { startsWith: 'Writer' } } })).toBe(100);
    } finally {
      await t.close();
    }
  });
});

describe.runIf(testProvider() === 'sqlite')('SQLite locked by another writer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: { sqlite: { busyTimeoutMs: 200 } } });
  });
  afterAll(() => t?.close());

  it('answers 503 while another process holds the write lock, and writes once it is released', async () => {
    const other = new Database(sqliteFilePath(t.db.url));
    try {
      other.exec('BEGIN IMMEDIATE');
      expectUnavailable(await post(t, MUTATION, { n: 'Blocked Writer' }));
      other.exec('ROLLBACK');
      const served = await post(t, MUTATION, { n: 'Unblocked Writer' });
      expect(served.status).toBe(200);
      expect(await t.db.prisma.account.count({ where: { name: 'Blocked Writer' } })).toBe(0);
      expect(await t.db.prisma.account.count({ where: { name: 'Unblocked Writer' } })).toBe(1);
    } finally {
      other.close();
    }
  });
});
