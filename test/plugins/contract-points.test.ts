/**
 * The contract points plugins build on, each exercised through the test kit
 * with fixture plugins that import only the kit: typed events that roll a
 * transaction back when they do not fit, a handler of another plugin's
 * events receiving its parsed payload, services offered to a plugin that
 * lists the offering plugin as optional (present and absent), a plugin topic
 * delivered live, and a disabled plugin's stave leaving stored health at boot.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InvalidEventPayloadError } from 'kam-graphql/plugin';
import { createTestDatabase, liveClient, loadTestPlugins, rawId, roundTrip, startTestApp, subscribe, testPluginRuntime, type TestApp, type TestDatabase } from 'kam-graphql/testing';
import { bulletinReaderLog } from '../fixtures/plugins/bulletin-reader/index.js';
import { createApp } from '../../src/server/app.js';
import { createInProcessPubSub } from '../../src/server/pubsub.js';
import { STAVES_CHANGED_CAUSE } from '../../src/health/health-engine.js';
import { TEST_AUTH } from '../support/test-app.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/plugins/', import.meta.url));
const both = () => loadTestPlugins([{ from: './bulletin-reader' }, { from: './bulletin' }], FIXTURES);

describe('typed events', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('rolls the whole transaction back when a payload does not fit its declaration, or names no declared event', async () => {
    const runtime = testPluginRuntime(t.db, await both(), 'bulletin');
    const attempt = (emitted: (emit: Parameters<Parameters<typeof runtime.transaction>[0]>[1]) => void) =>
      runtime.transaction(async (tx, emit) => {
        await tx.account.create({ data: { id: 'acc_rollback', name: 'Rollback Co', searchName: 'rollback co', industry: 'INDUSTRIAL' } });
        emitted(emit);
      });
    await expect(attempt((emit) => emit('bulletin.note.posted', 'acc_rollback', { text: '' }))).rejects.toThrow(
      new InvalidEventPayloadError('bulletin.note.posted', 'text: Too small: expected string to have >=1 characters'),
    );
    await expect(attempt((emit) => emit('bulletin.note.posted', 'acc_rollback', { text: 42 } as never))).rejects.toBeInstanceOf(InvalidEventPayloadError);
    await expect(attempt((emit) => emit('bulletin.note.vanished' as never, 'acc_rollback', {} as never))).rejects.toThrow('no module declares it');
    expect(await t.db.prisma.account.count({ where: { id: 'acc_rollback' } })).toBe(0);
    expect(await t.db.prisma.outboxEvent.count()).toBe(0);
    expect(runtime.events).toEqual([]);
  });
});

describe('optional dependencies', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.prisma.account.create({ data: { id: 'acc_digest', name: 'Digest Co', searchName: 'digest co', industry: 'INDUSTRIAL' } });
  });
  afterAll(() => t?.drop());
  afterEach(() => {
    bulletinReaderLog.digestSawBulletin.length = 0;
  });
  const digest = (runtime: ReturnType<typeof testPluginRuntime>) => runtime.transaction(async () => undefined).then(() => runtime);

  it('sets an optional dependency up first when it is enabled, and hands its services over', async () => {
    const plugins = await both();
    expect(plugins.map((p) => p.plugin.name)).toEqual(['bulletin', 'bulletin-reader']);
    const runtime = await digest(testPluginRuntime(t.db, plugins, 'bulletin-reader'));
    const job = plugins[1]!.plugin.jobs![0]!;
    await job.run(runtime);
    expect(bulletinReaderLog.digestSawBulletin).toEqual([true]);
    // The bulletin's service ran in the job's transaction: its event is in the outbox.
    const stored = await t.db.prisma.outboxEvent.findMany({ where: { name: 'bulletin.note.posted' } });
    expect(stored.map((e) => [e.accountId, JSON.parse(e.payload)])).toEqual([['acc_digest', { text: 'Daily digest', pinned: false }]]);
  });

  it('does without it when it is not installed, or installed but disabled', async () => {
    for (const plugins of [
      await loadTestPlugins([{ from: './bulletin-reader' }], FIXTURES),
      await loadTestPlugins([{ from: './bulletin-reader' }, { from: './bulletin', enabled: false }], FIXTURES),
    ]) {
      const reader = plugins.find((p) => p.plugin.name === 'bulletin-reader')!;
      expect(reader.enabled).toBe(true);
      await reader.plugin.jobs![0]!.run(testPluginRuntime(t.db, plugins, 'bulletin-reader'));
    }
    expect(bulletinReaderLog.digestSawBulletin).toEqual([false, false]);
  });
});

describe('events across plugins and plugin topics, through the server', () => {
  let t: TestApp;
  let accountId: string;
  beforeAll(async () => {
    t = await startTestApp({ plugins: await both() });
    const created = await t.ok(`mutation { createAccount(input: { name: "Bulletin Board Co", industry: INDUSTRIAL }) { account { id } } }`);
    accountId = created.createAccount.account.id;
  });
  afterAll(() => t?.close());

  it("hands another plugin's event to a handler with the payload its declaring schema parsed", async () => {
    bulletinReaderLog.received.length = 0;
    const posted = await t.ok(`mutation($a: ID!) { postBulletin(accountId: $a, text: "Plant visit on Friday") { note { text } errors { code } } }`, { a: accountId });
    expect(posted.postBulletin).toEqual({ note: { text: 'Plant visit on Friday' }, errors: [] });
    await t.app.runtime.dispatcher.drain();
    // `pinned` was never emitted: the bulletin's schema defaulted it before the reader saw it.
    expect(bulletinReaderLog.received).toEqual([{ text: 'Plant visit on Friday', pinned: false }]);
  });

  it('delivers a plugin topic to a subscriber after commit, and a typed user error writes nothing', async () => {
    const client = liveClient(t.wsUrl, t.operator.token);
    try {
      const sub = subscribe(client, `subscription { bulletinPosted { text accountId } }`);
      await roundTrip(client);
      await t.ok(`mutation($a: ID!) { postBulletin(accountId: $a, text: "Quality review moved") { errors { code } } }`, { a: accountId });
      const empty = await t.ok(`mutation($a: ID!) { postBulletin(accountId: $a, text: "  ") { errors { code path } } }`, { a: accountId });
      expect(empty.postBulletin.errors).toEqual([{ code: 'VALIDATION', path: ['text'] }]);
      await sub.waitFor(1);
      expect(sub.received).toEqual([{ data: { bulletinPosted: { text: 'Quality review moved', accountId: rawId(accountId) } } }]);
      sub.dispose();
    } finally {
      await client.dispose();
    }
    expect(await t.db.prisma.outboxEvent.count({ where: { name: 'bulletin:posted' } })).toBe(2);
  });
});

describe('a disabled plugin at boot', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.prisma.account.create({ data: { id: 'acc_stave', name: 'Stave Co', searchName: 'stave co', industry: 'INDUSTRIAL', tier: 'KEY' } });
  });
  afterAll(() => t?.drop());

  const boot = async (enabled: boolean) => {
    const pubsub = createInProcessPubSub();
    const app = createApp({
      config: { graphiql: false, keyAccountMinTenureMonths: 12, shutdownGraceMs: 2000, auth: TEST_AUTH },
      db: t.db,
      plugins: await loadTestPlugins([{ from: './steady', enabled, options: { score: 40 } }], FIXTURES),
      pubsub,
      now: () => new Date('2025-07-01T00:00:00.000Z'),
    });
    return { app, pubsub };
  };

  it('drops its stave from stored health and publishes the change', async () => {
    const first = await boot(true);
    await first.app.runtime.health.recompute(['acc_stave'], { name: 'test' });
    expect(await t.db.prisma.accountHealth.findUniqueOrThrow({ where: { accountId: 'acc_stave' } })).toMatchObject({ score: 40, staveIds: 'STEADY' });
    await first.app.close();

    const second = await boot(false);
    const published: unknown[] = [];
    const messages = second.pubsub.subscribe('health:accountChanged');
    const reading = (async () => {
      for await (const message of messages) published.push(message);
    })();
    await second.app.listen(0);
    try {
      for (let attempt = 0; attempt < 200 && published.length === 0; attempt++) await new Promise((r) => setTimeout(r, 25));
      const stored = await t.db.prisma.accountHealth.findUniqueOrThrow({ where: { accountId: 'acc_stave' } });
      expect(stored).toMatchObject({ score: 100, staveIds: '', cause: STAVES_CHANGED_CAUSE });
      expect(JSON.parse(stored.staves)).toEqual([]);
      expect(published).toEqual([expect.objectContaining({ accountId: 'acc_stave', cause: expect.objectContaining({ name: STAVES_CHANGED_CAUSE }) })]);
    } finally {
      await second.app.close();
      await messages.return?.();
      await reading;
    }
  });
});
