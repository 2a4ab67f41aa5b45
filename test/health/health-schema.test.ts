/**
 * The health GraphQL surface, executed in-process with graphql()/subscribe()
 * on a schema of core + health, against a real database.
 */
import { graphql, parse, subscribe, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma-sqlite/client.js';
import { registerHealthSchema } from '../../src/health/health-schema.js';
import { healthChangedTopic } from '../../src/health/health-topic.js';
import { LiveRelay } from '../../src/live/live-relay.js';
import { weightedScore, type StaveDefinition, type StaveFactor } from '../../src/health/stave.js';
import { createSchemaBuilder } from '../../src/schema/builder.js';
import type { GraphQLContext } from '../../src/schema/context.js';
import { accessContext, createOperatorStaff } from '../support/access.js';
import { registerCoreSchema } from '../../src/schema/core-schema.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { T0, accountRows, makeEngine } from './health-support.js';

/** A stave whose factors the test sets per account; the score is their weighted mean. */
function factorStave(id: string, factors: Map<string, StaveFactor[]>): StaveDefinition {
  return {
    id,
    label: `${id} label`,
    async compute(accountIds) {
      const out = new Map();
      for (const a of accountIds) {
        const f = factors.get(a);
        if (f) out.set(a, { score: weightedScore(f), factors: f });
      }
      return out;
    },
  };
}

const main = (score: number): StaveFactor[] => [
  { key: 'main', label: 'Main', score, weight: 1, reason: `scored ${score}`, suggestedAction: score < 100 ? 'act' : null },
];

let t: TestDatabase;
let prisma: PrismaClient;
let schema: GraphQLSchema;
const statements: string[] = [];
const rel = new Map<string, StaveFactor[]>();
const sales = new Map<string, StaveFactor[]>();
const clock = { now: T0 };
let harness: ReturnType<typeof makeEngine>;

let live: LiveRelay;
function context(): GraphQLContext {
  // services, transaction and dispatcher are not used by the fields under test.
  return {
    ...accessContext(prisma),
    prisma,
    live,
    pubsub: harness.pubsub,
    now: () => clock.now,
    health: harness.engine,
  } as unknown as GraphQLContext;
}

async function run(source: string, variableValues?: Record<string, unknown>) {
  const result = await graphql({ schema, source, variableValues, contextValue: context() });
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data as any;
}

const gid = (id: string) => encodeGlobalId('Account', id);

/*
 * Portfolio: 60 computed accounts a000000..a000059 (even East, odd West; KEY below 20).
 * RELATIONSHIP: 30 below 10, 60 below 30, else 90. SALES ties RELATIONSHIP when i % 3 == 0, else 95.
 * Plus 5 never-computed accounts (East, named to sort last), 2 archived ones, and `nba` (North) for next best actions.
 */
beforeAll(async () => {
  t = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
  prisma = t.db.prisma;
  const accounts = accountRows(60).map((a, i) => ({ ...a, region: i % 2 === 0 ? 'East' : 'West', tier: i < 20 ? ('KEY' as const) : ('GENERAL' as const) }));
  await prisma.account.createMany({
    data: [
      ...accounts,
      { ...accountRows(1, { prefix: 'nba' })[0]!, name: 'North Best', searchName: 'north best', region: 'North', tier: 'GENERAL' as const },
      ...accountRows(2, { prefix: 'arch', status: 'ARCHIVED' }).map((a) => ({ ...a, region: 'East' })),
    ],
  });
  accounts.forEach((a, i) => {
    const r = i < 10 ? 30 : i < 30 ? 60 : 90;
    rel.set(a.id, main(r));
    sales.set(a.id, main(i % 3 === 0 ? r : 95));
  });
  // nba: RELATIONSHIP and SALES tie at 57.
  rel.set('nba000000', [
    { key: 'k1', label: 'K1', score: 50, weight: 2, reason: 'r1', suggestedAction: 'A' }, // value 100
    { key: 'k2', label: 'K2', score: 0, weight: 1, reason: 'r2', suggestedAction: 'B' }, // value 100, lower score
    { key: 'k3', label: 'K3', score: 100, weight: 5, reason: 'r3', suggestedAction: 'C' }, // value 0
    { key: 'k4', label: 'K4', score: 10, weight: 3, reason: 'r4', suggestedAction: null }, // no action
  ]);
  sales.set('nba000000', [{ key: 's1', label: 'S1', score: 57, weight: 1, reason: 'rs', suggestedAction: 'S' }]); // value 43
  for (const id of ['arch000000', 'arch000001']) rel.set(id, main(10));

  harness = makeEngine(prisma, {
    clock,
    staves: [
      { plugin: 'relationship', stave: factorStave('RELATIONSHIP', rel) },
      { plugin: 'sales', stave: factorStave('SALES', sales) },
    ],
  });
  await harness.engine.recomputeAll();
  await createOperatorStaff(prisma);
  live = new LiveRelay({ prisma, transport: { subscribe: (topic) => harness.pubsub.subscribe(topic as never) }, topics: [healthChangedTopic] });
  await live.ready;
  await prisma.account.createMany({
    data: accountRows(5, { prefix: 'new' }).map((a, i) => ({ ...a, name: `New ${i}`, searchName: `new ${i}`, region: 'East', tier: 'GENERAL' as const })),
  });

  const builder = createSchemaBuilder();
  registerHealthSchema(builder, registerCoreSchema(builder));
  schema = builder.toSchema();
});
afterAll(async () => {
  await t?.drop();
});

describe('Account.health', () => {
  it('exposes score, level, shortest staves, every stave with factors, computedAt and cause', async () => {
    const data = await run(
      `query($id: ID!) { account(id: $id) { health {
        score level computedAt cause
        shortestStaves { id }
        staves { id label plugin score factors { key label score weight reason suggestedAction } }
      } } }`,
      { id: gid('a000003') },
    );
    expect(data.account.health).toEqual({
      score: 30,
      level: 'CRITICAL',
      computedAt: T0.toISOString(),
      cause: 'health.periodic',
      shortestStaves: [{ id: 'RELATIONSHIP' }, { id: 'SALES' }],
      staves: [
        { id: 'RELATIONSHIP', label: 'RELATIONSHIP label', plugin: 'relationship', score: 30, factors: [{ key: 'main', label: 'Main', score: 30, weight: 1, reason: 'scored 30', suggestedAction: 'act' }] },
        { id: 'SALES', label: 'SALES label', plugin: 'sales', score: 30, factors: [{ key: 'main', label: 'Main', score: 30, weight: 1, reason: 'scored 30', suggestedAction: 'act' }] },
      ],
    });
  });

  it('is null until the account is first computed', async () => {
    const data = await run(`query($id: ID!) { account(id: $id) { name health { score } } }`, { id: gid('new000000') });
    expect(data.account).toEqual({ name: 'New 0', health: null });
  });

  it('costs the same statements for 5 or 50 accounts with nested health (no N+1)', async () => {
    const query = `query($first: Int!) { accounts(first: $first) { edges { node { health { score staves { factors { key } } } } } } }`;
    const measure = async (first: number) => {
      statements.length = 0;
      const data = await run(query, { first });
      expect(data.accounts.edges).toHaveLength(first);
      expect(data.accounts.edges.every((e: any) => e.node.health.staves.length === 2)).toBe(true);
      return statements.length;
    };
    const small = await measure(5);
    const large = await measure(50);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(3); // accounts, stored health
  });
});

describe('Account.healthHistory', () => {
  it('pages the changes newest first, within from (inclusive) and to (exclusive)', async () => {
    const id = 'a000059';
    const days = [1, 2, 3, 4].map((d) => new Date(T0.getTime() + d * 86_400_000));
    for (const [i, day] of days.entries()) {
      clock.now = day;
      rel.set(id, main(80 - i * 20)); // 80, 60, 40, 20
      await harness.engine.recompute([id], { name: 'test.history.step', eventId: 100 + i });
    }
    clock.now = T0;
    const query = `query($id: ID!, $from: DateTime, $to: DateTime, $after: String) { account(id: $id) {
      healthHistory(from: $from, to: $to, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { score level previousScore previousLevel shortestStaves cause causeEventId computedAt staves { id score } } }
      } } }`;
    const all = await run(query, { id: gid(id) });
    expect(all.account.healthHistory.totalCount).toBe(5);
    expect(all.account.healthHistory.edges.map((e: any) => e.node.score)).toEqual([20, 40]);
    expect(all.account.healthHistory.edges[0].node).toMatchObject({
      level: 'CRITICAL',
      previousScore: 40,
      previousLevel: 'AT_RISK',
      shortestStaves: ['RELATIONSHIP'],
      cause: 'test.history.step',
      causeEventId: 103,
      computedAt: days[3]!.toISOString(),
    });
    const next = await run(query, { id: gid(id), after: all.account.healthHistory.pageInfo.endCursor });
    expect(next.account.healthHistory.edges.map((e: any) => e.node.score)).toEqual([60, 80]);

    const window = await run(query, { id: gid(id), from: days[1]!.toISOString(), to: days[3]!.toISOString() });
    expect(window.account.healthHistory.totalCount).toBe(2);
    expect(window.account.healthHistory.edges.map((e: any) => e.node.score)).toEqual([40, 60]);
  });

  it('costs the same statements for 5 or 50 accounts with nested history', async () => {
    const query = `query($first: Int!) { accounts(first: $first) { edges { node { healthHistory(first: 2) { edges { node { score cause } } } } } } }`;
    const measure = async (first: number) => {
      statements.length = 0;
      await run(query, { first });
      return statements.length;
    };
    expect(await measure(50)).toBe(await measure(5));
  });
});

describe('portfolioHealth', () => {
  const query = `query($filter: AccountFilter) { portfolioHealth(filter: $filter) {
    total notComputed byLevel { level count } byShortestStave { stave count } } }`;

  it('counts by level and by shortest stave (ties count for each) with the accounts filters, in constant statements', async () => {
    statements.length = 0;
    const all = await run(query);
    expect(statements.length).toBe(2);
    // 60 + nba computed, 5 new, archived excluded by the default status filter. a000059 ended at 20 (CRITICAL).
    expect(all.portfolioHealth).toEqual({
      total: 66,
      notComputed: 5,
      byLevel: [
        { level: 'HEALTHY', count: 29 },
        { level: 'AT_RISK', count: 21 },
        { level: 'CRITICAL', count: 11 },
      ],
      byShortestStave: [
        { stave: 'RELATIONSHIP', count: 61 },
        { stave: 'SALES', count: 21 },
      ],
    });

    const east = await run(query, { filter: { region: 'East' } });
    expect(east.portfolioHealth).toEqual({
      total: 35,
      notComputed: 5,
      byLevel: [
        { level: 'HEALTHY', count: 15 },
        { level: 'AT_RISK', count: 10 },
        { level: 'CRITICAL', count: 5 },
      ],
      byShortestStave: [
        { stave: 'RELATIONSHIP', count: 30 },
        { stave: 'SALES', count: 10 },
      ],
    });

    const key = await run(query, { filter: { tier: 'KEY' } });
    expect(key.portfolioHealth.total).toBe(20);
    expect(key.portfolioHealth.byLevel).toEqual([
      { level: 'HEALTHY', count: 0 },
      { level: 'AT_RISK', count: 10 },
      { level: 'CRITICAL', count: 10 },
    ]);
    expect(key.portfolioHealth.byShortestStave).toEqual([
      { stave: 'RELATIONSHIP', count: 20 },
      { stave: 'SALES', count: 7 },
    ]);

    const archived = await run(query, { filter: { statuses: ['ARCHIVED'] } });
    expect(archived.portfolioHealth).toMatchObject({ total: 2, notComputed: 2 });
  });
});

describe('nextBestActions', () => {
  const query = `query($id: ID!, $first: Int) { nextBestActions(accountId: $id, first: $first) {
    staveId staveLabel factorKey factorLabel action reason score value } }`;

  it("ranks the shortest staves' actions by weight × (100 − score), ties to the lower score, skipping factors without an action", async () => {
    const data = await run(query, { id: gid('nba000000') });
    expect(data.nextBestActions).toEqual([
      { staveId: 'RELATIONSHIP', staveLabel: 'RELATIONSHIP label', factorKey: 'k2', factorLabel: 'K2', action: 'B', reason: 'r2', score: 0, value: 100 },
      { staveId: 'RELATIONSHIP', staveLabel: 'RELATIONSHIP label', factorKey: 'k1', factorLabel: 'K1', action: 'A', reason: 'r1', score: 50, value: 100 },
      { staveId: 'SALES', staveLabel: 'SALES label', factorKey: 's1', factorLabel: 'S1', action: 'S', reason: 'rs', score: 57, value: 43 },
    ]);
    const two = await run(query, { id: gid('nba000000'), first: 2 });
    expect(two.nextBestActions.map((a: any) => a.action)).toEqual(['B', 'A']);
  });

  it('only looks at the shortest stave, is empty before the first computation, and rejects bad input', async () => {
    const data = await run(query, { id: gid('a000040') }); // RELATIONSHIP 90 is shortest, SALES 95 is not
    expect(data.nextBestActions.map((a: any) => a.staveId)).toEqual(['RELATIONSHIP']);
    expect((await run(query, { id: gid('new000001') })).nextBestActions).toEqual([]);
    const bad = await graphql({ schema, source: query, variableValues: { id: encodeGlobalId('Staff', 'x') }, contextValue: context() });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await graphql({ schema, source: query, variableValues: { id: gid('nba000000'), first: 1000 }, contextValue: context() });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('subscriptions', () => {
  const fields = `account { id name health { score } } previous { score level shortestStaves computedAt } current { score level shortestStaves computedAt } levelChanged cause { name eventId }`;

  async function open(query: string, variableValues: Record<string, unknown>) {
    const result = await subscribe({ schema, document: parse(query), variableValues, contextValue: context() });
    if (!(Symbol.asyncIterator in result)) throw new Error(JSON.stringify((result as ExecutionResult).errors));
    const iterator = result as AsyncGenerator<ExecutionResult>;
    const received: any[] = [];
    const pump = (async () => {
      for await (const event of iterator) {
        if (event.errors?.length) throw new Error(JSON.stringify(event.errors));
        received.push(event.data);
      }
    })();
    return { received, close: async () => (await iterator.return?.(undefined), await pump) };
  }

  /** Lets async filters (one count query each) and resolvers settle. */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('accountHealthChanged delivers the changes of one account, with a fresh account.health', async () => {
    const watched = 'a000020';
    const sub = await open(`subscription($id: ID!) { accountHealthChanged(accountId: $id) { ${fields} } }`, { id: gid(watched) });
    rel.set(watched, main(35));
    rel.set('a000021', main(35));
    await harness.engine.recompute([watched, 'a000021'], { name: 'test.sub.one', eventId: 501 });
    await settle();
    rel.set(watched, main(36));
    await harness.engine.recompute([watched], { name: 'test.sub.two', eventId: 502 });
    await settle();
    await sub.close();
    expect(sub.received).toHaveLength(2);
    expect(sub.received[0].accountHealthChanged).toEqual({
      account: { id: gid(watched), name: 'Account 000020', health: { score: 35 } },
      previous: { score: 60, level: 'AT_RISK', shortestStaves: ['RELATIONSHIP'], computedAt: T0.toISOString() },
      current: { score: 35, level: 'CRITICAL', shortestStaves: ['RELATIONSHIP'], computedAt: T0.toISOString() },
      levelChanged: true,
      cause: { name: 'test.sub.one', eventId: 501 },
    });
    // The subscription's context lives on: its cached health must not be served for the next event.
    expect(sub.received[1].accountHealthChanged).toMatchObject({ account: { health: { score: 36 } }, current: { score: 36 }, levelChanged: false, cause: { name: 'test.sub.two', eventId: 502 } });
  });

  it('portfolioHealthChanged filters by the accounts filter and by level changes', async () => {
    const query = `subscription($filter: AccountFilter, $levels: Boolean) { portfolioHealthChanged(filter: $filter, levelChangesOnly: $levels) { ${fields} } }`;
    const eastLevels = await open(query, { filter: { region: 'East' }, levels: true });
    const key = await open(query, { filter: { tier: 'KEY' } });
    // a000022 East GENERAL: 60 -> 55 (no crossing); a000024 East GENERAL: 60 -> 20 (crossing);
    // a000011 West KEY: 60 -> 50 (no crossing); a000013 West KEY: 60 -> 90 (crossing).
    for (const [id, score] of [['a000022', 55], ['a000024', 20], ['a000011', 50], ['a000013', 90]] as const) rel.set(id, main(score));
    await harness.engine.recompute(['a000022', 'a000024', 'a000011', 'a000013'], { name: 'test.sub.portfolio' });
    await settle();
    await eastLevels.close();
    await key.close();
    expect(eastLevels.received.map((d) => [d.portfolioHealthChanged.account.id, d.portfolioHealthChanged.current.level])).toEqual([[gid('a000024'), 'CRITICAL']]);
    expect(key.received.map((d) => [d.portfolioHealthChanged.account.id, d.portfolioHealthChanged.levelChanged])).toEqual([
      [gid('a000011'), false],
      [gid('a000013'), true],
    ]);
  });
});
