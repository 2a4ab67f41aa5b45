import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { DomainEvent, EventBus } from './domain-event.js';

export type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export type Emit = (name: string, accountId: string | null, payload: unknown) => void;

/**
 * Runs one business operation in a database transaction and publishes the
 * events it emitted once the transaction has committed.
 */
export async function inTransaction<T>(
  prisma: PrismaClient,
  bus: EventBus,
  now: () => Date,
  work: (tx: Transaction, emit: Emit) => Promise<T>,
): Promise<T> {
  const events: DomainEvent[] = [];
  const result = await prisma.$transaction(async (tx) => {
    events.length = 0; // a retried transaction starts with a clean slate
    return work(tx, (name, accountId, payload) => events.push({ name, accountId, payload, occurredAt: now() }));
  });
  await bus.publish(events);
  return result;
}
