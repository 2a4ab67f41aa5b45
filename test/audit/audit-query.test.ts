/**
 * The `auditTrail` query over HTTP: newest first, cursor pagination, every
 * filter, the entry's fields, and typed errors for invalid filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/actor.js';
import { createCoreServices } from '../../src/core-services.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { DEFAULT_TEST_NOW, startTestApp, type TestApp } from '../support/test-app.js';
import { accountInput, alice, partner } from './audit-support.js';

let t: TestApp;
const ids: Record<string, string> = {};

const day = (n: number) => new Date(DEFAULT_TEST_NOW.getTime() + n * 24 * 3600 * 1000);

function services(actor: Actor, operation: string) {
  return createCoreServices({
    prisma: t.db.prisma,
    transaction: t.app.runtime.transactionFor(actor, operation),
    now: () => DEFAULT_TEST_NOW,
    rules: { keyAccountMinTenureMonths: 12 },
  });
}

/**
 * Six entries over four days:
 *  day 0  alice   createAccount  Account A (CREATE)
 *  day 1  alice   createAccount  Account B (CREATE)
 *  day 1  partner addPerson      Person P of A (CREATE)
 *  day 2  partner updateAccount  Account A (UPDATE)
 *  day 3  alice   updatePerson   Person P (UPDATE)
 *  day 3  system  createStaff    Staff S (CREATE)
 */
async function seed() {
  t.setNow(day(0));
  ids.A = (await services(alice, 'createAccount').accounts.create(accountInput('Alpha Co'))).id;
  t.setNow(day(1));
  ids.B = (await services(alice, 'createAccount').accounts.create(accountInput('Beta Co'))).id;
  ids.P = (await services(partner, 'addPerson').people.add({ accountId: ids.A, name: 'Pat Person' })).id;
  t.setNow(day(2));
  await services(partner, 'updateAccount').accounts.update(ids.A, { employees: 510, region: 'Jiangsu' });
  t.setNow(day(3));
  await services(alice, 'updatePerson').people.update(ids.P, { title: 'Buyer' });
  ids.S = (
    await t.app.runtime.transaction((tx) =>
      tx.staff.create({
        data: { name: 'Sam', searchName: 'sam', email: 'sam@sme.example', level: 'MIDDLE', department: 'Sales', hireDate: day(-400) },
      }),
    )
  ).id;
  t.setNow(DEFAULT_TEST_NOW);
}

beforeAll(async () => {
  // No background dispatcher: only the entries written here.
  t = await startTestApp({ config: { dispatchEvents: false } });
  await seed();
});
afterAll(() => t?.close());

const TRAIL = `query($filter: AuditFilter, $first: Int, $after: String) {
  auditTrail(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id at actor { kind id } operation entityType entityId action accountId changes { field before after } } }
  }
}`;

async function trail(filter?: Record<string, unknown>, first = 50) {
  const data = await t.ok(TRAIL, { filter, first });
  return data.auditTrail;
}

/** "<operation> <entityType>:<name of the entity>", newest first. */
async function summary(filter?: Record<string, unknown>) {
  const names: Record<string, string> = { [ids.A!]: 'A', [ids.B!]: 'B', [ids.P!]: 'P', [ids.S!]: 'S' };
  return (await trail(filter)).edges.map((e: any) => `${e.node.operation} ${names[e.node.entityId] ?? e.node.entityId}`);
}

describe('auditTrail', () => {
  it('lists entries newest first, with their fields', async () => {
    const result = await trail();
    expect(result.totalCount).toBe(6);
    expect(await summary()).toEqual(['system S', 'updatePerson P', 'updateAccount A', 'addPerson P', 'createAccount B', 'createAccount A']);
    const update = result.edges[2].node;
    expect(update).toEqual({
      id: expect.any(String),
      at: day(2).toISOString(),
      actor: { kind: 'SERVICE', id: 'erp-sync' },
      operation: 'updateAccount',
      entityType: 'Account',
      entityId: ids.A,
      action: 'UPDATE',
      accountId: encodeGlobalId('Account', ids.A!),
      changes: [
        { field: 'employees', before: '420', after: '510' },
        { field: 'region', before: '"Zhejiang"', after: '"Jiangsu"' },
      ],
    });
    expect(Buffer.from(update.id, 'base64url').toString()).toMatch(/^AuditEntry:\d+$/);
    const staff = result.edges[0].node;
    expect(staff).toMatchObject({ actor: { kind: 'SYSTEM', id: 'system' }, accountId: null, action: 'CREATE' });
    expect(staff.changes).toContainEqual({ field: 'hireDate', before: null, after: JSON.stringify(day(-400).toISOString()) });
  });

  it('pages with first/after in the same order, without gaps or repeats', async () => {
    const all = (await trail()).edges.map((e: any) => e.node.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const data: any = await t.ok(TRAIL, { first: 4, after });
      seen.push(...data.auditTrail.edges.map((e: any) => e.node.id));
      if (!data.auditTrail.pageInfo.hasNextPage) break;
      after = data.auditTrail.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('filters by entityType, by entityId (raw or global ID) and by account', async () => {
    expect(await summary({ entityType: 'Person' })).toEqual(['updatePerson P', 'addPerson P']);
    expect(await summary({ entityId: ids.A })).toEqual(['updateAccount A', 'createAccount A']);
    expect(await summary({ entityId: encodeGlobalId('Person', ids.P!) })).toEqual(['updatePerson P', 'addPerson P']);
    expect(await summary({ entityId: encodeGlobalId('Person', ids.A!) })).toEqual([]);
    // The account's own entries and those of what belongs to it.
    expect(await summary({ accountId: encodeGlobalId('Account', ids.A!) })).toEqual(['updatePerson P', 'updateAccount A', 'addPerson P', 'createAccount A']);
  });

  it('filters by actor, operation, action and time (from inclusive, to exclusive), combined', async () => {
    expect(await summary({ actorId: 'erp-sync' })).toEqual(['updateAccount A', 'addPerson P']);
    expect(await summary({ operation: 'createAccount' })).toEqual(['createAccount B', 'createAccount A']);
    expect(await summary({ action: 'UPDATE' })).toEqual(['updatePerson P', 'updateAccount A']);
    expect(await summary({ from: day(1).toISOString(), to: day(3).toISOString() })).toEqual(['updateAccount A', 'addPerson P', 'createAccount B']);
    expect(await summary({ from: day(3).toISOString() })).toEqual(['system S', 'updatePerson P']);
    expect(await summary({ to: day(1).toISOString() })).toEqual(['createAccount A']);
    expect(await summary({ actorId: 'staff_alice', entityType: 'Account', from: day(1).toISOString() })).toEqual(['createAccount B']);
    expect((await trail({ actorId: 'staff_alice' })).totalCount).toBe(3);
  });
});

describe('invalid filters', () => {
  async function problem(filter: Record<string, unknown>) {
    const result = await t.gql(TRAIL, { filter });
    expect(result.data?.auditTrail ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(error)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    return error!;
  }

  it.each([
    [{ accountId: 'not a global id!' }, 'filter.accountId: is not a valid global ID'],
    [{ accountId: 'Account:1' }, 'filter.accountId: is not a valid global ID'],
    [{ accountId: encodeGlobalId('Person', 'p1') }, 'filter.accountId: must be the ID of an Account, not a Person'],
    [{ entityType: 'Invoicee' }, 'filter.entityType: "Invoicee" is not an audited entity type; use one of Account, '],
    [{ entityType: 'AuditEntry' }, 'filter.entityType: "AuditEntry" is not an audited entity type'],
    [{ entityId: encodeGlobalId('AuditEntry', 1) }, 'filter.entityId: is an ID of type AuditEntry, which is not audited'],
    [{ entityId: encodeGlobalId('Person', 'p1'), entityType: 'Account' }, 'filter.entityId: is an ID of type Person, but entityType is Account'],
    [{ entityId: '' }, 'filter.entityId: must not be empty'],
    [{ actorId: '  ' }, 'filter.actorId: must not be empty'],
    [{ operation: 'x'.repeat(201) }, 'filter.operation: must be at most 200 characters'],
    [{ from: '2025-07-02T00:00:00Z', to: '2025-07-01T00:00:00Z' }, 'filter.to: must be after from'],
  ])('%o is refused: %s', async (filter, message) => {
    const error = await problem(filter);
    expect(error.message).toContain(message);
    expect(error.extensions?.issues).toEqual([{ path: expect.arrayContaining(['filter']), message: expect.any(String) }]);
  });

  it('reports every invalid field at once', async () => {
    const error = await problem({ accountId: 'nope', actorId: '' });
    expect(error.extensions?.issues).toEqual([
      { path: ['filter', 'accountId'], message: 'is not a valid global ID' },
      { path: ['filter', 'actorId'], message: 'must not be empty' },
    ]);
  });

  it('refuses a malformed date through the DateTime scalar', async () => {
    const result = await t.gql(TRAIL, { filter: { from: 'yesterday' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('API wiring', () => {
  // Enable once the GraphQL context builds ctx.transaction and ctx.services per
  // request from runtime.transactionFor(actorOf(viewer), <mutation field name>).
  it('records the viewer as the actor and the mutation field as the operation', async () => {
    const data = await t.ok(`mutation { createAccount(input: { name: "Wired Co", industry: RETAIL }) { account { id } errors { message } } }`);
    const result = await trail({ entityId: data.createAccount.account.id });
    expect(result.edges.map((e: any) => [e.node.actor, e.node.operation, e.node.action])).toEqual([
      [{ kind: 'STAFF', id: t.operator.id }, 'createAccount', 'CREATE'],
    ]);
    // A partner integration is named by its service account.
    const erp = await t.serviceToken('erp', ['accounts:write']);
    await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "Hubei" }) { errors { message } } }`, { id: data.createAccount.account.id }, erp);
    const updated = await trail({ entityId: data.createAccount.account.id, action: 'UPDATE' });
    expect(updated.edges.map((e: any) => [e.node.actor, e.node.operation, e.node.changes])).toEqual([
      [{ kind: 'SERVICE', id: 'erp' }, 'updateAccount', [{ field: 'region', before: null, after: '"Hubei"' }]],
    ]);
  });
});
