/**
 * What the GraphQL layer costs on the two reads every dashboard makes: the
 * dashboard page (50 key accounts with their people, team and health) and a
 * single account, as top management and as a frontline member, against a
 * hand-written SQL floor (bench/support/sql-floor-server.ts) over node:http
 * on the same PostgreSQL data, in the same run. Prints requests per second
 * of each and the API's ratio to the floor (1.0 would be free), and the API
 * process's peak memory (resident set, from /proc where there is one).
 * The API runs compiled, as `npm start` runs it (npm run build first).
 *
 *   npx tsx bench/dashboard.ts                 # PostgreSQL at TEST_POSTGRES_URL
 *   options: --requests 400 --concurrency 4
 *            --node-flags="--max-semi-space-size=64"   node/V8 flags of the API process
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createTokenIssuer } from '../src/auth/tokens.js';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrations.js';
import { encodeGlobalId } from '../src/schema/global-id.js';
import { createEmptyDatabase } from '../test/support/test-database.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '4' }, 'node-flags': { type: 'string', default: '' } },
});
const NODE_FLAGS = values['node-flags']!.split(/\s+/).filter(Boolean);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const SECRET = 'dashboard-benchmark-secret-0123456789abcdef';
const AUTH = { jwtSecret: SECRET, issuer: 'kam', audience: 'kam-api' };

const DASHBOARD = `{ accounts(first: 50, filter: { tier: KEY }) { edges { node {
  id name tier region annualSales
  people(first: 10) { edges { node { id name decisionRole isKeyPerson } } }
  teamMembers { responsibility staff { id name level } }
  health { score level shortestStaves { id } } } } } }`;
const SINGLE = `query($id: ID!) { account(id: $id) {
  id name tier region annualSales
  people(first: 10) { edges { node { id name decisionRole isKeyPerson } } }
  teamMembers { responsibility staff { id name level } }
  health { score level shortestStaves { id } } } }`;

async function seed(url: string) {
  const db = await openDatabase({ url });
  const p = db.prisma;
  const staff = [
    { id: 'st_top', name: 'Tang Top', searchName: 'tang top', email: 'top@bench.example', level: 'TOP' as const, department: 'Management', hireDate: new Date('2010-01-01') },
    { id: 'st_mid', name: 'Ma Middle', searchName: 'ma middle', email: 'mid@bench.example', level: 'MIDDLE' as const, department: 'Sales', hireDate: new Date('2010-01-01') },
    { id: 'st_front', name: 'Fu Front', searchName: 'fu front', email: 'front@bench.example', level: 'FRONTLINE' as const, department: 'Service', hireDate: new Date('2010-01-01') },
  ];
  await p.staff.createMany({ data: staff });
  const accounts = Array.from({ length: 60 }, (_, i) => ({
    id: `acc_${String(i).padStart(3, '0')}`,
    name: `Bench Account ${String(i).padStart(3, '0')}`,
    searchName: `bench account ${String(i).padStart(3, '0')}`,
    industry: 'INDUSTRIAL' as const,
    employees: 400 + i,
    annualSales: 50e6 + i * 1e6,
    totalAssets: 60e6,
    region: i % 2 ? 'Zhejiang' : 'Jiangsu',
    tier: i < 50 ? ('KEY' as const) : ('GENERAL' as const),
  }));
  await p.account.createMany({ data: accounts });
  await p.person.createMany({
    data: accounts.flatMap((a) =>
      Array.from({ length: 8 }, (_, j) => ({
        id: `${a.id}_p${j}`,
        accountId: a.id,
        name: `Contact ${j} of ${a.name}`,
        searchName: `contact ${j} of ${a.searchName}`,
        decisionRole: j === 0 ? ('DECISION_MAKER' as const) : ('USER' as const),
        isKeyPerson: j < 2,
      })),
    ),
  });
  await p.accountTeamMember.createMany({
    data: accounts.flatMap((a) => [
      { accountId: a.id, staffId: 'st_top', responsibility: 'RELATIONSHIP' as const },
      { accountId: a.id, staffId: 'st_mid', responsibility: 'SALES' as const },
      { accountId: a.id, staffId: 'st_front', responsibility: 'SERVICE' as const },
    ]),
  });
  const staves = JSON.stringify([{ id: 'PAYMENT', label: 'Payment', plugin: 'bench', score: 80, factors: [] }]);
  await p.accountHealth.createMany({
    data: accounts.map((a, i) => ({ accountId: a.id, score: 40 + (i % 60), level: i % 3 ? 'HEALTHY' : 'AT_RISK', shortestStaves: '["PAYMENT"]', staves, computedAt: new Date(), cause: 'bench' })),
  });
  await db.close();
}

function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (match) resolve({ child, match });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

/** A process's peak resident set size (VmHWM), where /proc tells it. */
function peakMemory(pid: number): string {
  try {
    const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return `${(kib / 1024).toFixed(0)} MiB`;
  } catch {
    return 'unknown';
  }
}

/** Requests per second over REQUESTS requests, CONCURRENCY at a time; checks every answer. */
async function measure(send: () => Promise<Response>, check: (body: any) => void): Promise<number> {
  for (let i = 0; i < 30; i++) check(await (await send()).json());
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) check(await (await send()).json());
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return REQUESTS / seconds;
}

async function main() {
  const { url, remove } = await createEmptyDatabase('postgresql');
  const children: ChildProcess[] = [];
  try {
    await applyMigrations(url);
    await seed(url);
    const api = await startProcess(
      [...NODE_FLAGS, 'dist/src/server/main.js'],
      { DATABASE_URL: url, PORT: '0', NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET, DEMO_SEED: 'false', RATE_LIMIT_POINTS: '0', DISPATCH_EVENTS: 'false' },
      /KAM GraphQL API on (http:\/\/\S+\/graphql)/,
    );
    children.push(api.child);
    const floor = await startProcess(['--import', 'tsx', 'bench/support/sql-floor-server.ts'], { DATABASE_URL: url }, /floor on (\d+)/);
    children.push(floor.child);
    const apiUrl = api.match[1]!;
    const floorUrl = `http://127.0.0.1:${floor.match[1]}`;
    const mint = createTokenIssuer(AUTH);
    const tokens = {
      TOP: await mint({ subject: 'st_top', ttlSeconds: 3600, now: new Date() }),
      FRONTLINE: await mint({ subject: 'st_front', ttlSeconds: 3600, now: new Date() }),
    };
    const graphql = (token: string, query: string, variables?: object) => () =>
      fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const expectAccounts = (body: any) => {
      if (body.errors || body.data.accounts.edges.length !== 50 || body.data.accounts.edges[0].node.people.edges.length !== 8) throw new Error(JSON.stringify(body).slice(0, 300));
    };
    const expectAccount = (body: any) => {
      if (body.errors || !body.data.account || body.data.account.people.edges.length !== 8) throw new Error(JSON.stringify(body).slice(0, 300));
    };

    console.log(`dashboard benchmark: ${REQUESTS} requests, ${CONCURRENCY} at a time, PostgreSQL`);
    console.log('| read | as | API req/s | SQL floor req/s | API / floor |');
    console.log('|---|---|---|---|---|');
    for (const role of ['TOP', 'FRONTLINE'] as const) {
      const scope = role === 'FRONTLINE' ? 'frontline=st_front' : '';
      const rows: [string, () => Promise<Response>, () => Promise<Response>, (b: any) => void][] = [
        ['dashboard (50 key accounts)', graphql(tokens[role], DASHBOARD), () => fetch(`${floorUrl}/dashboard?${scope}`), expectAccounts],
        ['single account', graphql(tokens[role], SINGLE, { id: encodeGlobalId('Account', 'acc_007') }), () => fetch(`${floorUrl}/account?id=acc_007&${scope}`), expectAccount],
      ];
      for (const [name, api, floorRequest, check] of rows) {
        const ours = await measure(api, check);
        const floorRate = await measure(floorRequest, check);
        console.log(`| ${name} | ${role} | ${ours.toFixed(0)} | ${floorRate.toFixed(0)} | ${(ours / floorRate).toFixed(3)}x |`);
      }
    }
    console.log(`API process peak memory: ${peakMemory(api.child.pid!)}${NODE_FLAGS.length > 0 ? ` (node ${NODE_FLAGS.join(' ')})` : ''}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
