/**
 * Operator actions on event deliveries, kept out of the resolvers so they can
 * be tested and reused without GraphQL.
 */
import { ConflictError, NotFoundError } from '../errors/domain-errors.js';
import type { EventDelivery, PrismaClient } from '../generated/prisma-sqlite/client.js';

/**
 * Puts a PARKED delivery back in the queue: PENDING with a fresh attempt
 * budget, and its event open again so the next pass picks it up. The last
 * error is kept until a retry succeeds or fails anew. Kick the dispatcher
 * afterwards.
 */
export async function retryParkedDelivery(prisma: PrismaClient, id: string): Promise<EventDelivery> {
  const deliveryId = /^[1-9]\d{0,15}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(deliveryId)) throw new NotFoundError('EventDelivery', id);
  return prisma.$transaction(async (tx) => {
    const delivery = await tx.eventDelivery.findUnique({ where: { id: deliveryId } });
    if (!delivery) throw new NotFoundError('EventDelivery', id);
    // Conditional, so two operators retrying at once re-queue it once and the other gets a conflict.
    const { count } = await tx.eventDelivery.updateMany({
      where: { id: deliveryId, status: 'PARKED' },
      data: { status: 'PENDING', attempts: 0, nextAttemptAt: null },
    });
    if (count === 0) throw new ConflictError(`event delivery is ${delivery.status}, only a PARKED one can be retried`, ['id']);
    await tx.outboxEvent.update({ where: { id: delivery.eventId }, data: { dispatchedAt: null } });
    return tx.eventDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
  });
}
