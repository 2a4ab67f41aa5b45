/**
 * A partner plugin, end to end, as a partner and a deployment would handle
 * it: the package (test/partner/template) is generated in a folder outside
 * this repository, its migrations are drafted with the host's tooling, it is
 * packed, installed into a deployment folder outside the host and enabled by
 * that folder's configuration file. A copy of the host then migrates SQLite
 * and PostgreSQL, boots, serves the plugin, and passes its whole `npm test`
 * (the plugin's own tests, schema and access checks included) without any
 * tracked file of the host changing.
 *
 * It runs the host's whole suite, so it runs only when asked: TEST_PARTNER=1.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteServiceToken, TEST_AUTH } from '../support/test-app.js';
import { testPostgresServerUrl } from '../support/test-database.js';

const enabled = process.env.TEST_PARTNER === '1';
const repo = fileURLToPath(new URL('../../', import.meta.url));
const template = fileURLToPath(new URL('./template/', import.meta.url));

let work: string;
let host: string;
let deploy: string;
let configPath: string;
let pgDatabase: string;

/** The environment of a command in the host copy: this run's test settings left out, the deployment's configuration in. */
function hostEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|TEST_|NODE_OPTIONS$|KAM_CONFIG$|DATABASE_URL$)/.test(key)));
  return { ...env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0', KAM_CONFIG: configPath, ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = hostEnv()): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${(e.stdout ?? '').slice(-6000)}\n${(e.stderr ?? '').slice(-6000)}`);
  }
}

/** As `run`, without blocking this process while the command runs. */
function runAsync(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = hostEnv()): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code} in ${cwd}:\n${output.slice(-12000)}`))));
  });
}

const git = (...args: string[]) => run('git', args, host, { ...process.env, GIT_AUTHOR_NAME: 'kam', GIT_AUTHOR_EMAIL: 'kam@example.com', GIT_COMMITTER_NAME: 'kam', GIT_COMMITTER_EMAIL: 'kam@example.com' });

/** Boots the host copy on `databaseUrl`, calls it, and stops it. */
async function bootAndCall(databaseUrl: string, calls: (url: string) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: host,
    // The server announces where it listens in its log, which this run's settings keep silent.
    env: hostEnv({ DATABASE_URL: databaseUrl, PORT: '0', NODE_ENV: 'production', DEMO_SEED: 'false', AUTH_JWT_SECRET: TEST_AUTH.jwtSecret, LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/KAM GraphQL API on (http:\/\/\S+\/graphql)/);
        if (match) resolve(match[1]!);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => reject(new Error(`the host exited with ${code}:\n${output}`)));
    });
    await calls(url);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
  }
}

async function gql(url: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await suiteServiceToken}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function servesThePlugin(url: string): Promise<void> {
  const created = await gql(url, `mutation { createAccount(input: { name: "Partner Visit Co", industry: INDUSTRIAL }) { account { id } } }`);
  const accountId = created.createAccount.account.id;
  const logged = await gql(url, `mutation($a: ID!) { logVisit(accountId: $a, note: "Quarterly review") { visit { note } errors { code } } }`, { a: accountId });
  expect(logged.logVisit).toEqual({ visit: { note: 'Quarterly review' }, errors: [] });
  expect((await gql(url, `query($a: ID!) { account(id: $a) { visitCount } }`, { a: accountId })).account.visitCount).toBe(1);
}

describe.skipIf(!enabled)(`a partner plugin packed, installed outside the host and enabled by configuration${enabled ? '' : ' [skipped: runs the whole suite again; TEST_PARTNER=1]'}`, () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'kam-partner-'));
    host = join(work, 'host');
    deploy = join(work, 'deployment');
    const source = join(work, 'kam-plugin-visit-log');
    cpSync(template, source, { recursive: true });

    // The host as a clean clone has it (tracked and new, unignored files), its installed dependencies shared.
    const files = run('git', ['ls-files', '-co', '--exclude-standard', '-z'], repo, process.env).split('\0').filter(Boolean);
    for (const file of files) {
      if (!existsSync(join(repo, file))) continue;
      mkdirSync(dirname(join(host, file)), { recursive: true });
      cpSync(join(repo, file), join(host, file));
    }
    symlinkSync(join(repo, 'node_modules'), join(host, 'node_modules'));
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'host as cloned');

    // The partner drafts its migrations with the host's tooling, against a configuration naming its source folder.
    configPath = join(work, 'authoring.kam.json');
    writeFileSync(configPath, JSON.stringify({ plugins: [{ from: source }] }));
    run('npm', ['run', '-s', 'generate'], host);
    run('npm', ['run', '-s', 'migrate:new', '--', 'visit_log'], host);
    for (const provider of ['sqlite', 'postgresql']) expect(readdirSync(join(source, 'prisma', 'migrations', provider)).some((f) => f.endsWith('_visit_log'))).toBe(true);
    const packed = run('npm', ['pack', '--silent', '--pack-destination', work], source).trim().split('\n').at(-1)!;

    // The deployment: a folder of its own with the package installed and the configuration that enables it.
    mkdirSync(deploy);
    writeFileSync(join(deploy, 'package.json'), JSON.stringify({ name: 'kam-deployment', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--silent', join(work, packed)], deploy, process.env);
    rmSync(source, { recursive: true });
    configPath = join(deploy, 'kam.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({ plugins: [{ from: join(host, 'plugins', 'payment-discipline'), options: { graceDays: 7 } }, { from: 'kam-plugin-visit-log' }] }, null, 2),
    );
    run('npm', ['run', '-s', 'generate'], host);
    run('npm', ['run', '-s', 'schema:print'], host);
    run('npm', ['run', '-s', 'access:print'], host);
  }, 600_000);

  afterAll(async () => {
    if (pgDatabase) {
      const client = new pg.Client({ connectionString: testPostgresServerUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${pgDatabase}" WITH (FORCE)`);
      await client.end();
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('keeps its printed schema and access table next to the deployment configuration', () => {
    expect(existsSync(join(deploy, 'schema.graphql'))).toBe(true);
    expect(existsSync(join(deploy, 'access-rules.md'))).toBe(true);
  });

  it('migrates SQLite, boots and serves the plugin', async () => {
    const url = `file:${join(work, 'kam.db')}`;
    run('npm', ['run', '-s', 'migrate'], host, hostEnv({ DATABASE_URL: url }));
    await bootAndCall(url, servesThePlugin);
  }, 300_000);

  it('migrates PostgreSQL, boots and serves the plugin', async () => {
    pgDatabase = `kam_partner_${process.pid}_${Date.now()}`;
    const client = new pg.Client({ connectionString: testPostgresServerUrl() });
    await client.connect();
    await client.query(`CREATE DATABASE "${pgDatabase}"`);
    await client.end();
    const url = new URL(testPostgresServerUrl());
    url.pathname = `/${pgDatabase}`;
    run('npm', ['run', '-s', 'migrate'], host, hostEnv({ DATABASE_URL: url.toString() }));
    await bootAndCall(url.toString(), servesThePlugin);
  }, 300_000);

  it("passes the host's whole npm test, the plugin's own tests included, and leaves every tracked file of the host as it was", async () => {
    // Not execFileSync: this worker must keep answering the runner while the copy's suite runs.
    const output = await runAsync('npm', ['test', '--silent'], host);
    // eslint-disable-next-line no-control-regex -- the copy's output may carry terminal colours
    const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/✓ \S*kam-plugin-visit-log\/test\/visit-log\.test\.js/);
    expect(plain).toMatch(/Test Files\s+\d+ passed/);
    expect(plain).not.toMatch(/Test Files\s+\d+ failed/);
    expect(git('status', '--porcelain')).toBe('');
  }, 1_800_000);
});
