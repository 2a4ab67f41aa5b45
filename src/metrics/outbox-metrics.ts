/**
 * The outbox as the dispatcher sees it, read from the database when scraped,
 * never per event: two indexed reads of OutboxEvent (`dispatchedAt, id`) and
 * one of EventDelivery (`handler, status`) per scrape, whatever the traffic.
 *
 * - pending: events not yet finished by every handler (the backlog);
 * - lag: age of the first of them in outbox order, on the app's clock, 0
 *   when there is none. Ids grow as events are written, so the first is the
 *   oldest but for writers racing within the same instant;
 * - parked: deliveries given up after their retries, per registered handler
 *   (a handler no longer registered has nothing to retry them with).
 *
 * Every instance reports the same shared numbers, whether or not it
 * dispatches. When the database cannot be read the samples are left out of
 * the scrape (which still answers), rather than reported as 0 or as stale.
 */
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { Gauge, type Registry } from 'prom-client';

export interface OutboxSource {
  prisma: PrismaClient;
  now: () => Date;
  /** The dispatcher's handler names. */
  handlers: () => readonly string[];
}

export function createOutboxMetrics(registry: Registry, source: OutboxSource): void {
  const { prisma, now } = source;
  new Gauge({
    name: 'kam_outbox_pending_events',
    help: 'Outbox events not yet delivered to every handler (the dispatcher backlog).',
    registers: [registry],
    async collect() {
      try {
        this.set(await prisma.outboxEvent.count({ where: { dispatchedAt: null } }));
      } catch {
        this.remove();
      }
    },
  });
  new Gauge({
    name: 'kam_outbox_dispatch_lag_seconds',
    help: 'Age of the oldest outbox event not yet delivered to every handler, in seconds; 0 with no backlog.',
    registers: [registry],
    async collect() {
      try {
        const oldest = await prisma.outboxEvent.findFirst({ where: { dispatchedAt: null }, orderBy: { id: 'asc' }, select: { occurredAt: true } });
        this.set(oldest ? Math.max(0, (now().getTime() - oldest.occurredAt.getTime()) / 1000) : 0);
      } catch {
        this.remove();
      }
    },
  });
  new Gauge({
    name: 'kam_outbox_parked_deliveries',
    help: 'Event deliveries parked after their retries, waiting for an operator (retryEventDelivery), by handler.',
    labelNames: ['handler'] as const,
    registers: [registry],
    async collect() {
      const handlers = source.handlers();
      if (handlers.length === 0) return;
      try {
        const rows = await prisma.eventDelivery.groupBy({
          by: ['handler'],
          where: { status: 'PARKED', handler: { in: [...handlers] } },
          _count: { _all: true },
        });
        const parked = new Map(rows.map((row) => [row.handler, row._count._all]));
        this.reset();
        for (const handler of handlers) this.set({ handler }, parked.get(handler) ?? 0);
      } catch {
        this.reset();
      }
    },
  });
}
