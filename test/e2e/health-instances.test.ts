/**
 * Several API processes sharing one database and one Redis: a health change
 * caused on one instance reaches a subscriber on another, exactly once; and
 * an event committed by a process that dies before dispatching it is
 * dispatched (and its health change published) after a restart.
 * Runs with TEST_REDIS=1 (or REDIS_URL); on PostgreSQL with TEST_DATABASE=postgresql.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { liveClient, rawId, roundTrip, subscribe } from '../support/live-client.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { createEmptyDatabase } from '../support/test-database.js';
import { suiteServiceToken } from '../support/test-app.js';
import { redisSuite, redisTestsEnabled, redisTestUrl, requireRedis, uniquePrefix, waitFor } from '../pubsub/redis-support.js';

const KAM_CONFIG = fileURLToPath(new URL('../fixtures/kam.e2e.json', import.meta.url));
const SUBSCRIPTION = `subscription($id: ID!) { accountHealthChanged(accountId: $id) { previous { score shortestStaves } current { score shortestStaves } cause { name eventId } } }`;

let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
let db: Database;
const running: ServerProcess[] = [];

async function server(env: Record<string, string>, prefix: string) {
  const s = await startServerProcess({ DATABASE_URL: database.url, KAM_CONFIG, REDIS_URL: redisTestUrl(), PUBSUB_PREFIX: prefix, ...env });
  running.push(s);
  return s;
}

/** An account whose short board is STEADY (70) until one of its two key persons stops being one. */
async function keyAccount(via: ServerProcess, name: string) {
  const created = await via.gql(`mutation($n: String!) { createAccount(input: { name: $n, industry: INDUSTRIAL, tier: KEY }) { account { id } } }`, { n: name });
  const accountId = created.createAccount.account.id as string;
  const people: string[] = [];
  for (const person of ['Chair Wu', 'GM Lin']) {
    const added = await via.gql(`mutation($a: ID!, $n: String!) { addPerson(input: { accountId: $a, name: $n, isKeyPerson: true }) { person { id } } }`, { a: accountId, n: person });
    people.push(added.addPerson.person.id);
  }
  return { accountId, gm: people[1]! };
}

const demote = (via: ServerProcess, person: string) =>
  via.gql(`mutation($id: ID!) { updatePerson(id: $id, input: { isKeyPerson: false }) { errors { code } } }`, { id: person });

const storedScore = async (accountId: string) => (await db.prisma.accountHealth.findUnique({ where: { accountId: rawId(accountId) } }))?.score;

describe.skipIf(!redisTestsEnabled)(redisSuite('health across API instances'), () => {
  beforeAll(async () => {
    await requireRedis();
    database = await createEmptyDatabase();
    const first = await server({}, uniquePrefix('migrate'));
    await first.stop(); // migrates the fresh database once
    running.length = 0;
    db = await openDatabase({ url: database.url });
  }, 120_000);
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.kill()));
  });
  afterAll(async () => {
    await db?.close();
    await database?.remove();
  });

  it('delivers a change caused on instance A to a subscriber on instance B exactly once', async () => {
    const prefix = uniquePrefix('two-instances');
    const a = await server({}, prefix);
    const b = await server({}, prefix);
    const { accountId, gm } = await keyAccount(a, 'Two Instances Ltd');
    await waitFor(async () => (await storedScore(accountId)) === 70, 'the initial health');

    const client = liveClient(b.wsUrl, await suiteServiceToken);
    const sub = subscribe(client, SUBSCRIPTION, { id: accountId });
    await roundTrip(client);
    await demote(a, gm);
    await sub.waitFor(1);
    await waitFor(async () => (await db.prisma.outboxEvent.count({ where: { dispatchedAt: null } })) === 0, 'the outbox to drain');
    await roundTrip(client);

    expect(sub.received).toHaveLength(1);
    expect(sub.received[0].data.accountHealthChanged).toMatchObject({
      previous: { score: 70, shortestStaves: ['STEADY'] },
      current: { score: 55, shortestStaves: ['CONTACTS'] },
      cause: { name: 'core.person.updated' },
    });
    sub.dispose();
    await client.dispose();
  }, 180_000);

  it('dispatches, after a restart, an event committed by a process killed before dispatching it', async () => {
    const prefix = uniquePrefix('crash');
    // Instance A commits but never dispatches; B only serves subscribers.
    const a = await server({ DISPATCH_EVENTS: 'false' }, prefix);
    const b = await server({ DISPATCH_EVENTS: 'false' }, prefix);
    const setup = await server({}, prefix);
    const { accountId, gm } = await keyAccount(setup, 'Crash Test Ltd');
    await waitFor(async () => (await storedScore(accountId)) === 70, 'the initial health');
    await setup.stop(); // a clean stop releases the outbox lease for the restart below

    const client = liveClient(b.wsUrl, await suiteServiceToken);
    const sub = subscribe(client, SUBSCRIPTION, { id: accountId });
    await roundTrip(client);
    await demote(a, gm);
    const pending = await db.prisma.outboxEvent.findFirstOrThrow({ where: { name: 'core.person.updated', accountId: rawId(accountId) } });
    expect(pending.dispatchedAt).toBeNull();
    await a.kill(); // after commit, before dispatch
    expect(await storedScore(accountId)).toBe(70);
    expect(sub.received).toHaveLength(0);

    await server({}, prefix); // the restart: its dispatcher resumes from the outbox
    await sub.waitFor(1);
    expect(sub.received[0].data.accountHealthChanged).toEqual({
      previous: { score: 70, shortestStaves: ['STEADY'] },
      current: { score: 55, shortestStaves: ['CONTACTS'] },
      cause: { name: 'core.person.updated', eventId: pending.id },
    });
    expect(await storedScore(accountId)).toBe(55);
    sub.dispose();
    await client.dispose();
  }, 180_000);
});
