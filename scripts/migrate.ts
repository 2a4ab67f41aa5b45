/**
 * Applies the committed migrations to DATABASE_URL (default file:./data/kam.db):
 *   npx tsx scripts/migrate.ts
 * The same step the server runs on start-up, for deployments that migrate first.
 */
import { applyMigrations } from '../src/db/migrations.js';

const url = process.env.DATABASE_URL || 'file:./data/kam.db';

try {
  const applied = await applyMigrations(url);
  console.log(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
  // Exit now: on PostgreSQL the wasm engine leaves its 10 s advisory-lock
  // timer running, which would otherwise hold the process open.
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
