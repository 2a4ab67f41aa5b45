/**
 * Every table of a test database read directly, for tests that prove what is
 * (or is no longer) stored anywhere: an erasure leaves no personal value in
 * any table, core's or a plugin's.
 */
import type { Database } from '../../src/db/database.js';

/** Every table of the database (SQLite or PostgreSQL), read directly, each row flattened to one string. */
export async function dumpEveryTable(db: Database): Promise<Map<string, string[]>> {
  const prisma = db.prisma;
  const tables =
    db.provider === 'sqlite'
      ? (await prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map((r) => r.name)
      : (
          await prisma.$queryRawUnsafe<{ table_name: string }[]>(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
          )
        ).map((r) => r.table_name);
  const dump = new Map<string, string[]>();
  for (const table of tables) {
    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table.replaceAll('"', '""')}"`);
    dump.set(
      table,
      rows.map((row) => Object.values(row).map(flatten).join(' | ')),
    );
  }
  return dump;
}

function flatten(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return `${value.toISOString()} ${value.getTime()}`;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
