import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventDispatcher, MAX_ERROR_LENGTH } from '../../src/events/dispatcher.js';
import { createTransactionRunner } from '../../src/events/unit-of-work.js';
import { openDatabase } from '../../src/db/database.js';
import { createEventTest, recorder, tagsOf, type EventTestContext, type LooseEmit } from './event-support.js';

let c: EventTestContext;
beforeEach(async () => {
  c = await createEventTest();
});
afterEach(async () => {
  await c?.drop();
});

const deliveries = () =>
  c.t.db.prisma.eventDelivery.findMany({ orderBy: [{ eventId: 'asc' }, { handler: 'asc' }], include: { event: true } });

describe('delivery after commit', () => {
  it('delivers committed events to matching handlers only, after the commit', async () => {
    const prisma = c.t.db.prisma;
    const dispatcher = c.dispatcher();
    const seen: { name: string; accountVisible: boolean }[] = [];
    dispatcher.register({
      name: 'accounts',
      events: ['core.account.created'],
      async handle(events) {
        for (const e of events) {
          // Runs after commit: the row written in the same transaction is visible.
          const account = await prisma.account.findUnique({ where: { id: e.accountId! } });
          seen.push({ name: e.name, accountVisible: account !== null });
        }
      },
    });
    const all = recorder('all', '*');
    dispatcher.register(all.registration);
    const transaction = createTransactionRunner({ prisma, now: c.clock.now, afterCommit: () => dispatcher.kick() });
    dispatcher.start();

    await transaction(async (tx, emit) => {
      await tx.account.create({ data: { id: 'acc-1', name: 'Acme', searchName: 'acme', industry: 'INDUSTRIAL', tier: 'KEY' } });
      (emit as LooseEmit)('core.account.created', 'acc-1', { tag: 'created' });
      (emit as LooseEmit)('core.person.created', 'acc-1', { tag: 'person' });
    });
    // A rolled-back transaction leaves no event behind.
    await expect(
      transaction(async (tx, emit) => {
        await tx.account.create({ data: { id: 'acc-2', name: 'Gone', searchName: 'gone', industry: 'INDUSTRIAL', tier: 'KEY' } });
        (emit as LooseEmit)('core.account.created', 'acc-2', { tag: 'rolled-back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await c.emit([['sales.order.recorded', null, { tag: 'unmatched-by-accounts' }]]);

    await vi.waitFor(() => expect(all.delivered).toHaveLength(3), { timeout: 10_000, interval: 20 });
    await dispatcher.drain();
    expect(seen).toEqual([{ name: 'core.account.created', accountVisible: true }]);
    expect(all.payloads()).toEqual(['created', 'person', 'unmatched-by-accounts']);
    expect(all.delivered.map((e) => e.occurredAt)).toEqual([c.clock.current, c.clock.current, c.clock.current]);

    const rows = await deliveries();
    expect(rows.map((d) => [d.event.name, d.handler, d.status])).toEqual([
      ['core.account.created', 'accounts', 'DONE'],
      ['core.account.created', 'all', 'DONE'],
      ['core.person.created', 'all', 'DONE'],
      ['sales.order.recorded', 'all', 'DONE'],
    ]);
    const events = await prisma.outboxEvent.findMany({ orderBy: { id: 'asc' } });
    expect(events.map((e) => e.dispatchedAt)).toEqual([c.clock.current, c.clock.current, c.clock.current]);
  });

  it('hands batches of up to batchSize events to a handler, in outbox order', async () => {
    const dispatcher = c.dispatcher();
    const bulk = recorder('bulk', '*', { batchSize: 10 });
    const single = recorder('single', ['x.y.even']);
    dispatcher.register(bulk.registration);
    dispatcher.register(single.registration);
    await c.emit(Array.from({ length: 25 }, (_, i) => [i % 2 ? 'x.y.odd' : 'x.y.even', `acc-${i % 3}`, { tag: `e${i}` }] as [string, string, unknown]));
    await dispatcher.drain();
    expect(bulk.calls.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(bulk.payloads()).toEqual(Array.from({ length: 25 }, (_, i) => `e${i}`));
    expect(single.calls.every((b) => b.length === 1)).toBe(true);
    expect(single.payloads()).toEqual(Array.from({ length: 13 }, (_, i) => `e${i * 2}`));
  });

  it('does nothing on kick before start, and refuses duplicate or late registrations', async () => {
    const dispatcher = c.dispatcher();
    const h = recorder('h');
    dispatcher.register(h.registration);
    expect(() => dispatcher.register(recorder('h').registration)).toThrow(/registered twice/);
    expect(() => dispatcher.register({ ...recorder('b').registration, batchSize: 0 })).toThrow(/batchSize/);
    await c.emit([['x.y.z', 'a', { tag: '1' }]]);
    dispatcher.kick();
    await new Promise((r) => setTimeout(r, 20));
    expect(h.calls).toHaveLength(0);
    dispatcher.start();
    expect(() => dispatcher.register(recorder('late').registration)).toThrow(/after the dispatcher started/);
    await dispatcher.drain();
    expect(h.payloads()).toEqual(['1']);
  });
});

describe('ordering and retries', () => {
  it("holds back an account's later events while its earlier one awaits a retry; other accounts go on", async () => {
    const dispatcher = c.dispatcher({ backoffMs: () => 60_000 });
    const failedOnce = new Set<string>();
    // Fails the first delivery of a1 (account A) and of n1 (no account).
    const flaky = recorder('flaky', '*', {
      fail: ([e]) => {
        const tag = (e!.payload as { tag: string }).tag;
        if ((tag === 'a1' || tag === 'n1') && !failedOnce.has(tag)) {
          failedOnce.add(tag);
          return new Error(`boom ${tag}`);
        }
      },
    });
    const steady = recorder('steady');
    dispatcher.register(flaky.registration);
    dispatcher.register(steady.registration);

    await c.emit([
      ['core.account.updated', 'A', { tag: 'a1' }],
      ['core.account.updated', 'B', { tag: 'b1' }],
      ['core.account.updated', null, { tag: 'n1' }],
    ]);
    await c.emit([
      ['core.account.updated', 'A', { tag: 'a2' }],
      ['core.account.updated', 'B', { tag: 'b2' }],
      ['core.account.updated', null, { tag: 'n2' }],
      ['core.account.updated', 'A', { tag: 'a3' }],
    ]);
    await dispatcher.drain();

    expect(steady.payloads()).toEqual(['a1', 'b1', 'n1', 'a2', 'b2', 'n2', 'a3']);
    expect(flaky.payloads()).toEqual(['b1', 'b2']);
    const pending = (await deliveries()).filter((d) => d.status === 'PENDING');
    expect(pending.map((d) => [JSON.parse(d.event.payload).tag, d.attempts, d.lastError, d.nextAttemptAt])).toEqual([
      ['a1', 1, 'boom a1', new Date(c.clock.current.getTime() + 60_000)],
      ['n1', 1, 'boom n1', new Date(c.clock.current.getTime() + 60_000)],
    ]);
    // Nothing is due yet: another pass delivers nothing.
    await dispatcher.drain();
    expect(flaky.calls).toHaveLength(4);

    c.clock.advance(60_000);
    await dispatcher.drain();
    expect(tagsOf(flaky.delivered, 'A')).toEqual(['a1', 'a2', 'a3']);
    expect(tagsOf(flaky.delivered, 'B')).toEqual(['b1', 'b2']);
    expect(tagsOf(flaky.delivered, null)).toEqual(['n1', 'n2']);
    // At least once: a1 and n1 were each handed over twice.
    expect(flaky.calls.flat().filter((e) => (e.payload as { tag: string }).tag === 'a1')).toHaveLength(2);

    const rows = await deliveries();
    expect(rows.every((d) => d.status === 'DONE')).toBe(true);
    expect(rows.find((d) => d.handler === 'flaky' && JSON.parse(d.event.payload).tag === 'a1')).toMatchObject({ attempts: 2, lastError: 'boom a1' });
    expect(await c.t.db.prisma.outboxEvent.count({ where: { dispatchedAt: null } })).toBe(0);
  });

  it('retries on the injected clock with backoff, then parks after maxAttempts with the error visible', async () => {
    const backoff = (attempt: number) => attempt * 10_000;
    const dispatcher = c.dispatcher({ maxAttempts: 3, backoffMs: backoff });
    const broken = recorder('broken', ['core.staff.hired'], { fail: (_b, call) => new Error(`down (call ${call}) ${'x'.repeat(2000)}`) });
    dispatcher.register(broken.registration);
    await c.emit([['core.staff.hired', null, { tag: 's1' }]]);

    const state = async () => {
      const [d] = await deliveries();
      return { status: d!.status, attempts: d!.attempts, nextAttemptAt: d!.nextAttemptAt, dispatched: d!.event.dispatchedAt !== null };
    };
    await dispatcher.drain();
    expect(await state()).toEqual({ status: 'PENDING', attempts: 1, nextAttemptAt: new Date(c.clock.current.getTime() + 10_000), dispatched: false });

    c.clock.advance(9_999);
    await dispatcher.drain();
    expect(broken.calls).toHaveLength(1);

    c.clock.advance(1);
    await dispatcher.drain();
    expect(await state()).toEqual({ status: 'PENDING', attempts: 2, nextAttemptAt: new Date(c.clock.current.getTime() + 20_000), dispatched: false });

    c.clock.advance(20_000);
    await dispatcher.drain();
    expect(await state()).toEqual({ status: 'PARKED', attempts: 3, nextAttemptAt: null, dispatched: true });
    const [parked] = await deliveries();
    expect(parked!.lastError).toMatch(/^down \(call 3\) x+…$/);
    expect(parked!.lastError).toHaveLength(MAX_ERROR_LENGTH);

    c.clock.advance(24 * 3600_000);
    await dispatcher.drain();
    expect(broken.calls).toHaveLength(3);
    expect(c.logs.filter((m) => m.includes('parked'))).toEqual([expect.stringMatching(/parked event \d+ \(core\.staff\.hired\) for handler broken after 3 attempts: down \(call 3\)/)]);
  });

  it('a parked delivery blocks neither other handlers nor later events of its account', async () => {
    const dispatcher = c.dispatcher({ maxAttempts: 2, backoffMs: () => 0 });
    // Throws things that are not Errors: they must not escape either.
    const picky = recorder('picky', '*', { fail: ([e]) => ((e!.payload as { tag: string }).tag === 'a1' ? 'not an Error' : undefined) });
    const other = recorder('other');
    const weird = recorder('weird', ['x.y.weird'], { fail: () => null });
    dispatcher.register(picky.registration);
    dispatcher.register(other.registration);
    dispatcher.register(weird.registration);

    await c.emit([
      ['x.y.z', 'A', { tag: 'a1' }],
      ['x.y.z', 'A', { tag: 'a2' }],
      ['x.y.weird', 'B', { tag: 'b1' }],
    ]);
    await dispatcher.drain();

    expect(other.payloads()).toEqual(['a1', 'a2', 'b1']);
    // a2 waited for a1's retry (backoff 0: the next pass) and went on once a1 was parked.
    expect(picky.payloads()).toEqual(['b1', 'a2']);
    const rows = await deliveries();
    const status = rows.map((d) => [JSON.parse(d.event.payload).tag, d.handler, d.status, d.lastError]);
    expect(status).toEqual([
      ['a1', 'other', 'DONE', null],
      ['a1', 'picky', 'PARKED', 'not an Error'],
      ['a2', 'other', 'DONE', null],
      ['a2', 'picky', 'DONE', null],
      ['b1', 'other', 'DONE', null],
      ['b1', 'picky', 'DONE', null],
      ['b1', 'weird', 'PARKED', 'null'],
    ]);
    expect(await c.t.db.prisma.outboxEvent.count({ where: { dispatchedAt: null } })).toBe(0);

    // Later events of account A still reach the handler that parked a1.
    await c.emit([['x.y.z', 'A', { tag: 'a3' }]]);
    await dispatcher.drain();
    expect(picky.payloads()).toEqual(['b1', 'a2', 'a3']);
  });
});

describe('crash safety and instances', () => {
  it('delivers events committed while no dispatcher ran, on a new instance', async () => {
    // Committed with no dispatcher listening: as if the process died right after COMMIT.
    await c.emit([
      ['core.account.created', 'A', { tag: 'a1' }],
      ['core.account.created', 'B', { tag: 'b1' }],
    ]);
    await c.emit([['core.account.updated', 'A', { tag: 'a2' }]]);

    const h = recorder('h');
    const fresh = c.dispatcher({ instanceId: 'after-restart' });
    fresh.register(h.registration);
    await fresh.drain();
    expect(h.payloads()).toEqual(['a1', 'b1', 'a2']);
  });

  it('another instance takes over, after the lease expires, from a dispatcher that died mid-way', async () => {
    await c.emit(Array.from({ length: 6 }, (_, i) => ['x.y.z', 'A', { tag: `e${i}` }] as [string, string, unknown]));
    const first = recorder('h', '*', { fail: ([e]) => ((e!.payload as { tag: string }).tag === 'e3' ? new Error('process killed') : undefined) });
    const dead = c.dispatcher({ instanceId: 'dead', leaseMs: 15_000, backoffMs: () => 3600_000 });
    dead.register(first.registration);
    await dead.drain();
    expect(first.payloads()).toEqual(['e0', 'e1', 'e2']);
    // `dead` is never stopped: its lease stays until it expires.

    const second = recorder('h');
    const heir = c.dispatcher({ instanceId: 'heir', leaseMs: 15_000 });
    heir.register(second.registration);
    await heir.drain();
    expect(second.calls).toHaveLength(0);
    expect(heir.isLeader).toBe(false);

    c.clock.advance(15_001);
    await heir.drain();
    expect(heir.isLeader).toBe(true);
    // e3 keeps the retry time `dead` recorded, and e4, e5 (same account) wait behind it.
    expect(second.payloads()).toEqual([]);
    c.clock.advance(3600_000);
    await heir.drain();
    expect(second.payloads()).toEqual(['e3', 'e4', 'e5']);
    expect(c.logs).toContain('acquired the outbox lease');
  });

  it('two instances on one database: only the lease holder delivers, nothing twice', async () => {
    const second = await openDatabase({ url: c.t.url });
    try {
      const got: { instance: string; tag: string }[] = [];
      const make = (instanceId: string, prisma = c.t.db.prisma) => {
        const d = c.dispatcher({ instanceId, prisma });
        d.register({
          name: 'h',
          events: '*',
          batchSize: 3,
          async handle(events) {
            for (const e of events) got.push({ instance: instanceId, tag: (e.payload as { tag: string }).tag });
            await new Promise((r) => setTimeout(r, 1));
          },
        });
        return d;
      };
      const one = make('one');
      const two = make('two', second.prisma);

      for (let round = 0; round < 3; round++) {
        await c.emit(Array.from({ length: 20 }, (_, i) => ['x.y.z', `acc-${i % 4}`, { tag: `r${round}-${i}` }] as [string, string, unknown]));
        await Promise.all([one.drain(), two.drain(), one.drain(), two.drain()]);
      }
      const tags = got.map((g) => g.tag);
      expect(new Set(tags).size).toBe(60);
      expect(tags).toHaveLength(60);
      const holders = new Set(got.map((g) => g.instance));
      expect(holders.size).toBe(1);
      const [holder] = [...holders];
      const [leader, follower] = holder === 'one' ? [one, two] : [two, one];
      expect(leader.isLeader).toBe(true);
      expect(follower.isLeader).toBe(false);

      // stop() hands the lease over at once.
      await leader.stop();
      await c.emit([['x.y.z', 'acc-0', { tag: 'after-stop' }]]);
      await follower.drain();
      expect(got.at(-1)).toEqual({ instance: holder === 'one' ? 'two' : 'one', tag: 'after-stop' });
      expect(await c.t.db.prisma.dispatcherLease.findMany()).toEqual([
        { name: 'outbox', holder: holder === 'one' ? 'two' : 'one', expiresAt: new Date(c.clock.current.getTime() + 15_000) },
      ]);
      await one.stop();
      await two.stop();
    } finally {
      await second.close();
    }
  });

  it('stop() waits for a running pass and the poll loop picks up retries by itself', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started: string[] = [];
    const dispatcher = c.dispatcher({ pollIntervalMs: 10, backoffMs: () => 0 });
    let failures = 1;
    dispatcher.register({
      name: 'slow',
      events: '*',
      async handle(events) {
        started.push((events[0]!.payload as { tag: string }).tag);
        if (failures-- > 0) throw new Error('first try fails');
        await gate;
      },
    });
    await c.emit([['x.y.z', 'A', { tag: 'a1' }]]);
    dispatcher.start();
    // The failed first try is retried by the poll loop, with no kick.
    await vi.waitFor(() => expect(started).toEqual(['a1', 'a1']), { timeout: 10_000, interval: 10 });
    let stopped = false;
    const stopping = dispatcher.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(stopped).toBe(false);
    release();
    await stopping;
    const [row] = await deliveries();
    expect(row).toMatchObject({ status: 'DONE', attempts: 2 });
    expect(await c.t.db.prisma.dispatcherLease.findUnique({ where: { name: 'outbox' } })).toMatchObject({ expiresAt: new Date(0) });
  });
});

describe('cost', () => {
  it('costs SQL statements per page of events, not per event or per handler', async () => {
    const measure = async (events: number) => {
      await c.t.db.prisma.eventDelivery.deleteMany();
      await c.t.db.prisma.outboxEvent.deleteMany();
      const dispatcher = new EventDispatcher({ prisma: c.t.db.prisma, now: c.clock.now, pageSize: 50, log: () => {} });
      dispatcher.register(recorder('one', ['x.y.a']).registration);
      dispatcher.register(recorder('all', '*').registration);
      dispatcher.register(recorder('bulk', '*', { batchSize: 25 }).registration);
      await c.emit(Array.from({ length: events }, (_, i) => [i % 2 ? 'x.y.a' : 'x.y.b', `acc-${i % 7}`, { i }] as [string, string, unknown]));
      c.statements.length = 0;
      await dispatcher.drain();
      const count = c.statements.length;
      expect(await c.t.db.prisma.eventDelivery.count({ where: { status: 'DONE' } })).toBe(events * 2 + events / 2);
      expect(await c.t.db.prisma.outboxEvent.count({ where: { dispatchedAt: null } })).toBe(0);
      await dispatcher.stop();
      return count;
    };
    await measure(10); // creates the lease row, so every measured pass renews it with one UPDATE
    const pages1 = await measure(40); // 1 page
    const pages2 = await measure(80); // 2 pages
    const pages4 = await measure(160); // 4 pages
    // Per page: read events, read deliveries, BEGIN, one INSERT for every handler's rows, UPDATE dispatchedAt, COMMIT.
    const perPage = pages2 - pages1;
    expect(perPage).toBeGreaterThan(0);
    expect(perPage).toBeLessThanOrEqual(6);
    expect(pages4 - pages2).toBe(2 * perPage);
    // The rest is the lease renewal and the drain's final empty read.
    expect(pages1 - perPage).toBeLessThanOrEqual(2);
  });
});
