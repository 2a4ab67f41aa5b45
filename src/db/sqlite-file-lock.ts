/**
 * A lock shared by every process on this machine, for work that must not run
 * twice at once against one SQLite file (applying migrations: the schema
 * engine's SQLite connector takes no lock of its own, and two engines racing
 * on a new database fail with SQLITE_BUSY).
 *
 * The lock is SQLite's own: an exclusive transaction on a small side file
 * (`<database>.lock`), which the operating system releases if the process
 * dies. The side file is left in place: deleting it while another process
 * waits on it would let a third one lock a new file alongside.
 */
import Database from 'better-sqlite3';

export async function withSqliteFileLock<T>(databaseFile: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const lock = new Database(`${databaseFile}.lock`, { timeout: timeoutMs });
  try {
    // Waits (blocking this process) up to timeoutMs for the holder to finish.
    lock.exec('BEGIN EXCLUSIVE');
    return await fn();
  } finally {
    lock.close(); // ends the transaction, and so the lock
  }
}
