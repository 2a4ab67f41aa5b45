/**
 * The short-board law, live: a mutation makes one stave drop below another,
 * the account's score becomes that stave's, the shortest stave changes, and a
 * websocket subscriber receives exactly one event naming the cause.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKamConfig } from '../../src/plugins/plugin-config.js';
import { loadPlugins } from '../../src/plugins/plugin-loader.js';
import { CORE_VERSION } from '../../src/version.js';
import { addPerson, createAccount } from '../support/fixtures.js';
import { liveClient, rawId, roundTrip, subscribe } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const configPath = fileURLToPath(new URL('../fixtures/kam.e2e.json', import.meta.url));
let t: TestApp;

beforeAll(async () => {
  const config = readKamConfig(configPath);
  t = await startTestApp({ plugins: await loadPlugins(config, CORE_VERSION), config: { healthThresholds: config.health.thresholds } });
});
afterAll(async () => {
  await t?.close();
});

const HEALTH = `health { score level shortestStaves { id } staves { id score } }`;

describe('live account health', () => {
  it('follows the shortest stave and publishes exactly one change with its cause', async () => {
    const accountId = await createAccount(t, { name: 'Short Board Ltd', tier: 'KEY' });
    // Scored before the people arrive, so the history's causes below cannot depend on how fast the dispatcher runs.
    await t.app.runtime.dispatcher.drain();
    await addPerson(t, accountId, { name: 'Chair Wu', isKeyPerson: true });
    const gm = await addPerson(t, accountId, { name: 'GM Lin', isKeyPerson: true });
    await t.app.runtime.dispatcher.drain();

    const before = await t.ok(`query($id: ID!) { account(id: $id) { ${HEALTH} } }`, { id: accountId });
    // CONTACTS = 30 + 25 x 2 key persons = 80; STEADY = 70: the steady stave is the short board.
    expect(before.account.health).toEqual({
      score: 70,
      level: 'AT_RISK',
      shortestStaves: [{ id: 'STEADY' }],
      staves: [
        { id: 'CONTACTS', score: 80 },
        { id: 'STEADY', score: 70 },
      ],
    });

    const client = liveClient(t.wsUrl, t.operator.token);
    const sub = subscribe(
      client,
      `subscription($id: ID!) { accountHealthChanged(accountId: $id) { account { name } previous { score shortestStaves } current { score level shortestStaves } levelChanged cause { name eventId } } }`,
      { id: accountId },
    );
    await roundTrip(client);

    await t.ok(`mutation($id: ID!) { updatePerson(id: $id, input: { isKeyPerson: false }) { errors { code } } }`, { id: gm });
    await sub.waitFor(1);
    await t.app.runtime.dispatcher.drain();
    await roundTrip(client); // anything else published would have arrived before this answer

    expect(sub.received).toHaveLength(1);
    const event = sub.received[0].data.accountHealthChanged;
    const outbox = await t.db.prisma.outboxEvent.findFirstOrThrow({ where: { name: 'core.person.updated', accountId: rawId(accountId) } });
    expect(event).toEqual({
      account: { name: 'Short Board Ltd' },
      previous: { score: 70, shortestStaves: ['STEADY'] },
      current: { score: 55, level: 'AT_RISK', shortestStaves: ['CONTACTS'] },
      levelChanged: false,
      cause: { name: 'core.person.updated', eventId: outbox.id },
    });
    const after = await t.ok(`query($id: ID!) { account(id: $id) { ${HEALTH} healthHistory(first: 5) { edges { node { score cause } } } } }`, { id: accountId });
    expect(after.account.health).toMatchObject({ score: 55, shortestStaves: [{ id: 'CONTACTS' }] });
    // Newest first; earlier rows depend on how the dispatcher batched the set-up events.
    expect(after.account.healthHistory.edges.map((e: any) => e.node).slice(0, 2)).toEqual([
      { score: 55, cause: 'core.person.updated' },
      { score: 70, cause: 'core.person.added' },
    ]);
    sub.dispose();
    await client.dispose();
  });
});
