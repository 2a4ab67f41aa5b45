import { graphql, printSchema, type GraphQLSchema } from 'graphql';
import { accessContext } from '../support/access.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerEventSchema } from '../../src/events/event-schema.js';
import type { EventDispatcher } from '../../src/events/dispatcher.js';
import { createSchemaBuilder } from '../../src/schema/builder.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { registerMutationErrors } from '../../src/schema/mutation-errors.js';
import { CORE_REQUEST } from '../../src/schema/context.js';
import { registerScalars } from '../../src/schema/scalars.js';
import { createEventTest, recorder, type EventTestContext } from './event-support.js';

function buildEventSchema(passErrors = true): GraphQLSchema {
  const builder = createSchemaBuilder();
  registerScalars(builder);
  builder.queryType({});
  builder.mutationType({});
  const errors = registerMutationErrors(builder);
  registerEventSchema(builder, passErrors ? errors : undefined);
  return builder.toSchema({ sortSchema: true });
}

const LIST = `query($status: DeliveryStatus, $handler: String, $first: Int, $after: String) {
  eventDeliveries(status: $status, handler: $handler, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id handler status attempts lastError nextAttemptAt updatedAt eventSequence eventName accountId payload occurredAt } }
  }
}`;

const RETRY = `mutation($id: ID!) {
  retryEventDelivery(id: $id) {
    delivery { id status attempts lastError nextAttemptAt }
    errors { __typename code message path ... on NotFoundError { entity } }
  }
}`;

let c: EventTestContext;
let dispatcher: EventDispatcher;
let schema: GraphQLSchema;
let kicks: number;
let fixed = false;
const failing = recorder('failing', ['core.account.archived'], { fail: () => (fixed ? undefined : new Error('ledger unavailable')) });

async function run(source: string, variableValues: Record<string, unknown> = {}) {
  const result = await graphql({ schema, source, variableValues, contextValue: { ...accessContext(c.t.db.prisma), prisma: c.t.db.prisma, [CORE_REQUEST]: { dispatcher } } });
  expect(result.errors).toBeUndefined();
  return result.data as any;
}

beforeEach(async () => {
  c = await createEventTest();
  schema = buildEventSchema();
  fixed = false;
  failing.calls.length = 0;
  failing.delivered.length = 0;
  dispatcher = c.dispatcher({ maxAttempts: 2, backoffMs: () => 0 });
  dispatcher.register(failing.registration);
  dispatcher.register(recorder('audit').registration);
  kicks = 0;
  const kick = dispatcher.kick.bind(dispatcher);
  dispatcher.kick = () => {
    kicks++;
    kick();
  };
  await c.emit([
    ['core.account.archived', 'acc-1', { reason: 'merged' }],
    ['core.account.archived', null, { reason: 'none' }],
    ['core.account.created', 'acc-2', { tag: 'x' }],
  ]);
  await dispatcher.drain();
});
afterEach(async () => {
  await c?.drop();
});

describe('operator surface', () => {
  it('lists deliveries filtered by status and handler, with the event, page by page', async () => {
    const parked = await run(LIST, { status: 'PARKED' });
    expect(parked.eventDeliveries.totalCount).toBe(2);
    const [first] = parked.eventDeliveries.edges;
    expect(first.node).toEqual({
      id: expect.any(String),
      handler: 'failing',
      status: 'PARKED',
      attempts: 2,
      lastError: 'ledger unavailable',
      nextAttemptAt: null,
      updatedAt: c.clock.current.toISOString(),
      eventSequence: 1,
      eventName: 'core.account.archived',
      accountId: encodeGlobalId('Account', 'acc-1'),
      payload: JSON.stringify({ reason: 'merged' }),
      occurredAt: c.clock.current.toISOString(),
    });
    expect(parked.eventDeliveries.edges[1].node).toMatchObject({ accountId: null, eventSequence: 2 });

    const audit = await run(LIST, { handler: 'audit', first: 2 });
    expect(audit.eventDeliveries.totalCount).toBe(3);
    expect(audit.eventDeliveries.edges.map((e: any) => [e.node.eventName, e.node.status])).toEqual([
      ['core.account.archived', 'DONE'],
      ['core.account.archived', 'DONE'],
    ]);
    expect(audit.eventDeliveries.pageInfo.hasNextPage).toBe(true);
    const rest = await run(LIST, { handler: 'audit', first: 2, after: audit.eventDeliveries.pageInfo.endCursor });
    expect(rest.eventDeliveries.edges.map((e: any) => e.node.eventName)).toEqual(['core.account.created']);

    const none = await run(LIST, { status: 'PENDING' });
    expect(none.eventDeliveries.totalCount).toBe(0);
  });

  it('re-queues a parked delivery, which the dispatcher then delivers', async () => {
    const parked = await run(LIST, { status: 'PARKED', first: 1 });
    const id = parked.eventDeliveries.edges[0].node.id;

    fixed = true;
    dispatcher.start();
    kicks = 0;
    const data = await run(RETRY, { id });
    expect(data.retryEventDelivery.errors).toEqual([]);
    // Shown as re-queued: the last error stays visible until the retry succeeds.
    expect(data.retryEventDelivery.delivery).toEqual({ id, status: 'PENDING', attempts: 0, lastError: 'ledger unavailable', nextAttemptAt: null });
    expect(kicks).toBe(1);

    await dispatcher.drain();
    expect(failing.delivered.map((e) => e.payload)).toEqual([{ reason: 'merged' }]);
    const after = await run(LIST, { handler: 'failing' });
    expect(after.eventDeliveries.edges.map((e: any) => [e.node.payload, e.node.status, e.node.attempts])).toEqual([
      [JSON.stringify({ reason: 'merged' }), 'DONE', 1],
      [JSON.stringify({ reason: 'none' }), 'PARKED', 2],
    ]);
    expect(await c.t.db.prisma.outboxEvent.count({ where: { dispatchedAt: null } })).toBe(0);
  });

  it('answers typed errors: unknown or malformed ids, and deliveries that are not parked', async () => {
    const missing = await run(RETRY, { id: encodeGlobalId('EventDelivery', 999) });
    expect(missing.retryEventDelivery).toEqual({
      delivery: null,
      errors: [{ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'EventDelivery 999 was not found', path: [], entity: 'EventDelivery' }],
    });
    const garbage = await run(RETRY, { id: encodeGlobalId('EventDelivery', 'abc') });
    expect(garbage.retryEventDelivery.errors[0].__typename).toBe('NotFoundError');
    const wrongType = await run(RETRY, { id: encodeGlobalId('Account', 1) });
    expect(wrongType.retryEventDelivery.errors[0]).toMatchObject({ __typename: 'ValidationError', path: ['id'] });

    const done = await run(LIST, { status: 'DONE', first: 1 });
    const conflict = await run(RETRY, { id: done.eventDeliveries.edges[0].node.id });
    expect(conflict.retryEventDelivery).toEqual({
      delivery: null,
      errors: [{ __typename: 'ConflictError', code: 'CONFLICT', message: 'event delivery is DONE, only a PARKED one can be retried', path: ['id'] }],
    });

    // Retrying the same parked delivery twice: the second is a conflict, not a second re-queue.
    const parked = await run(LIST, { status: 'PARKED', first: 1 });
    const id = parked.eventDeliveries.edges[0].node.id;
    expect((await run(RETRY, { id })).retryEventDelivery.errors).toEqual([]);
    expect((await run(RETRY, { id })).retryEventDelivery.errors[0].code).toBe('CONFLICT');
    expect(kicks).toBe(1);
  });

  it('builds the same types whether or not the mutation error refs are handed in', () => {
    expect(printSchema(buildEventSchema(false))).toBe(printSchema(buildEventSchema(true)));
  });
});
