/**
 * `npm run token` (src/auth/token-cli.ts, compiled as npm runs it), run as a real child process
 * against a real, migrated test database: the tokens it prints verify with
 * the configured secret, issuer and audience, and name the right subject.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { createTokenVerifier } from '../../src/auth/tokens.js';
import { compiled, repositoryRoot as repoRoot } from '../support/compiled.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const AUTH = { jwtSecret: 'cli-test-secret-cli-test-secret-0123456789', issuer: 'kam-cli-test', audience: 'kam-cli-audience' };
const verify = createTokenVerifier(AUTH);

let testDb: TestDatabase;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function tokenCli(...args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: testDb.url,
    AUTH_JWT_SECRET: AUTH.jwtSecret,
    AUTH_ISSUER: AUTH.issuer,
    AUTH_AUDIENCE: AUTH.audience,
  };
  delete env.AUTH_JWKS_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, [compiled('src/auth/token-cli.ts'), ...args], { cwd: repoRoot, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** The single line the CLI prints, verified: its subject, scopes and lifetime. */
async function printedToken(result: CliResult) {
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const token = lines[0]!;
  const verified = await verify(token, new Date());
  const claims = decodeJwt(token);
  return { ...verified, lifetimeSeconds: claims.exp! - claims.iat! };
}

const staffRow = (id: string, level: 'TOP' | 'MIDDLE' | 'FRONTLINE', extra: { isAdministrator?: boolean; department?: string } = {}) => ({
  id,
  name: `Staff ${id}`,
  searchName: `staff ${id}`,
  email: `${id}@cli.example`,
  level,
  department: extra.department ?? 'Sales',
  hireDate: new Date('2015-01-01T00:00:00.000Z'),
  isAdministrator: extra.isAdministrator ?? false,
});

/** Every CLI run of this file, started together in beforeAll: they only read the database. */
const results: Record<string, CliResult> = {};

beforeAll(async () => {
  testDb = await createTestDatabase();
  const prisma = testDb.db.prisma;
  // Ids sort in this order: --level must skip the top manager who is on no team, and the administrator,
  // and prefers a member of a key account's team (f-frontline-key) to one of general accounts only.
  await prisma.staff.createMany({
    data: [
      staffRow('a-admin', 'TOP', { isAdministrator: true, department: 'Management' }),
      staffRow('b-top-without-team', 'TOP', { department: 'Management' }),
      staffRow('c-top-on-team', 'TOP', { department: 'Management' }),
      staffRow('d-middle', 'MIDDLE'),
      staffRow('e-frontline', 'FRONTLINE', { department: 'Service' }),
      staffRow('f-frontline-key', 'FRONTLINE', { department: 'Service' }),
    ],
  });
  const key = await prisma.account.create({ data: { name: 'CLI Key Pumps', searchName: 'cli key pumps', industry: 'INDUSTRIAL', tier: 'KEY' } });
  await prisma.accountTeamMember.create({ data: { accountId: key.id, staffId: 'f-frontline-key', responsibility: 'SERVICE' } });
  const account = await prisma.account.create({ data: { name: 'CLI Castings', searchName: 'cli castings', industry: 'INDUSTRIAL' } });
  await prisma.accountTeamMember.createMany({
    data: [
      { accountId: account.id, staffId: 'c-top-on-team', responsibility: 'RELATIONSHIP' },
      { accountId: account.id, staffId: 'd-middle', responsibility: 'SALES' },
      { accountId: account.id, staffId: 'e-frontline', responsibility: 'SERVICE' },
    ],
  });

  // Each run starts Prisma (a second of CPU): few runs, a few at a time.
  const runs: [string, string[]][] = [
    ['service', ['--service', 'erp', '--scope', 'accounts:read']],
    ['levelTop', ['--level', 'TOP']],
    ['staffEmail', ['--staff', 'd-middle@cli.example', '--ttl', '15m']],
    ['demo', ['--demo']],
    ['badLevel', ['--level', 'CEO']],
    ['unknownStaff', ['--staff', 'nobody@cli.example']],
  ];
  const queue = [...runs];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) results[next[0]] = await tokenCli(...next[1]);
  };
  await Promise.all([worker(), worker(), worker()]);
}, 240_000);
afterAll(async () => {
  await testDb?.drop();
});

describe('token CLI', () => {
  it('--service erp --scope "accounts:read" prints a service token that verifies with the configured secret, issuer and audience', async () => {
    const token = await printedToken(results.service!);
    expect(token).toMatchObject({ subject: 'service:erp', scopes: ['accounts:read'], lifetimeSeconds: 8 * 3600 });
  });

  it('--level TOP names the first top manager on an account team (not the administrator, not one without a team)', async () => {
    expect(await printedToken(results.levelTop!)).toMatchObject({ subject: 'c-top-on-team', scopes: [] });
  });

  it('--staff <email> names that staff member, for the --ttl asked', async () => {
    expect(await printedToken(results.staffEmail!)).toMatchObject({ subject: 'd-middle', scopes: [], lifetimeSeconds: 15 * 60 });
  });

  it('--demo prints one token per level and the administrator, each naming that staff member (on a key-account team when there is one)', async () => {
    const result = results.demo!;
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('demo tokens (valid 30 days; send as "Authorization: Bearer <token>"):');
    const printed: Record<string, string> = {};
    for (let i = 1; i < lines.length; i += 2) {
      const role = /^\s+(\S+)\s/.exec(lines[i]!)?.[1];
      expect(role, lines[i]).toBeDefined();
      printed[role!] = (await verify(lines[i + 1]!.trim(), new Date())).subject;
    }
    expect(printed).toEqual({ ADMINISTRATOR: 'a-admin', TOP: 'c-top-on-team', MIDDLE: 'd-middle', FRONTLINE: 'f-frontline-key' });
  });

  it('refuses a bad --level with a clear message and a non-zero exit, printing no token', () => {
    const result = results.badLevel!;
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe('--level must be TOP, MIDDLE or FRONTLINE');
    expect(result.stdout).toBe('');
  });

  it('refuses an unknown staff member with a non-zero exit, printing no token', () => {
    const result = results.unknownStaff!;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/no such staff member/);
    expect(result.stdout).toBe('');
  });
});
