/**
 * The role-by-operation matrix: for every row of the access table (every
 * query, mutation and subscription of core and of the configured plugins,
 * and every guarded field, as the code defines them: docs/access-rules.md
 * is printed from the same rows) and for every role, the operation succeeds
 * on an account inside the role's reach and is denied outside it, exactly
 * as the row says. Each module ships the operations for its rows (core in
 * core-probes.ts, a plugin in its access-probes.ts); a row without one fails
 * the coverage test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTableRow } from '../../src/auth/access-table.js';
import type { Reach } from '../../src/auth/access-rules.js';
import { probeAccount, type ProbeAccount } from '../support/access-probes.js';
import { assign, createAccount, createStaff } from '../support/fixtures.js';
import { rawId } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { changeContactCoverage } from './core-probes.js';
import { probeModules, type ProbeModules } from './probe-modules.js';

const suite: ProbeModules = await probeModules();
const table = suite.rows;

type Role = 'ANONYMOUS' | 'FRONTLINE' | 'MIDDLE' | 'TOP' | 'ADMINISTRATOR' | 'SERVICE';
const ROLES: Role[] = ['ANONYMOUS', 'FRONTLINE', 'MIDDLE', 'TOP', 'ADMINISTRATOR', 'SERVICE'];
/** The service account holds every scope the table mentions. */
const SERVICE_SCOPES = [...new Set(table.map((r) => r.serviceScope).filter((s): s is string => s !== null))];

/** What the table says a role reaches with a row. The administrator in this test is a middle manager. */
function expectedReach(row: AccessTableRow, role: Role): Reach {
  switch (role) {
    case 'ANONYMOUS':
      return row.anonymous;
    case 'SERVICE':
      return row.serviceScope && SERVICE_SCOPES.includes(row.serviceScope) ? 'all' : 'none';
    case 'ADMINISTRATOR':
      return row.administrators === 'all' ? 'all' : row.staff.MIDDLE;
    default:
      return row.staff[role];
  }
}

let counter = 0;

/** An account with the same team as `like`, for operations that use their target up. */
async function lookAlike(t: TestApp, like: ProbeAccount): Promise<ProbeAccount> {
  const name = `Look-alike ${++counter}`;
  const id = await createAccount(t, { name });
  for (const member of like.team) await assign(t, { accountId: id, ...member });
  return { ...like, id, name, records: { Account: id } };
}

describe('role-by-operation matrix (the access table)', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string | null>;
  /** Per role, an account inside each reach and one just outside it. */
  const inside = {} as Record<Role, Partial<Record<Reach, ProbeAccount>>>;
  const outside = {} as Record<Role, Partial<Record<Reach, ProbeAccount>>>;

  beforeAll(async () => {
    t = await startTestApp({ plugins: suite.plugins });
    const staff = async (level: string, department: string) => createStaff(t, { level, department, hireDate: '2010-01-01T00:00:00.000Z' });
    const frontline = await staff('FRONTLINE', 'East Sales');
    const middle = await staff('MIDDLE', 'East Sales');
    const top = await staff('TOP', 'Management');
    const administrator = await staff('MIDDLE', 'Office');
    await t.db.prisma.staff.update({ where: { id: rawId(administrator) }, data: { isAdministrator: true } });
    const colleague = await staff('FRONTLINE', 'East Sales');
    const stranger = await staff('FRONTLINE', 'West Service');

    const account = (label: string, team: ProbeAccount['team']) => probeAccount(t, label, team, suite.modules);
    const owns = (staffId: string) => [{ staffId, responsibility: 'RELATIONSHIP' }];
    const serves = (staffId: string) => [{ staffId, responsibility: 'SERVICE' }];
    const elsewhere = await account('Elsewhere', serves(stranger));
    const department = await account('Department', serves(colleague));
    const accounts = {
      FRONTLINE: { owned: await account('Frontline owns', owns(frontline)), served: await account('Frontline serves', serves(frontline)) },
      MIDDLE: { owned: await account('Middle owns', owns(middle)), served: await account('Middle sells', [{ staffId: middle, responsibility: 'SALES' }]) },
      ADMINISTRATOR: {
        owned: await account('Administrator owns', owns(administrator)),
        served: await account('Administrator serves', serves(administrator)),
      },
    };
    await t.app.runtime.dispatcher.drain();
    await t.app.runtime.health.recomputeAll();

    tokens.ANONYMOUS = null;
    tokens.FRONTLINE = await t.tokenFor(rawId(frontline));
    tokens.MIDDLE = await t.tokenFor(rawId(middle));
    tokens.TOP = await t.tokenFor(rawId(top));
    tokens.ADMINISTRATOR = await t.tokenFor(rawId(administrator));
    tokens.SERVICE = await t.serviceToken('partner', SERVICE_SCOPES);

    for (const role of ROLES) {
      const own = accounts[role as keyof typeof accounts];
      // Reach "department": the administrator's department (Office) has no accounts of its own.
      inside[role] = { all: elsewhere, department: own ? (role === 'ADMINISTRATOR' ? own.served : department) : undefined, team: own?.served, relationship: own?.owned };
      outside[role] = { department: elsewhere, team: department, relationship: own?.served, none: own?.served ?? elsewhere };
    }
  }, 120_000);
  afterAll(() => t?.close());

  const callOf = (token: string | null, account: ProbeAccount) => ({
    t,
    token,
    account,
    lookAlike: () => lookAlike(t, account),
    changeHealth: () => changeContactCoverage(t, account.id),
  });

  it('covers every row of the table with an operation, and every plugin with access rules ships probes', () => {
    expect(table.length).toBeGreaterThan(30);
    expect(suite.withoutProbes).toEqual([]);
    expect(table.map((r) => r.coordinate).filter((c) => !suite.operations[c])).toEqual([]);
    expect(Object.keys(suite.operations).filter((c) => !table.some((r) => r.coordinate === c))).toEqual([]);
  });

  for (const row of table) {
    it(`${row.coordinate} for each role as the table says`, async () => {
      const run = suite.operations[row.coordinate];
      if (!run) throw new Error(`no operation for ${row.coordinate}`);
      const observed: string[] = [];
      const expected: string[] = [];
      for (const role of ROLES) {
        const reach = expectedReach(row, role);
        const token = tokens[role];
        if (reach !== 'none') {
          const target = inside[role][reach];
          if (!target) throw new Error(`no account inside reach ${reach} for ${role}`);
          expected.push(`${role} inside ${reach}: allowed`);
          observed.push(`${role} inside ${reach}: ${await run(callOf(token, target))}`);
        }
        if (reach !== 'all') {
          const target = outside[role][reach]!;
          expected.push(`${role} outside ${reach}: denied`);
          observed.push(`${role} outside ${reach}: ${await run(callOf(token, target))}`);
        }
      }
      expect(observed).toEqual(expected);
    }, 120_000);
  }
});
