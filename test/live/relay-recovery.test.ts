/**
 * A live event the relay could not prepare (the read of its account's facts
 * failed: a dropped connection, a saturated pool) is not lost: it does not
 * count as delivered, and the next catch-up reads it again from storage, so
 * the subscriber still receives every message, once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma-sqlite/client.js';
import { LiveRelay, type LiveEvent } from '../../src/live/live-relay.js';
import type { LiveMessage, LiveTopic } from '../../src/live/live-topic.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

interface TestMessage extends LiveMessage {
  accountId: string;
}

/** A topic stored in memory, published by hand: what the relay reads back is exactly what was "committed". */
function memoryTopic() {
  const stored: TestMessage[] = [];
  const listeners = new Set<(message: TestMessage) => void>();
  const topic: LiveTopic<TestMessage> = {
    name: 'test:recovery',
    accountOf: (message) => message.accountId,
    replay: async (_prisma, after, limit) => stored.filter((m) => m.seq > after).slice(0, limit),
    head: async () => stored.at(-1)?.seq ?? 0,
  };
  const transport = {
    subscribe: (): AsyncIterable<unknown> => ({
      async *[Symbol.asyncIterator]() {
        const queue: TestMessage[] = [];
        let wake: (() => void) | undefined;
        const listener = (message: TestMessage) => {
          queue.push(message);
          wake?.();
        };
        listeners.add(listener);
        try {
          for (;;) {
            while (queue.length > 0) yield queue.shift()!;
            await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          listeners.delete(listener);
        }
      },
    }),
  };
  const publish = (message: TestMessage) => {
    stored.push(message);
    for (const listener of listeners) listener(message);
  };
  return { topic, transport, publish };
}

let t: TestDatabase;
let failAccountReads = 0;
let prisma: PrismaClient;

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.prisma.account.create({ data: { id: 'acc-1', name: 'Recovery Works', searchName: 'recovery works', industry: 'INDUSTRIAL' } });
  // The fault is injected at the database boundary: the relay's read of the account's facts fails while failAccountReads > 0.
  prisma = t.db.prisma.$extends({
    query: {
      account: {
        async findMany({ args, query }) {
          if (failAccountReads > 0) {
            failAccountReads -= 1;
            throw new Error('connection lost');
          }
          return query(args);
        },
      },
    },
  }) as unknown as PrismaClient;
});
afterAll(() => t?.drop());

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('the live relay when preparing an event fails', () => {
  it('delivers the event with the next catch-up instead of dropping it, in order and once', async () => {
    const { topic, transport, publish } = memoryTopic();
    const logged: string[] = [];
    const relay = new LiveRelay({ prisma, transport, topics: [topic], log: (m) => logged.push(m) });
    await relay.ready;
    const received: number[] = [];
    const stream = relay.subscribe<TestMessage>(topic.name, { accept: () => true });
    const delivery = stream.deliverTo((event: LiveEvent<TestMessage>) => received.push(event.message.seq));
    void delivery.next();
    await until(() => relay.retained().subscribers === 1);

    publish({ seq: 1, accountId: 'acc-1' });
    await until(() => received.length === 1);
    failAccountReads = 1;
    publish({ seq: 2, accountId: 'acc-1' });
    await until(() => logged.length === 1);
    expect(logged).toEqual(['live: connection lost']);
    expect(received).toEqual([1]);

    // The next message finds the relay behind: it reads storage first, so 2 arrives before 3.
    publish({ seq: 3, accountId: 'acc-1' });
    await until(() => received.length === 3);
    // A timer catch-up afterwards (as over Redis) delivers nothing twice.
    relay.catchUp();
    publish({ seq: 4, accountId: 'acc-1' });
    await until(() => received.length === 4);
    expect(received).toEqual([1, 2, 3, 4]);
    await delivery.return!();
    relay.stop();
  });
});
