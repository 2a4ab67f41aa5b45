/**
 * Live dashboards at scale: one API process, 1,000 then 5,000 then 10,000
 * graphql-ws subscribers (one websocket each, as top management, middle
 * management and frontline in turn) on `portfolioHealthChanged`, and health
 * changes made one at a time. For each level it prints one table row:
 * delivered/expected, subscription errors, the p50, p99 and max latency
 * from the change's computation (its computedAt, stored in the commit) to
 * its arrival at the subscriber, the server's RSS, and the CPU seconds the
 * server and this benchmark used during the measured changes, with the
 * machine's load average. The API runs compiled, as `npm start` runs it
 * (npm run build first).
 *
 * The subscribers live in `--clients` worker threads (default 2,
 * bench/support/live-subscriber-worker.mjs), each timing arrivals as they
 * come: one thread holding 10,000 sockets would queue their messages behind
 * each other and count its own backlog as the server's latency. The client
 * CPU column shows whether the client keeps up.
 *
 *   npx tsx bench/live-subscribers.ts [--postgres] [--levels 1000,5000,10000] [--events 5] [--clients 2]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createTokenIssuer } from '../src/auth/tokens.js';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrations.js';
import { createEmptyDatabase } from '../test/support/test-database.js';

const { values } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    levels: { type: 'string', default: '1000,5000,10000' },
    events: { type: 'string', default: '5' },
    clients: { type: 'string', default: '2' },
  },
});
const CLIENT_THREADS = Math.max(1, Number(values.clients));
const LEVELS = values.levels.split(',').map(Number);
const EVENTS = Number(values.events);
const SECRET = 'live-benchmark-secret-0123456789abcdefgh';
const KAM_CONFIG = fileURLToPath(new URL('../test/fixtures/kam.e2e.json', import.meta.url));

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
/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 10 ms). */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** A worker thread holding a share of the subscribers (bench/support/live-subscriber-worker.mjs). */
class ClientThread {
  readonly worker = new Worker(new URL('./support/live-subscriber-worker.mjs', import.meta.url));
  #replies: ((message: any) => void)[] = [];
  constructor() {
    this.worker.on('message', (message) => this.#replies.shift()?.(message));
    this.worker.on('error', (error) => console.error('client thread failed', error));
  }
  request(message: object): Promise<any> {
    return new Promise((resolve) => {
      this.#replies.push(resolve);
      this.worker.postMessage(message);
    });
  }
}
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main() {
  const { url: databaseUrl, remove } = await createEmptyDatabase(values.postgres ? 'postgresql' : 'sqlite');
  let server: ChildProcess | undefined;
  let stopThreads = async () => undefined as void;
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

    const threads = Array.from({ length: CLIENT_THREADS }, () => new ClientThread());
    stopThreads = async () => {
      await Promise.all(threads.map((thread) => thread.request({ type: 'close' })));
      await Promise.all(threads.map((thread) => thread.worker.terminate()));
    };
    let opened = 0;
    /** Opens subscribers up to `total`, spread evenly over the client threads (viewers in turn within each). */
    const openUpTo = async (total: number) => {
      const share = (i: number) => Math.floor(total / CLIENT_THREADS) + (i < total % CLIENT_THREADS ? 1 : 0) - (Math.floor(opened / CLIENT_THREADS) + (i < opened % CLIENT_THREADS ? 1 : 0));
      await Promise.all(threads.map((thread, i) => thread.request({ type: 'open', url: wsUrl, tokens, count: share(i) })));
      opened = total;
    };

    let keyPerson = true;
    /** One health change (the GM stops or starts being a key person); what reached each subscriber within 60 s. */
    const event = async () => {
      keyPerson = !keyPerson;
      await gql('mutation($id: ID!, $k: Boolean!) { updatePerson(id: $id, input: { isKeyPerson: $k }) { errors { code } } }', {
        id: Buffer.from('Person:per_1').toString('base64url'),
        k: keyPerson,
      });
      const replies = await Promise.all(threads.map((thread) => thread.request({ type: 'collect', timeoutMs: 60_000 })));
      return {
        latencies: replies.flatMap((r) => r.latencies as number[]),
        missing: replies.reduce((n, r) => n + (r.missing as number), 0),
        errors: replies.reduce((n, r) => n + (r.errors as number), 0),
      };
    };

    const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`live subscribers benchmark: ${EVENTS} health changes per level, ${values.postgres ? 'PostgreSQL' : 'SQLite'}, ${CLIENT_THREADS} client thread(s); load average at start ${load()}`);
    console.log('latency: from the health change\'s computedAt (stored with it, in the commit) to the message\'s arrival in a client thread');
    console.log('CPU: seconds used during the measured changes, by the server process and by this benchmark (all client threads)');
    console.log('');
    console.log('| subscribers | delivered / expected | errors | p50 ms | p99 ms | max ms | server RSS MB | server CPU s | client CPU s | load (1 min) |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const level of LEVELS) {
      await openUpTo(level);
      await event(); // warm-up: every subscription is registered once this one is delivered
      const latencies: number[] = [];
      let errors = 0;
      const cpuBefore = { server: cpuSeconds(server.pid!), client: ownCpuSeconds() };
      for (let i = 0; i < EVENTS; i++) {
        const got = await event();
        latencies.push(...got.latencies);
        errors = got.errors;
      }
      const cpu = { server: cpuSeconds(server.pid!) - cpuBefore.server, client: ownCpuSeconds() - cpuBefore.client };
      latencies.sort((x, y) => x - y);
      const line = [
        level,
        `${latencies.length} / ${level * EVENTS}`,
        errors,
        percentile(latencies, 50),
        percentile(latencies, 99),
        latencies.at(-1),
        rssMb(server.pid!).toFixed(0),
        cpu.server.toFixed(2),
        cpu.client.toFixed(2),
        loadavg()[0]!.toFixed(2),
      ];
      console.log(`| ${line.join(' | ')} |`);
    }
  } finally {
    await stopThreads();
    server?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
