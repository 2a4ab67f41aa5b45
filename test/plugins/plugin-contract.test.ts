/**
 * A plugin written against the contract alone reaches every extension point
 * of a running server: schema (types, queries, mutations, subscriptions,
 * fields on core types), events it emits and handles, its stave, jobs and seed.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlugins } from '../../src/plugins/plugin-loader.js';
import { liveClient } from '../support/live-client.js';
import { seedPlugins } from '../../src/plugins/plugin-runtime.js';
import { CORE_VERSION } from '../../src/version.js';
import { recorderLog } from '../fixtures/plugins/recorder/index.js';
import { addPerson, createAccount, USER_ERROR_FIELDS } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
let t: TestApp;

beforeAll(async () => {
  const plugins = await loadPlugins(
    { plugins: [{ from: './plugins/recorder', enabled: true, options: { label: 'R' }, baseDir: fixtures }] },
    CORE_VERSION,
  );
  t = await startTestApp({ plugins });
});
afterAll(async () => {
  await t?.close();
});

describe('plugin contract, end to end', () => {
  it('adds types, queries and fields on core types with its validated options', async () => {
    const accountId = await createAccount(t, { name: 'Contract Co' });
    await addPerson(t, accountId, { name: 'Ma Yun Fei' });
    const data = await t.ok(
      `query($id: ID!) { recorderLabel account(id: $id) { recorderLabel people(first: 1) { edges { node { recorderInitials } } } } }`,
      { id: accountId },
    );
    expect(data).toEqual({ recorderLabel: 'R', account: { recorderLabel: 'R:Contract Co', people: { edges: [{ node: { recorderInitials: 'MYF' } }] } } });
  });

  it('runs its mutations with typed errors and its events through the outbox to its handlers', async () => {
    recorderLog.handled.length = 0;
    const accountId = await createAccount(t, { name: 'Evented Co' });
    const bad = await t.ok(`mutation($id: ID!) { addRecorderNote(accountId: $id, text: " ") { note { text } ${USER_ERROR_FIELDS} } }`, { id: accountId });
    expect(bad.addRecorderNote.errors).toMatchObject([{ code: 'VALIDATION', path: ['text'] }]);
    const ok = await t.ok(`mutation($id: ID!) { addRecorderNote(accountId: $id, text: "Met the GM") { note { text account { name } } ${USER_ERROR_FIELDS} } }`, { id: accountId });
    expect(ok.addRecorderNote).toEqual({ note: { text: 'Met the GM', account: { name: 'Evented Co' } }, errors: [] });
    await t.app.runtime.dispatcher.drain();
    const rawId = Buffer.from(accountId, 'base64').toString().split(':')[1];
    expect(recorderLog.handled).toEqual([
      { handler: 'core.account.created', event: 'core.account.created', accountId: rawId, options: { label: 'R' } },
      { handler: 'recorder.note.added', event: 'recorder.note.added', accountId: rawId, options: { label: 'R' } },
    ]);
  });

  it('serves its subscription over websockets', async () => {
    const client = liveClient(t.wsUrl, t.operator.token);
    const values: number[] = [];
    await new Promise<void>((resolve, reject) =>
      client.subscribe({ query: 'subscription { recorderCountdown(from: 3) }' }, { next: (v) => values.push((v.data as any).recorderCountdown), error: reject, complete: resolve }),
    );
    await client.dispose();
    expect(values).toEqual([3, 2, 1]);
  });

  it('contributes its stave to account health', async () => {
    const accountId = await createAccount(t, { name: 'Stave Co' });
    const rawId = Buffer.from(accountId, 'base64').toString().split(':')[1]!;
    recorderLog.scores.set(rawId, 35);
    await t.app.runtime.dispatcher.drain();
    await t.app.runtime.health.recompute([rawId], { name: 'test' });
    const data = await t.ok(`query($id: ID!) { account(id: $id) { health { score level shortestStaves { id } } } }`, { id: accountId });
    expect(data.account.health).toEqual({ score: 35, level: 'CRITICAL', shortestStaves: [{ id: 'RECORDER' }] });
  });

  it('runs its jobs on the scheduler with the injected clock, and its demo seed', async () => {
    recorderLog.jobs.length = 0;
    expect(t.app.runtime.jobs.names()).toContain('recorder:tick');
    t.setNow(new Date('2026-01-02T03:04:05.000Z'));
    await t.app.runtime.jobs.run('recorder:tick');
    expect(recorderLog.jobs).toEqual(['tick:2026-01-02T03:04:05.000Z']);
    recorderLog.seeds.length = 0;
    const plugins = await loadPlugins({ plugins: [{ from: './plugins/recorder', enabled: true, options: {}, baseDir: fixtures }] }, CORE_VERSION);
    await seedPlugins(plugins, t.app.runtime.pluginDeps, 7);
    expect(recorderLog.seeds).toEqual([7]);
  });

  it('contributes nothing when disabled', async () => {
    const plugins = await loadPlugins({ plugins: [{ from: './plugins/recorder', enabled: false, options: {}, baseDir: fixtures }] }, CORE_VERSION);
    const off = await startTestApp({ plugins });
    try {
      const res = await off.gql('{ recorderLabel }');
      expect(res.errors?.[0]?.message).toMatch(/Cannot query field "recorderLabel"/);
      expect(off.app.runtime.jobs.names()).not.toContain('recorder:tick');
    } finally {
      await off.close();
    }
  });
});
