/**
 * Live dashboards at scale: one API process, 1,000 then 5,000 then 10,000
 * graphql-ws subscribers (one websocket each, as top management, middle
 * management and frontline in turn) on `portfolioHealthChanged`, and health
 * changes made one at a time. For each level it prints delivered/expected,
 * the p50 and p99 latency from the change's computation (its computedAt) to
 * its arrival at the subscriber, and the server's RSS. The API runs
 * compiled, as `npm start` runs it (npm run build first).
 *
 *   npx tsx bench/live-subscribers.ts [--postgres] [--levels 1000,5000,10000] [--events 5]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createTokenIssuer } from '../src/auth/tokens.js';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrations.js';
import { createEmptyDatabase } from '../test/support/test-database.js';

const { values } = parseArgs({
  options: { postgres: { type: 'boolean', default: false }, levels: { type: 'string', default: '1000,5000,10000' }, events: { type: 'string', default: '5' } },
});
const LEVELS = values.levels.split(',').map(Number);
const EVENTS = Number(values.events);
const SECRET = 'live-benchmark-secret-0123456789abcdefgh';
const KAM_CONFIG = fileURLToPath(new URL('../test/fixtures/kam.e2e.json', import.meta.url));
const SUBSCRIPTION = 'subscription { portfolioHealthChanged { id current { score computedAt } account { id name } } }';

interface Subscriber {
  client: Client;
  received: { id: string; latencyMs: number }[];
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...(process.env.SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), 'dist/src/server/main.js'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /KAM GraphQL API on (http:\/\/\S+\/graphql)/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main() {
  const { url: databaseUrl, remove } = await createEmptyDatabase(values.postgres ? 'postgresql' : 'sqlite');
  let server: ChildProcess | undefined;
  const subscribers: Subscriber[] = [];
  try {
    await applyMigrations(databaseUrl);
    const db = await openDatabase({ url: databaseUrl });
    const staff = [
      { id: 'st_top', level: 'TOP' as const, department: 'Management' },
      { id: 'st_mid', level: 'MIDDLE' as const, department: 'Sales' },
      { id: 'st_front', level: 'FRONTLINE' as const, department: 'Service' },
    ];
    await db.prisma.staff.createMany({ data: staff.map((s) => ({ ...s, name: s.id, searchName: s.id, email: `${s.id}@bench.example`, hireDate: new Date('2010-01-01') })) });
    await db.prisma.account.create({ data: { id: 'acc_live', name: 'Live Bench Works', searchName: 'live bench works', industry: 'INDUSTRIAL', tier: 'KEY' } });
    await db.prisma.accountTeamMember.createMany({
      data: [
        { accountId: 'acc_live', staffId: 'st_mid', responsibility: 'SALES' },
        { accountId: 'acc_live', staffId: 'st_front', responsibility: 'SERVICE' },
      ],
    });
    const people = ['Chair Wu', 'GM Lin'].map((name, i) => ({ id: `per_${i}`, accountId: 'acc_live', name, searchName: name.toLowerCase(), isKeyPerson: true }));
    await db.prisma.person.createMany({ data: people });
    await db.close();

    const started = await startServer({
      DATABASE_URL: databaseUrl,
      KAM_CONFIG,
      PORT: '0',
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: SECRET,
      DEMO_SEED: 'false',
      RATE_LIMIT_POINTS: '0',
    });
    server = started.child;
    const wsUrl = started.url.replace(/^http/, 'ws');
    const mint = createTokenIssuer({ jwtSecret: SECRET, issuer: 'kam', audience: 'kam-api' });
    const tokens = await Promise.all(staff.map((s) => mint({ subject: s.id, ttlSeconds: 3600, now: new Date() })));
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(started.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[0]}` }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };

    const open = async (count: number) => {
      for (let i = 0; i < count; i += 250) {
        await Promise.all(
          Array.from({ length: Math.min(250, count - i) }, async (_, j) => {
            const token = tokens[(subscribers.length + j) % tokens.length]!;
            const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
            const subscriber: Subscriber = { client, received: [] };
            await new Promise<void>((resolve, reject) => {
              client.on('connected', () => resolve());
              client.on('error', reject);
            });
            client.subscribe(
              { query: SUBSCRIPTION },
              {
                next: (result) => {
                  const event = (result.data as { portfolioHealthChanged: { id: string; current: { computedAt: string } } }).portfolioHealthChanged;
                  subscriber.received.push({ id: event.id, latencyMs: Date.now() - Date.parse(event.current.computedAt) });
                },
                error: (error) => console.error('subscription error', error),
                complete: () => undefined,
              },
            );
            subscribers.push(subscriber);
          }),
        );
      }
    };

    let keyPerson = true;
    /** One health change (the GM stops or starts being a key person), delivered to everybody or not within 60 s. */
    const event = async () => {
      const before = subscribers.map((s) => s.received.length);
      keyPerson = !keyPerson;
      await gql('mutation($id: ID!, $k: Boolean!) { updatePerson(id: $id, input: { isKeyPerson: $k }) { errors { code } } }', {
        id: Buffer.from('Person:per_1').toString('base64url'),
        k: keyPerson,
      });
      for (let i = 0; i < 600 && subscribers.some((s, j) => s.received.length <= before[j]!); i++) await new Promise((r) => setTimeout(r, 100));
      return subscribers.map((s, j) => s.received.slice(before[j]));
    };

    console.log(`live subscribers benchmark: ${EVENTS} health changes per level, ${values.postgres ? 'PostgreSQL' : 'SQLite'}`);
    console.log('| subscribers | delivered / expected | p50 ms | p99 ms | max ms | server RSS MB |');
    console.log('|---|---|---|---|---|---|');
    for (const level of LEVELS) {
      await open(level - subscribers.length);
      await event(); // warm-up: every subscription is registered once this one is delivered
      const latencies: number[] = [];
      let delivered = 0;
      for (let i = 0; i < EVENTS; i++) {
        for (const got of await event()) {
          delivered += got.length;
          latencies.push(...got.map((g) => g.latencyMs));
        }
      }
      latencies.sort((x, y) => x - y);
      const line = [level, `${delivered} / ${level * EVENTS}`, percentile(latencies, 50), percentile(latencies, 99), latencies.at(-1), rssMb(server.pid!).toFixed(0)];
      console.log(`| ${line.join(' | ')} |`);
    }
  } finally {
    await Promise.all(subscribers.map((s) => s.client.dispose()));
    server?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
