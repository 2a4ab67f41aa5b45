/**
 * The PostgreSQL connection pool, read when scraped: connections open and
 * idle, queries waiting for one, and the pool's size. Waiting above 0 for
 * long means PG_POOL_MAX is too small for the load (or a query holds
 * connections); past PG_CONNECT_TIMEOUT_MS a waiting query fails as
 * SERVICE_UNAVAILABLE. SQLite has a single connection and no pool: these
 * gauges are absent there. Before the first query there is no pool yet, and
 * the gauges have no sample.
 */
import { Gauge, type Registry } from 'prom-client';
import type { PoolStats } from '../db/database.js';

export function createDatabasePoolMetrics(registry: Registry, stats: () => PoolStats | undefined): void {
  const gauge = (name: string, help: string, read: (s: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const now = stats();
        if (now) this.set(read(now));
        else this.remove();
      },
    });
  gauge('kam_db_pool_connections', 'PostgreSQL pool: connections open (busy or idle).', (s) => s.total);
  gauge('kam_db_pool_idle_connections', 'PostgreSQL pool: open connections not in use.', (s) => s.idle);
  gauge('kam_db_pool_waiting_queries', 'PostgreSQL pool: queries waiting for a connection.', (s) => s.waiting);
  gauge('kam_db_pool_max_connections', 'PostgreSQL pool: the most connections it opens (PG_POOL_MAX).', (s) => s.max);
}
