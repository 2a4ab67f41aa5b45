import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma-sqlite/client.js';
import { HealthEngine, levelOf } from '../../src/health/health-engine.js';
import { createInProcessPubSub } from '../../src/server/pubsub.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { AGE_STAVE, DAY, T0, controlledStave, createAccounts, makeEngine } from './health-support.js';

let t: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  t = await createTestDatabase();
  prisma = t.db.prisma;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await prisma.account.deleteMany(); // cascades to health and history
});

const stave = (id: string, scores: Map<string, number>, plugin = id.toLowerCase()) => ({ plugin, stave: controlledStave(id, scores) });

describe('short-board score', () => {
  it('is the minimum over the staves and names every shortest stave on a tie', async () => {
    const [a, b, c] = await createAccounts(prisma, 3);
    const rel = new Map([[a!, 80], [b!, 50], [c!, 90]]);
    const sales = new Map([[a!, 60], [b!, 50], [c!, 95]]);
    const service = new Map([[a!, 75], [b!, 70]]); // c omitted: counts as 100
    const { engine } = makeEngine(prisma, { staves: [stave('RELATIONSHIP', rel), stave('SALES', sales), stave('SERVICE', service)] });

    const changes = await engine.recompute([a!, b!, c!], { name: 'test.run.now' });
    const by = new Map(changes.map((ch) => [ch.accountId, ch.current]));
    expect(by.get(a!)).toMatchObject({ score: 60, level: 'AT_RISK', shortestStaves: ['SALES'] });
    expect(by.get(b!)).toMatchObject({ score: 50, level: 'AT_RISK', shortestStaves: ['RELATIONSHIP', 'SALES'] });
    expect(by.get(c!)).toMatchObject({ score: 90, level: 'HEALTHY', shortestStaves: ['RELATIONSHIP'] });

    const stored = (await engine.getHealth([c!])).get(c!)!;
    expect(stored.staves.map((s) => [s.id, s.score, s.plugin])).toEqual([
      ['RELATIONSHIP', 90, 'relationship'],
      ['SALES', 95, 'sales'],
      ['SERVICE', 100, 'service'],
    ]);
    expect(stored.staves[2]!.factors).toEqual([]);
    expect(stored.cause).toBe('test.run.now');
  });

  it('scores 100, HEALTHY, with no shortest stave when no stave is enabled', async () => {
    const [a] = await createAccounts(prisma, 1);
    const { engine } = makeEngine(prisma);
    const [change] = await engine.recompute([a!], { name: 'test.run.now' });
    expect(change!.current).toMatchObject({ score: 100, level: 'HEALTHY', shortestStaves: [] });
  });

  it('puts levels at the thresholds: HEALTHY >= healthy, AT_RISK >= atRisk, else CRITICAL', async () => {
    expect([70, 69, 40, 39, 0, 100].map((s) => levelOf(s))).toEqual(['HEALTHY', 'AT_RISK', 'AT_RISK', 'CRITICAL', 'CRITICAL', 'HEALTHY']);
    const ids = await createAccounts(prisma, 4);
    const scores = new Map(ids.map((id, i) => [id, [85, 84, 20, 19][i]!]));
    const { engine } = makeEngine(prisma, { staves: [stave('SALES', scores)], thresholds: { healthy: 85, atRisk: 20 } });
    const changes = await engine.recompute(ids, { name: 'test.run.now' });
    expect(changes.map((c) => c.current.level)).toEqual(['HEALTHY', 'AT_RISK', 'AT_RISK', 'CRITICAL']);
  });

  it('rejects thresholds out of order and staves contributed twice', () => {
    const pubsub = createInProcessPubSub();
    const base = { prisma, pubsub, now: () => T0 };
    expect(() => new HealthEngine({ ...base, staves: [], thresholds: { healthy: 30, atRisk: 60 } })).toThrow(/thresholds/);
    const s = controlledStave('SALES', new Map());
    expect(() => new HealthEngine({ ...base, staves: [{ plugin: 'a', stave: s }, { plugin: 'b', stave: s }] })).toThrow(/SALES.*a and b/);
  });

  it('fails with the stave named when a stave returns a score out of range, and stores nothing', async () => {
    const [a] = await createAccounts(prisma, 1);
    for (const bad of [101, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const { engine, published } = makeEngine(prisma, { staves: [stave('SALES', new Map([[a!, 50]])), stave('BROKEN', new Map([[a!, bad]]), 'partner')] });
      await expect(engine.recompute([a!], { name: 'test.run.now' })).rejects.toThrow(/stave BROKEN \(plugin partner\).*finite number from 0 to 100/);
      expect(published).toHaveLength(0);
    }
    expect(await prisma.accountHealth.count()).toBe(0);
    const failing = { id: 'FAILS', label: 'Fails', compute: async () => { throw new Error('boom'); } };
    const { engine } = makeEngine(prisma, { staves: [{ plugin: 'partner', stave: failing }] });
    await expect(engine.recompute([a!], { name: 'test.run.now' })).rejects.toThrow('stave FAILS (plugin partner) failed: boom');
  });
});

describe('history and publishing', () => {
  it('writes history and publishes only on change: two recomputes with the same inputs give one row, one message', async () => {
    const [a] = await createAccounts(prisma, 1);
    const scores = new Map([[a!, 65]]);
    const { engine, published, clock } = makeEngine(prisma, { staves: [stave('SALES', scores)] });

    await engine.recompute([a!], { name: 'core.account.updated', eventId: 7 });
    clock.now = new Date(T0.getTime() + 60_000);
    expect(await engine.recompute([a!], { name: 'core.account.updated', eventId: 8 })).toEqual([]);
    expect(await prisma.accountHealthChange.count()).toBe(1);
    const stored = await prisma.accountHealthChange.findFirstOrThrow();
    expect(published).toEqual([
      {
        // Published under the id of the history row that records it.
        seq: stored.id,
        accountId: a,
        previous: null,
        current: { score: 65, level: 'AT_RISK', shortestStaves: ['SALES'], computedAt: T0.toISOString() },
        cause: { name: 'core.account.updated', eventId: 7 },
      },
    ]);
    // Unchanged: computedAt says "last computed", the cause stays that of the change.
    const row = await prisma.accountHealth.findUniqueOrThrow({ where: { accountId: a! } });
    expect(row.computedAt).toEqual(clock.now);
    expect(row.cause).toBe('core.account.updated');

    scores.set(a!, 30);
    clock.now = new Date(T0.getTime() + 120_000);
    await engine.recompute([a!], { name: 'sales.order.cancelled', eventId: 9 });
    const history = await prisma.accountHealthChange.findMany({ where: { accountId: a! }, orderBy: { id: 'asc' } });
    expect(history.map((h) => [h.score, h.level, h.previousScore, h.previousLevel, h.cause, h.causeEventId])).toEqual([
      [65, 'AT_RISK', null, null, 'core.account.updated', 7],
      [30, 'CRITICAL', 65, 'AT_RISK', 'sales.order.cancelled', 9],
    ]);
    expect(published).toHaveLength(2);
    expect(published[1]!.previous).toEqual({ score: 65, level: 'AT_RISK', shortestStaves: ['SALES'], computedAt: new Date(T0.getTime() + 60_000).toISOString() });
  });

  it('publishes exactly one message per changed account, after the batch commits', async () => {
    const ids = await createAccounts(prisma, 7);
    const scores = new Map(ids.map((id) => [id, 80]));
    const { engine, published, pubsub } = makeEngine(prisma, { staves: [stave('SALES', scores)], batchSize: 3 });
    await engine.recompute(ids, { name: 'test.run.now' });
    expect(published).toHaveLength(7);

    // Each message finds its change already committed.
    const seen: number[] = [];
    const iterator = pubsub.subscribe('health:accountChanged')[Symbol.asyncIterator]();
    const reading = (async () => {
      for (let i = 0; i < 3; i++) {
        const { value } = await iterator.next();
        seen.push(await prisma.accountHealthChange.count({ where: { accountId: value!.accountId } }));
      }
    })();
    published.length = 0;
    for (const i of [0, 4, 6]) scores.set(ids[i]!, 10);
    scores.set(ids[5]!, 80); // no change
    const changes = await engine.recompute([...ids, ids[0]!], { name: 'test.run.again' });
    await reading;
    await iterator.return?.();
    expect(changes.map((c) => c.accountId)).toEqual([ids[0], ids[4], ids[6]]);
    expect(published.map((m) => m.accountId)).toEqual([ids[0], ids[4], ids[6]]);
    expect(seen).toEqual([2, 2, 2]);
  });

  it('refreshes the explanation without history or message when only factor details change', async () => {
    const [a] = await createAccounts(prisma, 1, { createdAt: T0 });
    // SALES pins the score at 10, so the decaying AGE stave changes only its reason.
    const { engine, published, clock } = makeEngine(prisma, { staves: [{ plugin: 'age', stave: AGE_STAVE }, stave('SALES', new Map([[a!, 10]]))] });
    clock.now = new Date(T0.getTime() + 4 * DAY);
    await engine.recompute([a!], { name: 'test.run.now' });
    clock.now = new Date(T0.getTime() + 5 * DAY);
    expect(await engine.recompute([a!], { name: 'test.run.later' })).toEqual([]);
    const stored = (await engine.getHealth([a!])).get(a!)!;
    expect(stored.staves[0]).toMatchObject({ id: 'AGE', score: 90 });
    expect(stored.staves[0]!.factors[0]!.reason).toBe('5 days since the last contact');
    expect(stored.computedAt).toEqual(clock.now);
    expect(stored.cause).toBe('test.run.now');
    expect(published).toHaveLength(1);
    expect(await prisma.accountHealthChange.count()).toBe(1);
  });

  it('runs overlapping recomputes one after the other, so a change is stored and published once', async () => {
    const [a] = await createAccounts(prisma, 1);
    const { engine, published } = makeEngine(prisma, { staves: [stave('SALES', new Map([[a!, 20]]))] });
    await Promise.all([engine.recompute([a!], { name: 'one.two.three' }), engine.recomputeAll(), engine.recompute([a!], { name: 'one.two.four' })]);
    expect(published).toHaveLength(1);
    expect(await prisma.accountHealthChange.count()).toBe(1);
  });

  it('stores and publishes a change once when two engines (two instances) score the same accounts at once', async () => {
    const ids = await createAccounts(prisma, 20);
    // Both engines finish scoring before either stores: the worst interleaving.
    let arrived = 0;
    let release!: () => void;
    const bothScored = new Promise<void>((resolve) => (release = resolve));
    const scores = new Map(ids.map((id) => [id, 35]));
    const racing = {
      id: 'SALES',
      label: 'Sales',
      async compute(accountIds: readonly string[]) {
        if (++arrived === 2) release();
        await bothScored;
        return controlledStave('SALES', scores).compute(accountIds, { prisma, now: T0 });
      },
    };
    const one = makeEngine(prisma, { staves: [{ plugin: 'p', stave: racing }] });
    const two = makeEngine(prisma, { staves: [{ plugin: 'p', stave: racing }] });
    const [a, b] = await Promise.all([one.engine.recompute(ids, { name: 'one.x.y' }), two.engine.recompute(ids, { name: 'two.x.y' })]);
    expect(a.length + b.length).toBe(20);
    expect(one.published.length + two.published.length).toBe(20);
    expect(await prisma.accountHealthChange.count()).toBe(20);
  });

  it('skips archived and unknown accounts', async () => {
    const [active] = await createAccounts(prisma, 1);
    const [archived] = await createAccounts(prisma, 1, { prefix: 'z', status: 'ARCHIVED' });
    const scores = new Map([[active!, 50], [archived!, 50]]);
    const calls: { ids: readonly string[] }[] = [];
    const { engine, published } = makeEngine(prisma, { staves: [{ plugin: 'p', stave: controlledStave('SALES', scores, calls) }] });
    const changes = await engine.recompute([active!, archived!, 'no-such-account'], { name: 'test.run.now' });
    expect(changes.map((c) => c.accountId)).toEqual([active]);
    expect(calls.map((c) => c.ids)).toEqual([[active]]);
    expect(published).toHaveLength(1);
    expect(await prisma.accountHealth.count()).toBe(1);

    calls.length = 0;
    await engine.recomputeAll();
    expect(calls.map((c) => c.ids)).toEqual([[active]]);
  });
});

describe('event handler', () => {
  it('recomputes the accounts of the events, naming the latest event per account as cause', async () => {
    const [a, b] = await createAccounts(prisma, 2);
    const scores = new Map([[a!, 50], [b!, 90]]);
    const { engine } = makeEngine(prisma, { staves: [stave('SALES', scores)] });
    const handler = engine.handler();
    expect(handler).toMatchObject({ name: 'health-engine', events: '*', batchSize: 200 });
    const ev = (id: number, name: string, accountId: string | null) => ({ id, name, accountId, payload: null, occurredAt: T0 });
    await handler.handle([ev(3, 'core.person.added', a!), ev(4, 'core.staff.created', null), ev(5, 'core.account.updated', b!), ev(6, 'core.team.assigned', a!), ev(9, 'core.account.deleted', 'gone')]);
    const history = await prisma.accountHealthChange.findMany({ orderBy: { accountId: 'asc' } });
    expect(history.map((h) => [h.accountId, h.cause, h.causeEventId])).toEqual([
      [a, 'core.team.assigned', 6],
      [b, 'core.account.updated', 5],
    ]);
  });
});

describe('periodic pass', () => {
  it('lets a time-based factor decay as the clock moves, publishing only changes', async () => {
    const ids = await createAccounts(prisma, 3, { createdAt: T0 });
    // The second stave pins one account low, so its AGE decay never changes its score.
    const pinned = new Map([[ids[2]!, 5]]);
    const { engine, published, clock } = makeEngine(prisma, { staves: [{ plugin: 'age', stave: AGE_STAVE }, stave('SALES', pinned)] });
    const job = engine.periodicJob();
    expect(job).toMatchObject({ name: 'health-periodic', every: '1h' });

    await job.run();
    expect(published.map((m) => [m.current.score, m.current.level])).toEqual([[100, 'HEALTHY'], [100, 'HEALTHY'], [5, 'CRITICAL']]);
    published.length = 0;

    await job.run(); // same clock: nothing to say
    expect(published).toHaveLength(0);

    clock.now = new Date(T0.getTime() + 20 * DAY); // 60: below HEALTHY
    await job.run();
    expect(published.map((m) => [m.accountId, m.previous?.level, m.current.score, m.current.level, m.current.shortestStaves, m.cause])).toEqual([
      [ids[0], 'HEALTHY', 60, 'AT_RISK', ['AGE'], { name: 'health.periodic' }],
      [ids[1], 'HEALTHY', 60, 'AT_RISK', ['AGE'], { name: 'health.periodic' }],
    ]);
    published.length = 0;

    // Decay within AT_RISK, and the pinned account stays put: no crossing there.
    clock.now = new Date(T0.getTime() + 21 * DAY);
    await job.run();
    expect(published.map((m) => m.accountId)).toEqual([ids[0], ids[1]]);
    expect(published.every((m) => m.previous!.level === m.current.level)).toBe(true);
  });

  it('publishes nothing when the clock moves but no score changes', async () => {
    const ids = await createAccounts(prisma, 2);
    const { engine, published, clock } = makeEngine(prisma, { staves: [stave('SALES', new Map(ids.map((id) => [id, 50])))] });
    await engine.recomputeAll();
    published.length = 0;
    clock.now = new Date(T0.getTime() + 30 * DAY);
    const summary = await engine.recomputeAll();
    expect(summary).toEqual({ accounts: 2, changed: 0, batches: 1 });
    expect(published).toHaveLength(0);
    expect(await prisma.accountHealthChange.count()).toBe(2);
  });

  it('pages through every active account by id', async () => {
    const ids = await createAccounts(prisma, 11);
    const calls: { ids: readonly string[] }[] = [];
    const { engine } = makeEngine(prisma, { staves: [{ plugin: 'p', stave: controlledStave('SALES', new Map(), calls) }], batchSize: 4 });
    expect(await engine.recomputeAll()).toEqual({ accounts: 11, changed: 11, batches: 3 });
    expect(calls.map((c) => c.ids.length)).toEqual([4, 4, 3]);
    expect(calls.flatMap((c) => c.ids)).toEqual(ids);
  });
});
