/**
 * GET /metrics on a real server and database: counters and gauges move with
 * what the server does (GraphQL over HTTP and websockets, the outbox, the
 * health engine), the token guards the endpoint, and production without a
 * token serves none.
 */
import { captureLog } from '../support/captured-log.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createAccount } from '../support/fixtures.js';
import { liveClient, roundTrip, subscribe } from '../support/live-client.js';
import { killStartedServers, startServerProcess } from '../support/server-process.js';
import { DEFAULT_TEST_NOW, startTestApp, type TestApp } from '../support/test-app.js';
import { testProvider } from '../support/test-database.js';

type Labels = Record<string, string>;

/** Samples of a Prometheus text exposition, by name and labels (in any order). */
class Samples {
  private readonly values = new Map<string, number>();
  constructor(readonly text: string) {
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Labels = {};
      for (const [, name, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[name!] = value!;
      this.values.set(Samples.key(match[1]!, labels), Number(match[3]));
    }
  }

  static key(name: string, labels: Labels): string {
    return `${name}{${Object.keys(labels).sort().map((k) => `${k}="${labels[k]}"`).join(',')}}`;
  }

  get(name: string, labels: Labels = {}): number | undefined {
    return this.values.get(Samples.key(name, labels));
  }

  /** A counter that has not counted yet has no sample: 0. */
  count(name: string, labels: Labels = {}): number {
    return this.get(name, labels) ?? 0;
  }

  has(name: string): boolean {
    return new RegExp(`^${name}[{ ]`, 'm').test(this.text);
  }
}

function metricsUrl(t: TestApp): string {
  return `${new URL(t.url).origin}/metrics`;
}

async function scrape(t: TestApp, token?: string): Promise<Samples> {
  const res = await fetch(metricsUrl(t), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return new Samples(await res.text());
}

/** Scrapes until `done` holds (a socket closes on its own time), bounded by attempts rather than a clock. */
async function scrapeUntil(t: TestApp, done: (s: Samples) => boolean, attempts = 200): Promise<Samples> {
  let samples = await scrape(t);
  for (let i = 0; i < attempts && !done(samples); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    samples = await scrape(t);
  }
  return samples;
}

/** What the runtime logged while `work` ran, instead of printing it. */
/** The server's info lines logged while `work` runs (src/log.ts, captured: tests otherwise log nothing). */
async function logOf(work: () => Promise<unknown>): Promise<string[]> {
  const log = captureLog();
  try {
    await work();
    return log.texts('info');
  } finally {
    log.restore();
  }
}

const ops = (operation: string, outcome: string) => ({ operation, outcome });

describe('GET /metrics, open (no METRICS_TOKEN outside production)', () => {
  let t: TestApp;
  let client: Client | undefined;
  const FAILING_HANDLER = 'test.always-fails';

  beforeAll(async () => {
    // The outbox is dispatched by hand (drain), so the backlog can be seen before it is delivered.
    t = await startTestApp({ config: { dispatchEvents: false } });
    // A handler that always fails, so a delivery gets parked.
    t.app.runtime.dispatcher.register({
      name: FAILING_HANDLER,
      events: ['core.account.created'],
      handle: async () => {
        throw new Error('partner system down');
      },
    });
  });
  afterAll(async () => {
    await client?.dispose();
    await t?.close();
  });

  it('serves the process metrics and every kam_ metric, in the Prometheus text format', async () => {
    const s = await scrape(t);
    for (const name of [
      'kam_process_cpu_user_seconds_total',
      'kam_process_resident_memory_bytes',
      'kam_nodejs_eventloop_lag_seconds',
      'kam_nodejs_heap_size_used_bytes',
      'kam_outbox_pending_events',
      'kam_outbox_dispatch_lag_seconds',
      'kam_outbox_parked_deliveries',
      'kam_websockets_open',
      'kam_graphql_active_subscriptions',
    ]) {
      expect(s.has(name), name).toBe(true);
    }
    expect(s.get('kam_outbox_pending_events')).toBe(0);
    expect(s.get('kam_outbox_dispatch_lag_seconds')).toBe(0);
    expect(s.get('kam_outbox_parked_deliveries', { handler: 'health-engine' })).toBe(0);
    expect(s.get('kam_websockets_open')).toBe(0);
    expect(s.get('kam_graphql_active_subscriptions')).toBe(0);
    // SQLite has no pool; PostgreSQL's is read from node-postgres.
    if (testProvider() === 'postgresql') {
      expect(s.get('kam_db_pool_max_connections')).toBe(20);
      expect(s.get('kam_db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(s.get('kam_db_pool_waiting_queries')).toBe(0);
    } else {
      expect(s.has('kam_db_pool_connections')).toBe(false);
    }
  });

  it('counts HTTP requests by route, method and status', async () => {
    const before = await scrape(t);
    expect((await fetch(`${new URL(t.url).origin}/ready`)).status).toBe(200);
    expect((await fetch(`${new URL(t.url).origin}/no-such-page?x=1`)).status).toBe(404);
    const after = await scrape(t);
    const delta = (labels: Labels) => after.count('kam_http_requests_total', labels) - before.count('kam_http_requests_total', labels);
    expect(delta({ route: '/ready', method: 'GET', status: '200' })).toBe(1);
    // Unknown paths share one route, so probing adds no series.
    expect(delta({ route: 'other', method: 'GET', status: '404' })).toBe(1);
    // The scrape before this one was answered, and counted.
    expect(delta({ route: '/metrics', method: 'GET', status: '200' })).toBe(1);
    const durations = (s: Samples) => s.count('kam_http_request_duration_seconds_count', { route: '/ready' });
    expect(durations(after) - durations(before)).toBe(1);
  });

  it('counts GraphQL operations by type and outcome: ok, user_error, or the error code', async () => {
    const before = await scrape(t);
    await t.ok('{ accounts(first: 1) { totalCount } }');
    // A query with an error the client caused (validation), and one without a token.
    expect((await t.gql('{ accounts(first: 1) { nope } }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await t.gql('{ accounts(first: 1) { totalCount } }', {}, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A mutation answered with a payload error counts as a user error, whether or not the client selected `errors`.
    const invalid = await t.ok<any>('mutation { createAccount(input: { name: "", industry: INDUSTRIAL, employees: 1, annualSales: 1, totalAssets: 1 }) { account { id } } }');
    expect(invalid.createAccount.account).toBeNull();
    // Not a document at all: its type is unknown.
    expect((await t.gql('{ accounts(')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const after = await scrape(t);
    const delta = (labels: Labels) => after.count('kam_graphql_operations_total', labels) - before.count('kam_graphql_operations_total', labels);
    expect(delta(ops('query', 'ok'))).toBe(1);
    expect(delta(ops('query', 'GRAPHQL_VALIDATION_FAILED'))).toBe(1);
    expect(delta(ops('query', 'UNAUTHENTICATED'))).toBe(1);
    expect(delta(ops('mutation', 'user_error'))).toBe(1);
    expect(delta(ops('mutation', 'ok'))).toBe(0);
    expect(delta(ops('unknown', 'GRAPHQL_PARSE_FAILED'))).toBe(1);
  });

  it('shows the outbox backlog and its lag on the app clock, then parked deliveries and the health recomputation once dispatched', async () => {
    const before = await scrape(t);
    await createAccount(t, { name: 'Metered Valves' });
    t.setNow(new Date(DEFAULT_TEST_NOW.getTime() + 90_000));
    const pending = await scrape(t);
    expect(pending.get('kam_outbox_pending_events')).toBe(1);
    expect(pending.get('kam_outbox_dispatch_lag_seconds')).toBe(90);
    expect(pending.count('kam_graphql_operations_total', ops('mutation', 'ok')) - before.count('kam_graphql_operations_total', ops('mutation', 'ok'))).toBe(1);

    // The failing handler is retried (each retry due a step later on the clock) and parked after its fifth attempt.
    const logged = await logOf(async () => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        t.setNow(new Date(DEFAULT_TEST_NOW.getTime() + 90_000 + attempt * 600_000));
        await t.app.runtime.dispatcher.drain();
      }
    });
    expect(logged.filter((line) => line.startsWith('parked'))).toEqual([
      expect.stringMatching(/^parked event \d+ \(core\.account\.created\) for handler test\.always-fails after 5 attempts: partner system down$/),
    ]);

    const after = await scrape(t);
    expect(after.get('kam_outbox_pending_events')).toBe(0);
    expect(after.get('kam_outbox_dispatch_lag_seconds')).toBe(0);
    expect(after.get('kam_outbox_parked_deliveries', { handler: FAILING_HANDLER })).toBe(1);
    expect(after.get('kam_outbox_parked_deliveries', { handler: 'health-engine' })).toBe(0);
    const delta = (name: string, labels: Labels) => after.count(name, labels) - before.count(name, labels);
    // The new account, scored once by the engine's event handler: a first computation is a change.
    expect(delta('kam_health_accounts_recomputed_total', { mode: 'incremental' })).toBe(1);
    expect(delta('kam_health_changes_total', { mode: 'incremental' })).toBe(1);
    expect(delta('kam_health_recompute_duration_seconds_count', { mode: 'incremental', outcome: 'ok' })).toBe(1);

    // A periodic pass scores every active account; none changed.
    const accounts = await t.db.prisma.account.count({ where: { status: 'ACTIVE' } });
    expect(await logOf(() => t.app.runtime.health.recomputeAll())).toEqual([`health: health.periodic pass scored ${accounts} accounts in 1 batches, 0 changed`]);
    const periodic = await scrape(t);
    expect(periodic.count('kam_health_accounts_recomputed_total', { mode: 'periodic' }) - after.count('kam_health_accounts_recomputed_total', { mode: 'periodic' })).toBe(accounts);
    expect(periodic.count('kam_health_changes_total', { mode: 'periodic' }) - after.count('kam_health_changes_total', { mode: 'periodic' })).toBe(0);
    expect(periodic.count('kam_health_recompute_duration_seconds_count', { mode: 'periodic', outcome: 'ok' }) - after.count('kam_health_recompute_duration_seconds_count', { mode: 'periodic', outcome: 'ok' })).toBe(1);
  });

  it('counts open websockets, active subscriptions and websocket operations, and lets them go when the socket closes', async () => {
    const before = await scrape(t);
    client = liveClient(t.wsUrl, t.operator.token);
    const sub = subscribe(client, 'subscription { accountChanged { change } }');
    // Answered on the same socket after the subscribe message: the subscription is set up.
    await roundTrip(client);
    const refused = subscribe(client, 'subscription { accountChanged { nope } }');
    await expect(refused.waitFor(1)).rejects.toThrow(/Cannot query field .+nope/);

    const open = await scrape(t);
    expect(open.get('kam_websockets_open')).toBe(1);
    expect(open.get('kam_graphql_active_subscriptions')).toBe(1);
    const delta = (labels: Labels) => open.count('kam_graphql_operations_total', labels) - before.count('kam_graphql_operations_total', labels);
    expect(delta(ops('subscription', 'ok'))).toBe(1);
    // roundTrip's `{ __typename }`.
    expect(delta(ops('query', 'ok'))).toBe(1);
    expect(delta(ops('subscription', 'GRAPHQL_VALIDATION_FAILED'))).toBe(1);

    sub.dispose();
    const completed = await scrapeUntil(t, (s) => s.get('kam_graphql_active_subscriptions') === 0);
    expect(completed.get('kam_graphql_active_subscriptions')).toBe(0);
    expect(completed.get('kam_websockets_open')).toBe(1);

    await client.dispose();
    client = undefined;
    const closed = await scrapeUntil(t, (s) => s.get('kam_websockets_open') === 0);
    expect(closed.get('kam_websockets_open')).toBe(0);
  });

  it('counts a subscription over server-sent events while its stream is open', async () => {
    const controller = new AbortController();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${t.operator.token}` },
      body: JSON.stringify({ query: 'subscription { accountChanged { change } }' }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const open = await scrapeUntil(t, (s) => s.get('kam_graphql_active_subscriptions') === 1);
    expect(open.get('kam_graphql_active_subscriptions')).toBe(1);
    controller.abort();
    await res.body?.cancel().catch(() => undefined);
    const ended = await scrapeUntil(t, (s) => s.get('kam_graphql_active_subscriptions') === 0);
    expect(ended.get('kam_graphql_active_subscriptions')).toBe(0);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789abcdef';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { metrics: { enabled: true, token }, dispatchEvents: false } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 401 without a token, naming the scheme', async () => {
    const res = await fetch(metricsUrl(t));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await res.text()).not.toContain('kam_');
  });

  it('answers 401 with a wrong token, one of another length, or another scheme', async () => {
    for (const authorization of [`Bearer ${token.slice(0, -1)}x`, `Bearer ${token}0`, 'Bearer x', `Basic ${token}`, token]) {
      const res = await fetch(metricsUrl(t), { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(await res.text()).not.toContain('kam_');
    }
  });

  it('answers 200 with the right token', async () => {
    const s = await scrape(t, token);
    expect(s.has('kam_graphql_active_subscriptions')).toBe(true);
    // The refusals above were counted too.
    expect(s.count('kam_http_requests_total', { route: '/metrics', method: 'GET', status: '401' })).toBe(6);
  });
});

describe('GET /metrics when disabled (production without METRICS_TOKEN)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { metrics: { enabled: false, token: undefined }, dispatchEvents: false } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 404 like any path the server does not serve, with or without a token', async () => {
    const unknown = await fetch(`${new URL(t.url).origin}/no-such-page`);
    for (const headers of [{}, { authorization: 'Bearer anything-at-all-0123456789' }] as Record<string, string>[]) {
      const res = await fetch(metricsUrl(t), { headers });
      expect(res.status).toBe(404);
      expect(await res.text()).toBe(await unknown.clone().text());
    }
  });

  it('still serves the API', async () => {
    expect(await t.ok('{ accounts(first: 1) { totalCount } }')).toEqual({ accounts: { totalCount: 0 } });
  });
});

describe('npm start in production', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kam-metrics-'));
  const env = { DATABASE_URL: `file:${join(folder, 'kam.db')}`, NODE_ENV: 'production' };
  afterAll(() => {
    killStartedServers();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves no metrics without METRICS_TOKEN, and serves them behind it with one', { timeout: 120_000 }, async () => {
    const bare = await startServerProcess(env);
    const bareMetrics = new URL('/metrics', bare.url).toString();
    expect((await fetch(bareMetrics)).status).toBe(404);
    expect(await bare.stop()).toBe(0);

    const token = 'production-metrics-token-0123456789';
    const guarded = await startServerProcess({ ...env, METRICS_TOKEN: token });
    const guardedMetrics = new URL('/metrics', guarded.url).toString();
    expect((await fetch(guardedMetrics)).status).toBe(401);
    const res = await fetch(guardedMetrics, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const samples = new Samples(await res.text());
    expect(samples.get('kam_outbox_pending_events')).toBe(0);
    expect(samples.has('kam_process_cpu_user_seconds_total')).toBe(true);
    expect(await guarded.stop()).toBe(0);
  });
});

describe('METRICS_TOKEN in the configuration', () => {
  const secret = { AUTH_JWT_SECRET: 'x'.repeat(32) };
  it('is open outside production when unset, and needs the token when set', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, token: undefined });
    expect(loadConfig({ METRICS_TOKEN: 'a-metrics-token-of-some-length' }).metrics).toEqual({ enabled: true, token: 'a-metrics-token-of-some-length' });
  });

  it('is off in production without a token (empty counts as unset), on with one', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).metrics).toEqual({ enabled: false, token: undefined });
    expect(loadConfig({ NODE_ENV: 'production', METRICS_TOKEN: '', ...secret }).metrics).toEqual({ enabled: false, token: undefined });
    expect(loadConfig({ NODE_ENV: 'production', METRICS_TOKEN: 'a-metrics-token-of-some-length', ...secret }).metrics).toEqual({
      enabled: true,
      token: 'a-metrics-token-of-some-length',
    });
  });

  it('refuses a token too short to resist guessing', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow('Invalid configuration: METRICS_TOKEN: must be at least 16 characters');
  });
});
