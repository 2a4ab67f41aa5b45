/**
 * Memory under mixed load: one API process (src/server/main.ts) serves
 * dashboard reads, single-account reads, portfolio counts and mutations
 * (which feed health changes and live events) while websocket subscribers
 * keep connecting and disconnecting, some with fresh tokens, some with
 * tokens that do not verify. After a warm-up it samples the server's RSS
 * every few seconds, prints the series, then stops the load, waits, and
 * prints RSS at the end against RSS after warm-up (the ratio should stay
 * under 1.2).
 *
 *   npx tsx bench/soak.ts [--minutes 30] [--warmup 2] [--every 30] [--subscribers 200] [--postgres] [--heap-snapshots DIR] [--server-output]
 *
 * --heap-snapshots writes a V8 heap snapshot of the server after warm-up and
 * at the end into DIR (compare them in Chrome DevTools, Memory tab) to see
 * what grew.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createTokenIssuer } from '../src/auth/tokens.js';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrations.js';
import { encodeGlobalId } from '../src/schema/global-id.js';
import { createEmptyDatabase } from '../test/support/test-database.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '2' },
    every: { type: 'string', default: '30' },
    subscribers: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    postgres: { type: 'boolean', default: false },
    'heap-snapshots': { type: 'string' },
    'server-output': { type: 'boolean', default: false },
  },
});
const MINUTES = Number(values.minutes);
const WARMUP_MS = Number(values.warmup) * 60_000;
const EVERY_MS = Number(values.every) * 1000;
const SUBSCRIBERS = Number(values.subscribers);
const CONCURRENCY = Number(values.concurrency);
const SNAPSHOTS = values['heap-snapshots'] ? resolve(values['heap-snapshots']) : undefined;
const SECRET = 'soak-benchmark-secret-0123456789abcdefghij';
const KAM_CONFIG = fileURLToPath(new URL('../test/fixtures/kam.e2e.json', import.meta.url));

const DASHBOARD = `{ accounts(first: 50, filter: { tier: KEY }) { edges { node {
  id name tier region annualSales
  people(first: 10) { edges { node { id name decisionRole isKeyPerson } } }
  teamMembers { responsibility staff { id name level } }
  health { score level shortestStaves { id } } } } } }`;
const SINGLE = `query($id: ID!) { account(id: $id) { id name tier region people(first: 10) { totalCount edges { node { id name } } } health { score level } } }`;
const PORTFOLIO = `{ portfolioHealth { total notComputed byLevel { level count } byShortestStave { stave count } } }`;
const UPDATE_ACCOUNT = `mutation($id: ID!, $r: String!) { updateAccount(id: $id, input: { region: $r }) { errors { code } } }`;
const UPDATE_PERSON = `mutation($id: ID!, $k: Boolean!) { updatePerson(id: $id, input: { isKeyPerson: $k }) { errors { code } } }`;
const LIVE = [
  `subscription { portfolioHealthChanged { id current { score computedAt } account { id name } } }`,
  `subscription($id: ID) { accountChanged(id: $id) { id change account { id name region } } }`,
];

const STAFF = [
  { id: 'st_top', level: 'TOP' as const, department: 'Management' },
  { id: 'st_mid', level: 'MIDDLE' as const, department: 'Sales' },
  { id: 'st_front', level: 'FRONTLINE' as const, department: 'Service' },
];
const ACCOUNTS = 60;
const accountId = (i: number) => `acc_${String(i).padStart(3, '0')}`;

async function seed(url: string) {
  const db = await openDatabase({ url });
  const p = db.prisma;
  await p.staff.createMany({ data: STAFF.map((s) => ({ ...s, name: s.id, searchName: s.id, email: `${s.id}@soak.example`, hireDate: new Date('2010-01-01') })) });
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: accountId(i),
    name: `Soak Account ${i}`,
    searchName: `soak account ${i}`,
    industry: 'INDUSTRIAL' as const,
    employees: 400 + i,
    annualSales: 50e6 + i * 1e6,
    region: i % 2 ? 'Zhejiang' : 'Jiangsu',
    tier: i < 50 ? ('KEY' as const) : ('GENERAL' as const),
  }));
  await p.account.createMany({ data: accounts });
  await p.person.createMany({
    data: accounts.flatMap((a) => Array.from({ length: 8 }, (_, j) => ({ id: `${a.id}_p${j}`, accountId: a.id, name: `Contact ${j} of ${a.name}`, searchName: `contact ${j}`, isKeyPerson: j < 2 }))),
  });
  await p.accountTeamMember.createMany({
    data: accounts.flatMap((a, i) => [
      { accountId: a.id, staffId: 'st_mid', responsibility: 'SALES' as const },
      ...(i % 2 ? [{ accountId: a.id, staffId: 'st_front', responsibility: 'SERVICE' as const }] : []),
    ]),
  });
  await db.close();
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const flags = [...(process.env.SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])];
  if (SNAPSHOTS) flags.push('--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${SNAPSHOTS}`);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'src/server/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (values['server-output']) process.stderr.write(chunk);
      output += chunk.toString();
      if (output.length > 100_000) output = output.slice(-50_000);
      const match = /KAM GraphQL API on (http:\/\/\S+\/graphql)/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;

/** Asks the server for a heap snapshot (--heapsnapshot-signal) and waits until it is written. */
async function heapSnapshot(server: ChildProcess, label: string) {
  if (!SNAPSHOTS) return;
  const before = new Set(readdirSync(SNAPSHOTS));
  server.kill('SIGUSR2');
  for (;;) {
    await sleep(1000);
    const file = readdirSync(SNAPSHOTS).find((f) => !before.has(f));
    if (!file) continue;
    const size = statSync(`${SNAPSHOTS}/${file}`).size;
    await sleep(2000);
    if (statSync(`${SNAPSHOTS}/${file}`).size === size) return console.log(`heap snapshot ${label}: ${SNAPSHOTS}/${file}`);
  }
}

async function main() {
  if (SNAPSHOTS) mkdirSync(SNAPSHOTS, { recursive: true });
  const { url: databaseUrl, remove } = await createEmptyDatabase(values.postgres ? 'postgresql' : 'sqlite');
  let server: ChildProcess | undefined;
  const live = new Set<{ client: Client; received: number; errors: number }>();
  let stopping = false;
  try {
    await applyMigrations(databaseUrl);
    await seed(databaseUrl);
    const started = await startServer({
      DATABASE_URL: databaseUrl,
      KAM_CONFIG,
      PORT: '0',
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: SECRET,
      DEMO_SEED: 'false',
      // Counted (the limiter's keys are part of what is soaked), but never refusing.
      RATE_LIMIT_POINTS: '100000000',
    });
    server = started.child;
    const pid = server.pid!;
    const wsUrl = started.url.replace(/^http/, 'ws');
    const mint = createTokenIssuer({ jwtSecret: SECRET, issuer: 'kam', audience: 'kam-api' });
    /** A fresh token each time: long-running clients refresh theirs, and every one is a new string to the server. */
    const token = (subject = pick(STAFF).id) => mint({ subject, ttlSeconds: 3600, now: new Date() });
    const counts = { queries: 0, mutations: 0, errors: 0, connects: 0, disconnects: 0, refused: 0, events: 0 };
    process.on('unhandledRejection', (reason) => {
      if (counts.errors++ === 0) console.error('first unhandled rejection:', reason);
    });

    const gql = async (query: string, variables: Record<string, unknown> = {}, subject?: string) => {
      const res = await fetch(started.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(subject)}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { errors?: unknown; data?: Record<string, { errors?: unknown[] }> };
      if (body.errors) counts.errors++;
      return body;
    };

    /** Readers and writers: mostly dashboards, some single accounts and portfolio counts, one write in ten. */
    const worker = async () => {
      let n = 0;
      while (!stopping) {
        n++;
        const roll = Math.random();
        try {
          if (roll < 0.1) {
            const i = Math.floor(Math.random() * ACCOUNTS);
            if (n % 2) await gql(UPDATE_ACCOUNT, { id: encodeGlobalId('Account', accountId(i)), r: `Region ${n % 7}` }, 'st_top');
            else await gql(UPDATE_PERSON, { id: encodeGlobalId('Person', `${accountId(i)}_p${n % 8}`), k: n % 4 === 0 }, 'st_top');
            counts.mutations++;
          } else {
            if (roll < 0.5) await gql(DASHBOARD);
            else if (roll < 0.85) await gql(SINGLE, { id: encodeGlobalId('Account', accountId(Math.floor(Math.random() * ACCOUNTS))) });
            else await gql(PORTFOLIO);
            counts.queries++;
          }
          // Now and then a caller without a valid token: counted by address, refused.
          if (n % 50 === 0) {
            await fetch(started.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' }, body: JSON.stringify({ query: '{ __typename }' }) });
          }
        } catch {
          counts.errors++;
        }
      }
    };

    const connect = async () => {
      const refused = Math.random() < 0.05;
      const authorization = refused ? 'Bearer forged' : `Bearer ${await token()}`;
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: { authorization },
        // A refused connection is expected; any other loss is counted below.
        onNonLazyError: () => undefined,
      });
      const entry = { client, received: 0, errors: 0 };
      counts.connects++;
      if (refused) {
        counts.refused++;
        client.on('closed', () => void client.dispose());
        return;
      }
      live.add(entry);
      const subscriptions = 1 + Math.floor(Math.random() * 2);
      for (let i = 0; i < subscriptions; i++) {
        const query = pick(LIVE);
        client.subscribe(
          { query, variables: query.includes('$id') ? { id: encodeGlobalId('Account', accountId(Math.floor(Math.random() * ACCOUNTS))) } : {} },
          { next: () => void (entry.received++, counts.events++), error: () => void (entry.errors++, counts.errors++), complete: () => undefined },
        );
      }
    };
    const disconnect = async () => {
      const entry = pick([...live]);
      live.delete(entry);
      counts.disconnects++;
      await entry.client.dispose();
    };
    /** Keeps about SUBSCRIBERS connections open, replacing a tenth of them every second. */
    const churn = async () => {
      while (!stopping) {
        while (live.size < SUBSCRIBERS) await connect();
        const replace = Math.max(1, Math.floor(SUBSCRIBERS / 10));
        for (let i = 0; i < replace && live.size > 0; i++) await disconnect();
        await sleep(1000);
      }
    };

    console.log(`soak: ${MINUTES} min of mixed load after ${WARMUP_MS / 60_000} min of warm-up, ${SUBSCRIBERS} websocket subscribers churning, ${CONCURRENCY} HTTP workers, ${values.postgres ? 'PostgreSQL' : 'SQLite'}`);
    console.log(`server RSS at start: ${rssMb(pid).toFixed(0)} MB`);
    const load = [...Array.from({ length: CONCURRENCY }, worker), churn()];
    const t0 = Date.now();
    await sleep(WARMUP_MS);
    const warm = rssMb(pid);
    await heapSnapshot(server, 'after warm-up');
    console.log('| minute | server RSS MB | queries | mutations | ws connects | live events received | errors |');
    console.log('|---|---|---|---|---|---|---|');
    const row = (label: string, rss: number) => console.log(`| ${label} | ${rss.toFixed(0)} | ${counts.queries} | ${counts.mutations} | ${counts.connects} | ${counts.events} | ${counts.errors} |`);
    row(((Date.now() - t0) / 60_000).toFixed(1), warm);
    const series = [warm];
    const end = Date.now() + MINUTES * 60_000;
    while (Date.now() < end) {
      await sleep(Math.min(EVERY_MS, end - Date.now()));
      const rss = rssMb(pid);
      series.push(rss);
      row(((Date.now() - t0) / 60_000).toFixed(1), rss);
    }
    const underLoad = series.at(-1)!;
    stopping = true;
    await Promise.all(load);
    await Promise.all([...live].map((entry) => entry.client.dispose()));
    live.clear();
    // Idle for a while: what is kept past the load shows now.
    await sleep(Math.min(60_000, EVERY_MS * 2));
    const idle = rssMb(pid);
    row('idle', idle);
    await heapSnapshot(server, 'at the end');
    console.log(`RSS series (MB, every ${EVERY_MS / 1000} s after warm-up): ${series.map((v) => v.toFixed(0)).join(' ')}`);
    console.log(`end/warm-up: under load ${(underLoad / warm).toFixed(2)}, idle after the load ${(idle / warm).toFixed(2)} (warm-up ${warm.toFixed(0)} MB, peak ${Math.max(...series).toFixed(0)} MB)`);
  } finally {
    stopping = true;
    await Promise.all([...live].map((entry) => entry.client.dispose()));
    server?.kill('SIGTERM');
    await sleep(1000);
    await remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
