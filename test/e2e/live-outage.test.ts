/**
 * No committed change is lost to a live subscriber through a Redis outage:
 * two API processes share a database and a Redis that is cut off (behind a
 * proxy; the shared server is untouched) while changes are committed on
 * instance A; the subscriber on instance B receives every one of them, once,
 * in order, after Redis returns, then live events again. A client that
 * reconnects with the id of the last event it saw gets what it missed.
 * The outage lasts LIVE_OUTAGE_MS (default 2000; the 20 s with
 * LIVE_OUTAGE_MS=20000). Runs with TEST_REDIS=1, on either database.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { liveClient, rawId, roundTrip, subscribe } from '../support/live-client.js';
import { killStartedServers, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createEmptyDatabase } from '../support/test-database.js';
import { suiteServiceToken } from '../support/test-app.js';
import { redisSuite, redisTestsEnabled, redisTestUrl, requireRedis, uniquePrefix, waitFor } from '../pubsub/redis-support.js';

const KAM_CONFIG = fileURLToPath(new URL('../fixtures/kam.e2e.json', import.meta.url));
const OUTAGE_MS = Number(process.env.LIVE_OUTAGE_MS ?? 2000);
const CHANGES = 6;
const HEALTH = `subscription($id: ID!, $after: ID) { accountHealthChanged(accountId: $id, after: $after) { id current { score } cause { name eventId } } }`;
const ACCOUNT = `subscription($id: ID, $after: ID) { accountChanged(id: $id, after: $after) { id change account { region } } }`;

let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
let db: Database;
let proxy: TcpProxy;
let a: ServerProcess;
let b: ServerProcess;

describe.skipIf(!redisTestsEnabled)(redisSuite('live events through a Redis outage'), () => {
  beforeAll(async () => {
    await requireRedis();
    database = await createEmptyDatabase();
    const redis = new URL(redisTestUrl());
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    const env = { DATABASE_URL: database.url, KAM_CONFIG, REDIS_URL: proxy.urlFor(redisTestUrl()), PUBSUB_PREFIX: uniquePrefix('live-outage') };
    // A dispatches (and publishes); B only serves subscribers.
    a = await startServerProcess(env);
    b = await startServerProcess({ ...env, DISPATCH_EVENTS: 'false' });
    db = await openDatabase({ url: database.url });
  }, 120_000);
  afterAll(async () => {
    killStartedServers();
    await db?.close();
    await proxy?.close();
    await database?.remove();
  });

  it('delivers what was committed during the outage to the subscriber on the other instance, once each, in order', async () => {
    const created = await a.gql(`mutation { createAccount(input: { name: "Outage Works", industry: INDUSTRIAL, tier: KEY }) { account { id } } }`);
    const accountId = created.createAccount.account.id as string;
    const people: string[] = [];
    for (const name of ['Chair Wu', 'GM Lin']) {
      const added = await a.gql(`mutation($a: ID!, $n: String!) { addPerson(input: { accountId: $a, name: $n, isKeyPerson: true }) { person { id } } }`, { a: accountId, n: name });
      people.push(added.addPerson.person.id);
    }
    await waitFor(async () => (await db.prisma.accountHealth.findUnique({ where: { accountId: rawId(accountId) } }))?.score === 70, 'the initial health');

    const client = liveClient(b.wsUrl, await suiteServiceToken);
    const health = subscribe(client, HEALTH, { id: accountId });
    const account = subscribe(client, ACCOUNT, { id: accountId });
    await roundTrip(client);
    // graphql-ws has no subscribed acknowledgement: an event received before the cut shows B has both subscriptions (health's was sent first).
    await a.gql(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "Before" }) { errors { code } } }`, { id: accountId });
    await account.waitFor(1, 800);
    account.received.length = 0;

    proxy.cut();
    // Committed on A while Redis is away: health flips between 55 and 70 with each change of the GM's key-person flag.
    for (let i = 0; i < CHANGES; i++) {
      await a.gql(`mutation($id: ID!, $k: Boolean!) { updatePerson(id: $id, input: { isKeyPerson: $k }) { errors { code } } }`, { id: people[1], k: i % 2 === 1 });
      await a.gql(`mutation($id: ID!, $r: String!) { updateAccount(id: $id, input: { region: $r }) { errors { code } } }`, { id: accountId, r: `During ${i}` });
    }
    await waitFor(async () => (await db.prisma.outboxEvent.count({ where: { dispatchedAt: null } })) === 0, 'A to dispatch the changes');
    const stored = await db.prisma.accountHealthChange.findMany({ where: { accountId: rawId(accountId) }, orderBy: { id: 'asc' } });
    const committed = stored.slice(-CHANGES);
    expect(committed.map((c) => c.score)).toEqual(Array.from({ length: CHANGES }, (_, i) => (i % 2 ? 70 : 55)));
    // (B also reads storage every few seconds, so some may arrive while Redis is still away.)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - 500)));

    proxy.restore();
    // On failure, what both servers said (a relay error is logged as "live: …").
    const withOutput = (error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- A ---\n${a.output().slice(-4000)}\n--- B ---\n${b.output().slice(-4000)}`);
    };
    await health.waitFor(CHANGES, 800).catch(withOutput);
    await account.waitFor(CHANGES, 800).catch(withOutput);
    // Later events still come live, and nothing arrives twice.
    await a.gql(`mutation($id: ID!) { updatePerson(id: $id, input: { isKeyPerson: false }) { errors { code } } }`, { id: people[1] });
    await health.waitFor(CHANGES + 1, 800);
    await roundTrip(client);

    const healthEvents = health.received.map((r: any) => r.data.accountHealthChanged);
    expect(healthEvents.slice(0, CHANGES).map((e: any) => [Number(e.id), e.current.score])).toEqual(committed.map((c) => [c.id, c.score]));
    expect(healthEvents).toHaveLength(CHANGES + 1);
    const accountEvents = account.received.map((r: any) => r.data.accountChanged);
    expect(accountEvents).toHaveLength(CHANGES);
    const ids = accountEvents.map((e: any) => Number(e.id));
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(new Set(ids).size).toBe(CHANGES);

    // A client that drops and comes back with the last id it saw gets exactly what it missed.
    const lastSeen = healthEvents[1].id as string;
    health.dispose();
    const resumed = subscribe(client, HEALTH, { id: accountId, after: lastSeen });
    await resumed.waitFor(CHANGES - 1, 400);
    await roundTrip(client);
    expect(resumed.received.map((r: any) => r.data.accountHealthChanged.id)).toEqual(healthEvents.slice(2).map((e: any) => e.id));
    resumed.dispose();
    account.dispose();
    await client.dispose();
  }, 180_000);
});
