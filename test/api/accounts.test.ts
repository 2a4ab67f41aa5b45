import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createAccount, snapshot, USER_ERROR_FIELDS } from '../support/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const ACCOUNT_FIELDS = 'id name industry employees annualSales totalAssets region tier status enterpriseSize enterpriseSizeUnknownReason';

describe('accounts', () => {
  it('creates an account and reads it back by global id and through node', async () => {
    const id = await createAccount(t, { name: 'Hangzhou Pump Works', region: 'Zhejiang', tier: 'KEY' });
    const data = await t.ok(`query($id: ID!) { account(id: $id) { ${ACCOUNT_FIELDS} } node(id: $id) { id ... on Account { name } } }`, { id });
    expect(data.account).toMatchObject({
      id,
      name: 'Hangzhou Pump Works',
      industry: 'INDUSTRIAL',
      employees: 500,
      tier: 'KEY',
      status: 'ACTIVE',
      enterpriseSize: 'MEDIUM',
      enterpriseSizeUnknownReason: null,
    });
    expect(data.node).toEqual({ id, name: 'Hangzhou Pump Works' });
  });

  it('explains an unknown size instead of guessing', async () => {
    const id = await createAccount(t, { name: 'Unknown Size Co', employees: 2500, annualSales: null, totalAssets: 500e6 });
    const data = await t.ok(`query($id: ID!) { account(id: $id) { enterpriseSize enterpriseSizeUnknownReason } }`, { id });
    expect(data.account).toEqual({ enterpriseSize: null, enterpriseSizeUnknownReason: 'MISSING_ANNUAL_SALES' });
  });

  it('answers a filter that repeats enum values thousands of times (they are deduplicated, not sent as SQL parameters)', async () => {
    const industries = Array.from({ length: 5000 }, (_, i) => (i % 2 ? 'RETAIL' : 'INDUSTRIAL'));
    const data = await t.ok(`query($i: [Industry!], $s: [AccountStatus!]) { accounts(filter: { industries: $i, statuses: $s }) { totalCount } }`, {
      i: industries,
      s: Array.from({ length: 5000 }, () => 'ACTIVE'),
    });
    expect(data.accounts.totalCount).toBeGreaterThanOrEqual(0);
    const people = await t.ok(`query($r: [DecisionRole!]) { people(filter: { decisionRoles: $r }) { totalCount } }`, { r: Array.from({ length: 5000 }, () => 'USER') });
    expect(people.people.totalCount).toBeGreaterThanOrEqual(0);
  });

  it('filters by tier, industry, size, region and text, with totals and cursor pagination', async () => {
    await createAccount(t, { name: 'Nanjing Retail Chain', industry: 'RETAIL', employees: 50, annualSales: 5e6, region: 'Jiangsu' });
    await createAccount(t, { name: 'Suzhou Retail Mart', industry: 'RETAIL', employees: 600, annualSales: 200e6, region: 'Jiangsu' });
    const retail = await t.ok(`{ accounts(filter: { industries: [RETAIL] }) { totalCount edges { node { name enterpriseSize } } } }`);
    expect(retail.accounts.totalCount).toBe(2);
    expect(retail.accounts.edges.map((e: any) => [e.node.name, e.node.enterpriseSize])).toEqual([
      ['Nanjing Retail Chain', 'SMALL'],
      ['Suzhou Retail Mart', 'LARGE'],
    ]);
    const large = await t.ok(`{ accounts(filter: { sizes: [LARGE] }) { edges { node { name } } } }`);
    expect(large.accounts.edges.map((e: any) => e.node.name)).toEqual(['Suzhou Retail Mart']);
    const search = await t.ok(`{ accounts(filter: { search: "RETAIL", region: "Jiangsu" }) { totalCount } }`);
    expect(search.accounts.totalCount).toBe(2);
    const key = await t.ok(`{ accounts(filter: { tier: KEY }) { edges { node { name } } } }`);
    expect(key.accounts.edges.map((e: any) => e.node.name)).toEqual(['Hangzhou Pump Works']);

    const page1 = await t.ok(`{ accounts(first: 2, orderBy: { field: NAME }) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }`);
    expect(page1.accounts.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.ok(`query($after: String) { accounts(first: 2, after: $after, orderBy: { field: NAME }) { edges { node { name } } } }`, {
      after: page1.accounts.pageInfo.endCursor,
    });
    const names = [...page1.accounts.edges, ...page2.accounts.edges].map((e: any) => e.node.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(new Set(names).size).toBe(4);

    const bySales = await t.ok(`{ accounts(orderBy: { field: ANNUAL_SALES, direction: DESC }) { edges { node { name annualSales } } } }`);
    const sales = bySales.accounts.edges.map((e: any) => e.node.annualSales);
    expect(sales[0]).toBe(200e6);
    expect(sales.at(-1)).toBeNull(); // unknown sales sort last
  });

  it('updates, archives and restores; archived accounts are hidden by default', async () => {
    const id = await createAccount(t, { name: 'Wuhan Logistics', industry: 'TRANSPORT' });
    const updated = await t.ok(
      `mutation($id: ID!) { updateAccount(id: $id, input: { region: "Hubei", employees: null }) { account { region employees } ${USER_ERROR_FIELDS} } }`,
      { id },
    );
    expect(updated.updateAccount).toEqual({ account: { region: 'Hubei', employees: null }, errors: [] });

    const archived = await t.ok(`mutation($id: ID!) { archiveAccount(id: $id) { account { status archivedAt } ${USER_ERROR_FIELDS} } }`, { id });
    expect(archived.archiveAccount.account.status).toBe('ARCHIVED');
    expect(archived.archiveAccount.account.archivedAt).not.toBeNull();
    const active = await t.ok(`{ accounts(filter: { search: "wuhan" }) { totalCount } }`);
    expect(active.accounts.totalCount).toBe(0);
    const all = await t.ok(`{ accounts(filter: { search: "wuhan", statuses: [ACTIVE, ARCHIVED] }) { totalCount } }`);
    expect(all.accounts.totalCount).toBe(1);

    const again = await t.ok(`mutation($id: ID!) { archiveAccount(id: $id) { account { id } ${USER_ERROR_FIELDS} } }`, { id });
    expect(again.archiveAccount.errors).toMatchObject([{ __typename: 'ConflictError', code: 'CONFLICT' }]);
    const editArchived = await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { name: "X" }) { account { id } ${USER_ERROR_FIELDS} } }`, { id });
    expect(editArchived.updateAccount.errors).toMatchObject([{ __typename: 'RuleViolationError', rule: 'ACCOUNT_ARCHIVED' }]);

    const restored = await t.ok(`mutation($id: ID!) { restoreAccount(id: $id) { account { status archivedAt } ${USER_ERROR_FIELDS} } }`, { id });
    expect(restored.restoreAccount.account).toEqual({ status: 'ACTIVE', archivedAt: null });
  });
});

describe('bad input is a typed error and changes nothing', () => {
  it('rejects an invalid enum value before execution', async () => {
    const before = await snapshot(t);
    const res = await t.gql(`mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }`, {
      input: { name: 'Bad Enum', industry: 'SPACESHIPS' },
    });
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/SPACESHIPS/);
    expect(await snapshot(t)).toEqual(before);
  });

  it('rejects a negative employee count with a field-level validation error', async () => {
    const before = await snapshot(t);
    const data = await t.ok(`mutation { createAccount(input: { name: "Neg", industry: RETAIL, employees: -5, annualSales: -1 }) { account { id } ${USER_ERROR_FIELDS} } }`);
    expect(data.createAccount.account).toBeNull();
    expect(data.createAccount.errors).toEqual([
      { __typename: 'ValidationError', code: 'VALIDATION', message: 'must not be negative', path: ['input', 'employees'] },
      { __typename: 'ValidationError', code: 'VALIDATION', message: 'must not be negative', path: ['input', 'annualSales'] },
    ]);
    expect(await snapshot(t)).toEqual(before);
  });

  it('rejects blank names and clearing required fields', async () => {
    const id = await createAccount(t, { name: 'Blank Test' });
    const before = await snapshot(t);
    const created = await t.ok(`mutation { createAccount(input: { name: "   ", industry: RETAIL }) { account { id } ${USER_ERROR_FIELDS} } }`);
    expect(created.createAccount.errors).toMatchObject([{ code: 'VALIDATION', path: ['input', 'name'] }]);
    const cleared = await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { name: null }) { account { id } ${USER_ERROR_FIELDS} } }`, { id });
    expect(cleared.updateAccount.errors).toMatchObject([{ code: 'VALIDATION', path: ['input', 'name'] }]);
    expect(await snapshot(t)).toEqual(before);
  });

  it('answers an unknown id with NotFoundError in mutations and null in queries', async () => {
    const missing = Buffer.from('Account:does-not-exist').toString('base64');
    const before = await snapshot(t);
    const data = await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "X" }) { account { id } ${USER_ERROR_FIELDS} } }`, { id: missing });
    expect(data.updateAccount).toEqual({
      account: null,
      errors: [{ __typename: 'NotFoundError', code: 'NOT_FOUND', entity: 'Account', message: 'Account does-not-exist was not found', path: ['id'] }],
    });
    const query = await t.ok(`query($id: ID!) { account(id: $id) { id } }`, { id: missing });
    expect(query.account).toBeNull();
    expect(await snapshot(t)).toEqual(before);
  });

  it('rejects malformed and mistyped global ids', async () => {
    const before = await snapshot(t);
    const mutation = await t.ok(`mutation { archiveAccount(id: "%%%not-an-id") { account { id } ${USER_ERROR_FIELDS} } }`);
    expect(mutation.archiveAccount.errors).toEqual([
      { __typename: 'ValidationError', code: 'VALIDATION', message: 'is not a valid global ID', path: ['id'] },
    ]);
    const staffId = Buffer.from('Staff:abc').toString('base64');
    const mistyped = await t.ok(`mutation($id: ID!) { archiveAccount(id: $id) { account { id } ${USER_ERROR_FIELDS} } }`, { id: staffId });
    expect(mistyped.archiveAccount.errors[0]).toMatchObject({ code: 'VALIDATION', message: 'must be the ID of a Account, not a Staff' });
    const query = await t.gql(`{ account(id: "%%%") { id } }`);
    expect(query.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const node = await t.gql(`{ node(id: "bm90LWEtZ2xvYmFsLWlk") { id } }`);
    expect(node.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses an over-long search text in the accounts filter, wherever the filter is taken', async () => {
    const search = 'x'.repeat(201);
    for (const query of [
      `query($search: String) { accounts(filter: { search: $search }) { totalCount } }`,
      `query($search: String) { portfolioHealth(filter: { search: $search }) { total } }`,
    ]) {
      const res = await t.gql(query, { search });
      expect(res.errors?.[0]).toMatchObject({ message: 'filter.search must be at most 200 characters', extensions: { code: 'BAD_USER_INPUT' } });
    }
    const fine = await t.ok(`query($search: String) { accounts(filter: { search: $search }) { totalCount } }`, { search: 'x'.repeat(200) });
    expect(fine.accounts.totalCount).toBe(0);
  });

  it('never sends stack traces or internals to clients', async () => {
    const responses = [
      await t.gql(`{ account(id: "%%%") { id } }`),
      await t.gql(`{ accounts(first: -1) { totalCount } }`),
      await t.gql(`{ nope }`),
      await t.gql(`mutation { createAccount(input: { name: 1 }) { account { id } } }`),
    ];
    for (const res of responses) {
      expect(res.errors?.length).toBeGreaterThan(0);
      const text = JSON.stringify(res);
      expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(text).not.toMatch(/stack|originalError|prisma/i);
      for (const e of res.errors ?? []) expect(e.extensions?.code).toEqual(expect.any(String));
    }
  });
});

describe('paging limits', () => {
  it('serves 20 items by default and caps a page at 100', async () => {
    await t.db.prisma.account.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({ id: `bulk${i}`, name: `Bulk ${i}`, searchName: `bulk ${i}`, industry: 'RETAIL' as const })),
    });
    const byDefault = await t.ok(`{ accounts(filter: { search: "bulk" }) { totalCount edges { cursor } pageInfo { hasNextPage } } }`);
    expect(byDefault.accounts).toMatchObject({ totalCount: 120, pageInfo: { hasNextPage: true } });
    expect(byDefault.accounts.edges).toHaveLength(20);
    const capped = await t.ok(`{ accounts(first: 500, filter: { search: "bulk" }) { edges { cursor } pageInfo { hasNextPage } } }`);
    expect(capped.accounts.edges).toHaveLength(100);
    expect(capped.accounts.pageInfo.hasNextPage).toBe(true);
  });
});
