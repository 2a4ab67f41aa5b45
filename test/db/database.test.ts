import Database from 'better-sqlite3';
/**
 * Opening the database: provider detection, settings, the statement hook and
 * failing fast. Runs on SQLite, or PostgreSQL with TEST_DATABASE=postgresql.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_BUSY_SLICE_MS } from '../../src/db/sqlite-adapter.js';
import { openDatabase, providerOf } from '../../src/db/database.js';
import { isDatabaseUrl, sqliteFilePath } from '../../src/db/provider.js';
import { createEmptyDatabase, createTestDatabase, testProvider, type TestDatabase } from '../support/test-database.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function testDatabase(options: Parameters<typeof createTestDatabase>[0] = {}): Promise<TestDatabase> {
  const testDb = await createTestDatabase(options);
  cleanups.push(() => testDb.drop());
  return testDb;
}

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function seedAccounts(testDb: TestDatabase, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const name = `${prefix} ${i}`;
    await testDb.db.prisma.account.create({
      data: {
        name,
        searchName: name.toLowerCase(),
        industry: 'RETAIL',
        people: {
          create: [1, 2].map((n) => ({ name: `${name} p${n}`, searchName: `${name} p${n}`.toLowerCase() })),
        },
      },
    });
  }
}

describe('providerOf', () => {
  it('tells SQLite from PostgreSQL URLs', () => {
    expect(providerOf('file:./data/kam.db')).toBe('sqlite');
    expect(providerOf('postgresql://u@localhost:5432/kam')).toBe('postgresql');
    expect(providerOf('postgres://u@localhost/kam')).toBe('postgresql');
  });

  it('rejects other URLs without echoing them', () => {
    expect(() => providerOf('mysql://root:secret@localhost/kam')).toThrow(/Unsupported database URL scheme mysql:/);
    expect(() => providerOf('mysql://root:secret@localhost/kam')).not.toThrow(/secret/);
    expect(() => providerOf('kam.db')).toThrow(/Unsupported/);
  });
});

describe('isDatabaseUrl', () => {
  it('accepts a file: path and a well-formed PostgreSQL URL, nothing else', () => {
    expect(['file:./data/kam.db', 'file:/srv/kam.db?connection_limit=1', 'postgresql://u:p@db:5432/kam', 'postgres:///kam'].filter(isDatabaseUrl)).toHaveLength(4);
    expect(['file:', 'file:?mode=memory', 'postgresql://u@db:port/kam', 'mysql://root@localhost/kam', 'kam.db', ''].filter(isDatabaseUrl)).toEqual([]);
  });
});

describe('openDatabase', () => {
  it(`pings a migrated ${testProvider()} database`, async () => {
    const { db } = await testDatabase();
    expect(db.provider).toBe(testProvider());
    await expect(db.ping()).resolves.toBeUndefined();
  });

  it('reports each statement to onQuery, and a page of relations costs a constant number of them', async () => {
    const statements: string[] = [];
    const testDb = await testDatabase({ onQuery: (sql) => statements.push(sql) });
    const { prisma } = testDb.db;
    const statementsFor = async (query: () => Promise<unknown>) => {
      statements.length = 0;
      await query();
      return [...statements];
    };

    expect(await statementsFor(() => prisma.account.count())).toHaveLength(1);

    await seedAccounts(testDb, 2, 'Small');
    const few = await statementsFor(() => prisma.account.findMany({ include: { people: true } }));
    await seedAccounts(testDb, 8, 'More');
    const many = await statementsFor(() => prisma.account.findMany({ include: { people: true } }));
    expect(many.length).toBe(few.length);
    expect(many.length).toBeLessThanOrEqual(2);

    const tx = await statementsFor(() =>
      prisma.$transaction(async (t) => {
        await t.account.count();
      }),
    );
    expect(tx).toEqual(['BEGIN', expect.stringMatching(/^SELECT/), 'COMMIT']);
  });

  it.runIf(testProvider() === 'sqlite')('sets WAL, the busy timeout, foreign keys and secure deletion on SQLite', async () => {
    const { db } = await testDatabase({ sqlite: { busyTimeoutMs: 1234 } });
    const pragma = async (name: string) =>
      Object.values(((await db.prisma.$queryRawUnsafe(`PRAGMA ${name}`)) as Record<string, unknown>[])[0]!)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    // SQLite itself waits only a short slice, synchronously; the guard waits out the rest (1234 ms) asynchronously.
    expect(Number(await pragma('busy_timeout'))).toBe(SQLITE_BUSY_SLICE_MS);
    expect(Number(await pragma('foreign_keys'))).toBe(1);
    expect(Number(await pragma('secure_delete'))).toBe(1);
  });

  it.runIf(testProvider() === 'sqlite')('waits for another process\'s write lock without freezing the event loop, then writes', async () => {
    const { db, url } = await testDatabase({ sqlite: { busyTimeoutMs: 5000 } });
    const other = new Database(sqliteFilePath(url));
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      const write = db.prisma.account.create({ data: { name: 'Waited', searchName: 'waited', industry: 'RETAIL' } });
      let written = false;
      void write.then(() => (written = true));
      // Timers keep firing while the write waits for the lock.
      while (ticks < 20) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(written).toBe(false);
      other.exec('COMMIT');
      expect((await write).name).toBe('Waited');
    } finally {
      clearInterval(ticker);
      other.close();
    }
  });

  it('creates the folder of a SQLite file', async () => {
    const { url, remove } = await createEmptyDatabase('sqlite');
    cleanups.push(remove);
    const nested = url.replace(/test\.db$/, join('a', 'b', 'kam.db'));
    const db = await openDatabase({ url: nested });
    cleanups.push(() => db.close());
    await db.ping();
    expect(existsSync(sqliteFilePath(nested))).toBe(true);
  });

  it('fails promptly when the PostgreSQL server is unreachable', async () => {
    const db = await openDatabase({
      url: `postgresql://postgres@127.0.0.1:${await closedPort()}/kam`,
      postgres: { connectionTimeoutMs: 2000 },
    });
    cleanups.push(() => db.close());
    await expect(db.ping()).rejects.toThrow();
    // Still answering, still failing: no connection attempt was left hanging.
    await expect(db.ping()).rejects.toThrow();
  });

  it.runIf(testProvider() === 'postgresql')('errors instead of waiting forever when the pool is exhausted', async () => {
    const { db } = await testDatabase({ postgres: { max: 1, connectionTimeoutMs: 300 } });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // The only connection is taken by an open transaction...
    const transaction = db.prisma.$transaction(
      async (tx) => {
        await tx.account.count();
        holding();
        await released;
      },
      { timeout: 20_000 },
    );
    await held;
    // ...so a query has no connection to run on and must fail, not queue forever.
    await expect(db.prisma.account.count()).rejects.toThrow(/timeout|timed out/i);
    release();
    await transaction;
    await expect(db.prisma.account.count()).resolves.toBe(0);
  });
});
