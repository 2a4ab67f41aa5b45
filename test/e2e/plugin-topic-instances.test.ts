/**
 * A plugin's live topic across two API processes sharing one database and
 * one Redis: a note posted through instance A reaches a subscriber on B, once.
 * Runs with TEST_REDIS=1 (or REDIS_URL); on PostgreSQL with TEST_DATABASE=postgresql.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawId } from '../support/live-client.js';
import { killStartedServers, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { createEmptyDatabase, testProvider } from '../support/test-database.js';
import { createAccountVia, redisSuite, redisTestsEnabled, redisTestUrl, requireRedis, uniquePrefix, waitFor, wsClient } from '../pubsub/redis-support.js';

const KAM_CONFIG = fileURLToPath(new URL('../fixtures/kam.bulletin.json', import.meta.url));
const POSTED = `subscription { bulletinPosted { text accountId } }`;
const POST = `mutation($a: ID!, $t: String!) { postBulletin(accountId: $a, text: $t) { errors { code } } }`;

describe.skipIf(!redisTestsEnabled)(redisSuite(`a plugin topic across two API instances (${testProvider()})`), () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    await requireRedis();
    database = await createEmptyDatabase();
    const env = { DATABASE_URL: database.url, KAM_CONFIG, REDIS_URL: redisTestUrl(), PUBSUB_PREFIX: uniquePrefix('plugin-topic'), DEMO_SEED: 'false' };
    a = await startServerProcess(env, { readyWhen: /pub\/sub: Redis at / });
    b = await startServerProcess(env, { readyWhen: /pub\/sub: Redis at / });
  }, 120_000);
  afterAll(async () => {
    killStartedServers();
    await database?.remove();
  });

  it('delivers a message published on A to the subscriber on B, exactly once', async () => {
    const accountId = await createAccountVia(a.url, 'Bulletin Instances Co');
    const atB = await wsClient(b.wsUrl);
    try {
      const sub = atB.subscribe(POSTED);
      await atB.roundTrip();
      const texts = () => sub.received.map((r) => r.data.bulletinPosted.text as string);
      // The SUBSCRIBE reaches Redis a moment after the websocket subscription: warm up until one arrives.
      let warmUps = 0;
      await waitFor(async () => {
        await a.gql(POST, { a: accountId, t: `warm-up ${warmUps++}` });
        await new Promise((r) => setTimeout(r, 50));
        return texts().length > 0;
      }, 'the subscription to be live', 50, 0);

      await a.gql(POST, { a: accountId, t: 'Contract renewal signed' });
      await a.gql(POST, { a: accountId, t: 'fence' });
      await waitFor(() => texts().includes('fence'), 'the fence message on B');
      expect(sub.errors).toEqual([]);
      expect(sub.received.filter((r) => r.data.bulletinPosted.text === 'Contract renewal signed')).toEqual([
        { data: { bulletinPosted: { text: 'Contract renewal signed', accountId: rawId(accountId) } } },
      ]);
      sub.dispose();
    } finally {
      await atB.dispose();
    }
  });
});
