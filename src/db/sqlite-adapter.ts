/**
 * A guard around @prisma/adapter-better-sqlite3 against lost writes
 * (prisma/orm#29933).
 *
 * The stock adapter shares one connection between every query and every
 * transaction, opens transactions with a deferred `BEGIN`, and treats
 * `rollback()` as "release the mutex" without ever checking that SQLite left
 * the transaction. So:
 *  - a COMMIT that fails with SQLITE_BUSY leaves the connection inside the
 *    transaction: later writes are acknowledged but never committed;
 *  - a plain query issued while an interactive transaction is open runs
 *    inside that transaction and vanishes if the transaction rolls back;
 *  - a deferred transaction that reads and then writes can fail its first
 *    write with SQLITE_BUSY(_SNAPSHOT) without waiting for the busy timeout.
 *
 * This guard owns the connection instead:
 *  - one FIFO lock per connection: a transaction holds it from BEGIN to its
 *    end, and a plain statement waits for it, so no statement ever runs inside
 *    somebody else's transaction. (Hence never await the root client inside
 *    an interactive transaction: it waits until the transaction times out.)
 *  - transactions start with `BEGIN IMMEDIATE`, so the write lock is taken up
 *    front, through the busy timeout, rather than half-way through;
 *  - whenever a transaction ends, or a plain statement returns, the connection
 *    must be out of any transaction (better-sqlite3's `inTransaction`);
 *    otherwise it is rolled back and the caller gets an error.
 *  - waiting for another process's lock never freezes the process:
 *    better-sqlite3 waits synchronously, so SQLite's own busy timeout is kept
 *    to a short slice and the guard retries a locked `BEGIN IMMEDIATE` or
 *    plain statement (neither has done anything yet) asynchronously until
 *    the configured busy timeout is spent, releasing the connection between
 *    attempts. Signals, timers and other requests keep being served.
 */
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
  TransactionOptions,
} from '@prisma/driver-adapter-utils';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import type { Database } from 'better-sqlite3';

/** The stock adapter keeps its better-sqlite3 handle in a public field. */
type StockAdapter = SqlDriverAdapter & { readonly client: Database };

function statement(sql: string): SqlQuery {
  return { sql, args: [], argTypes: [] };
}

/** A FIFO async lock: `acquire()` resolves to the function that releases it. */
class Lock {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => once(release));
    this.#tail = this.#tail.then(() => held);
    return ready;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

/** The busy slice SQLite may block the event loop for; the rest of a wait is asynchronous. */
export const SQLITE_BUSY_SLICE_MS = 25;

/** SQLITE_BUSY as the stock adapter reports it (a DriverAdapterError whose cause names the SQLite code). */
function isBusy(error: unknown): boolean {
  const cause = (error as { cause?: { originalCode?: unknown } } | null)?.cause;
  return cause?.originalCode === 'SQLITE_BUSY';
}

/** Retries `attempt` while the file is locked by another connection, until `budgetMs` is spent. */
export async function whileBusy<T>(budgetMs: number, attempt: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + budgetMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() + pause >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Rolls back whatever transaction the connection is still in; true if it was in one. */
function leaveTransaction(db: Database): boolean {
  if (!db.inTransaction) return false;
  db.exec('ROLLBACK');
  return true;
}

class GuardedTransaction implements Transaction {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  // COMMIT and ROLLBACK are sent as real statements (through executeRaw).
  readonly options: TransactionOptions = { usePhantomQuery: false };
  readonly #inner: StockAdapter;
  readonly #release: () => void;

  constructor(inner: StockAdapter, release: () => void) {
    this.adapterName = inner.adapterName;
    this.#inner = inner;
    this.#release = release;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#inner.executeRaw(query);
  }

  /** Called after a successful COMMIT: the connection must be out of the transaction. */
  async commit(): Promise<void> {
    try {
      if (leaveTransaction(this.#inner.client)) {
        throw new Error('SQLite transaction was still open after COMMIT; it was rolled back');
      }
    } finally {
      this.#release();
    }
  }

  /**
   * Called after ROLLBACK, and also after a failed COMMIT: in that case SQLite
   * keeps the transaction open, so roll it back for real before anyone else
   * may use the connection.
   */
  async rollback(): Promise<void> {
    try {
      leaveTransaction(this.#inner.client);
    } finally {
      this.#release();
    }
  }

  async createSavepoint(name: string): Promise<void> {
    await this.executeRaw(statement(`SAVEPOINT ${name}`));
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    await this.executeRaw(statement(`ROLLBACK TO ${name}`));
  }

  async releaseSavepoint(name: string): Promise<void> {
    await this.executeRaw(statement(`RELEASE SAVEPOINT ${name}`));
  }
}

class GuardedSqliteAdapter implements SqlDriverAdapter {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  readonly #inner: StockAdapter;
  readonly #lock = new Lock();
  readonly #busyTimeoutMs: number;

  constructor(inner: StockAdapter, busyTimeoutMs: number) {
    this.adapterName = inner.adapterName;
    this.#inner = inner;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#alone(() => this.#inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#alone(() => this.#inner.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.#alone(() => this.#inner.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    // SQLite transactions are serializable; refuse anything else like the stock adapter.
    if (isolationLevel && isolationLevel !== 'SERIALIZABLE') {
      throw new DriverAdapterError({ kind: 'InvalidIsolationLevel', level: isolationLevel });
    }
    return whileBusy(this.#busyTimeoutMs, async () => {
      const release = await this.#lock.acquire();
      try {
        leaveTransaction(this.#inner.client);
        // Through executeRaw so a busy error is mapped like any other driver error.
        await this.#inner.executeRaw(statement('BEGIN IMMEDIATE'));
        return new GuardedTransaction(this.#inner, release);
      } catch (error) {
        release();
        throw error;
      }
    });
  }

  async dispose(): Promise<void> {
    // Wait for the transaction in progress, if any, then close the connection.
    await this.#lock.run(async () => {
      leaveTransaction(this.#inner.client);
      await this.#inner.dispose();
    });
  }

  /** Runs a statement outside any transaction, and makes sure it leaves none open. */
  async #alone<T>(fn: () => Promise<T>): Promise<T> {
    return whileBusy(this.#busyTimeoutMs, () => this.#lock.run(async () => {
      const db = this.#inner.client;
      leaveTransaction(db);
      const result = await fn();
      if (leaveTransaction(db)) {
        throw new Error(
          'A statement left the SQLite connection inside a transaction; it was rolled back. Use prisma.$transaction instead of raw BEGIN/COMMIT.',
        );
      }
      return result;
    }));
  }
}

/** Wraps a better-sqlite3 adapter factory so every connection it makes is guarded. */
export function guardSqliteAdapter(factory: SqlDriverAdapterFactory, busyTimeoutMs: number): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const inner = await factory.connect();
      if (!('client' in inner) || typeof (inner as StockAdapter).client?.exec !== 'function') {
        await inner.dispose();
        throw new Error('guardSqliteAdapter needs the @prisma/adapter-better-sqlite3 adapter');
      }
      return new GuardedSqliteAdapter(inner as StockAdapter, busyTimeoutMs);
    },
  };
}
