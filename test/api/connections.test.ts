/**
 * Connections page by signed keyset cursors: every ordering pages through
 * the whole list forwards and backwards, a page starts from the position a
 * cursor carries (whether or not its record still exists or can be seen),
 * and a cursor the server did not issue is one typed error, whatever it names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveCursorSecret } from '../../src/auth/signing-secret.js';
import { createCursorCodec } from '../../src/schema/connections/cursor-codec.js';
import { addPerson, assign, createAccount, createStaff } from '../support/fixtures.js';
import { rawId } from '../support/live-client.js';
import { startTestApp, TEST_AUTH, type TestApp } from '../support/test-app.js';

let t: TestApp;
/** The test app's own cursor signer, to make cursors of positions no record holds. */
const signer = createCursorCodec(deriveCursorSecret(TEST_AUTH.jwtSecret));

interface Named {
  id: string;
  name: string;
  annualSales: number | null;
}
const accounts: Named[] = [];

beforeAll(async () => {
  t = await startTestApp();
  // Equal names and equal sales (ties broken by id), and missing sales (nulls last both ways).
  const rows: [string, number | null][] = [
    ['Anhui Valve', 30e6],
    ['Beijing Gear', null],
    ['Changzhou Motor', 30e6],
    ['Dalian Port Supply', 12e6],
    ['dalian port supply', 90e6],
    ['Enping Audio', null],
    ['Foshan Ceramics', 55e6],
    ['Guangzhou Pack', 12e6],
  ];
  for (const [name, annualSales] of rows) {
    const id = await createAccount(t, { name, annualSales });
    accounts.push({ id, name, annualSales });
    t.setNow(new Date(Date.parse('2025-07-01T00:00:00Z') + accounts.length * 60_000));
  }
});
afterAll(() => t?.close());

const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $order: AccountOrder) {
  accounts(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    totalCount edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

async function walk(order: Record<string, string>, direction: 'forward' | 'backward', size = 3): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const variables: Record<string, unknown> = direction === 'forward' ? { first: size, after: cursor, order } : { last: size, before: cursor, order };
    const { accounts: page }: any = await t.ok(PAGE, variables);
    const ids = page.edges.map((e: any) => e.node.id);
    if (direction === 'forward') seen.push(...ids);
    else seen.unshift(...ids);
    const more = direction === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
    if (!more) return seen;
    cursor = direction === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor;
  }
  throw new Error('paging did not end');
}

function expectedOrder(field: string, direction: string): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  const key = (a: Named) => (field === 'NAME' ? a.name.toLowerCase() : field === 'ANNUAL_SALES' ? a.annualSales : accounts.indexOf(a));
  return [...accounts]
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      if (x === null || y === null) return x === y ? sign * (rawId(a.id) < rawId(b.id) ? -1 : 1) : x === null ? 1 : -1;
      if (x !== y) return sign * (x < y ? -1 : 1);
      return sign * (rawId(a.id) < rawId(b.id) ? -1 : 1);
    })
    .map((a) => a.id);
}

describe('keyset paging with signed cursors', () => {
  for (const field of ['NAME', 'CREATED_AT', 'ANNUAL_SALES']) {
    for (const direction of ['ASC', 'DESC']) {
      it(`pages through every account by ${field} ${direction}, forwards and backwards, each once`, async () => {
        const expected = expectedOrder(field, direction);
        expect(await walk({ field, direction }, 'forward')).toEqual(expected);
        expect(await walk({ field, direction }, 'backward')).toEqual(expected);
        expect(await walk({ field, direction }, 'forward', 1)).toEqual(expected);
      });
    }
  }

  it('starts from the position a cursor carries even when its record was renamed or removed since', async () => {
    const id = await createAccount(t, { name: 'Chengdu Moving Target' });
    const first = await t.ok(PAGE, { first: 10, order: { field: 'NAME', direction: 'ASC' } });
    const edge = first.accounts.edges.find((e: any) => e.node.id === id);
    const following = (await t.ok(PAGE, { first: 3, after: edge.cursor, order: { field: 'NAME', direction: 'ASC' } })).accounts.edges.map(
      (e: any) => e.node.name,
    );
    expect(following).toEqual(['Dalian Port Supply', 'dalian port supply', 'Enping Audio']);

    await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { name: "Zibo Renamed" }) { errors { code } } }`, { id });
    const afterRename = await t.ok(PAGE, { first: 3, after: edge.cursor, order: { field: 'NAME', direction: 'ASC' } });
    expect(afterRename.accounts.edges.map((e: any) => e.node.name)).toEqual(following);
    await t.db.prisma.account.delete({ where: { id: rawId(id) } });
    const afterRemoval = await t.ok(PAGE, { first: 3, after: edge.cursor, order: { field: 'NAME', direction: 'ASC' } });
    expect(afterRemoval.accounts.edges.map((e: any) => e.node.name)).toEqual(following);
  });

  it('refuses a cursor of another connection or another ordering, and one it did not sign, with INVALID_CURSOR', async () => {
    const byName = await t.ok(PAGE, { first: 1, order: { field: 'NAME', direction: 'ASC' } });
    const cursor = byName.accounts.pageInfo.endCursor;
    const attempts = [
      t.gql(PAGE, { first: 1, after: cursor, order: { field: 'NAME', direction: 'DESC' } }),
      t.gql(PAGE, { first: 1, after: cursor, order: { field: 'CREATED_AT', direction: 'ASC' } }),
      t.gql(`query($c: String) { people(first: 1, after: $c) { totalCount } }`, { c: cursor }),
      t.gql(PAGE, { first: 1, after: Buffer.from(`GPC:S:${rawId(accounts[0]!.id)}`).toString('base64') }),
      t.gql(PAGE, { first: 1, after: `${cursor}x` }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.data).toBeNull();
      expect(response.errors).toEqual([
        expect.objectContaining({ message: 'Invalid cursor: pass back a cursor this connection returned, unchanged.', extensions: { code: 'INVALID_CURSOR' } }),
      ]);
    }
  });

  it('refuses contradictory or negative page arguments as bad input', async () => {
    const both = await t.gql(`{ accounts(first: 1, last: 1) { totalCount } }`);
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const negative = await t.gql(`{ accounts(first: -1) { totalCount } }`);
    expect(negative.errors?.[0]).toMatchObject({ message: 'first must be zero or more.', extensions: { code: 'BAD_USER_INPUT' } });
    const capped = await t.ok(`{ accounts(first: 1000) { edges { node { id } } } }`);
    expect(capped.accounts.edges.length).toBeLessThanOrEqual(100);
  });
});

describe('a cursor reveals nothing about records outside the reach of its user', () => {
  const NAME_ORDER = { field: 'NAME', direction: 'ASC' };
  let middleToken: string;
  let hiddenId: string;

  beforeAll(async () => {
    // A middle manager of Sales North; the hidden account is staffed by another department only.
    const middle = await createStaff(t, { level: 'MIDDLE', department: 'Sales North', hireDate: '2010-01-01T00:00:00.000Z' });
    const stranger = await createStaff(t, { level: 'FRONTLINE', department: 'Service West', hireDate: '2010-01-01T00:00:00.000Z' });
    middleToken = await t.tokenFor(rawId(middle));
    for (const account of accounts) await assign(t, { accountId: account.id, staffId: stranger, responsibility: 'SERVICE' });
    hiddenId = await createAccount(t, { name: 'Mianyang Secret Holdings' });
    await assign(t, { accountId: hiddenId, staffId: stranger, responsibility: 'SERVICE' });
    // Unstaffed, so the middle manager sees them (and may staff them): one on each side of the hidden name.
    await createAccount(t, { name: 'Mianyang Alpha Works' });
    await createAccount(t, { name: 'Mianyang Zulu Works' });
  });

  /** What the middle manager sees when paging from a cursor. */
  const pageFrom = async (after: string) => {
    const response = await t.gql(PAGE, { first: 5, after, order: NAME_ORDER }, middleToken);
    return JSON.stringify(response);
  };

  it('a cursor forged from a hidden record answers exactly like one forged from a missing record', async () => {
    const forged = (id: string) => Buffer.from(`GPC:S:${id}`).toString('base64');
    expect(await pageFrom(forged(rawId(hiddenId)))).toBe(await pageFrom(forged('acc_does_not_exist')));
    expect(JSON.parse(await pageFrom(forged(rawId(hiddenId)))).errors[0].extensions.code).toBe('INVALID_CURSOR');
  });

  it("a genuine cursor of a hidden record pages like the same position where no record is", async () => {
    const top = await t.ok(PAGE, { first: 50, order: NAME_ORDER });
    const hiddenCursor = top.accounts.edges.find((e: any) => e.node.id === hiddenId).cursor;
    const samePositionNoRecord = signer.encode('Query.accounts|searchName:asc,id:asc', ['mianyang secret holdings', 'zz_no_such_account']);
    // The middle manager sees only the unstaffed accounts; both cursors put the page at the same place among them.
    const fromHidden = await pageFrom(hiddenCursor);
    expect(fromHidden).toBe(await pageFrom(samePositionNoRecord));
    expect(JSON.parse(fromHidden).data.accounts.edges.map((e: any) => e.node.name)).toEqual(['Mianyang Zulu Works']);
  });

  it('the renaming attack learns nothing: no answer depends on the hidden name', async () => {
    // The attack: create two unstaffed accounts (a middle manager may), rename one step by step,
    // and compare pages started from a cursor that names the hidden account.
    const create = async (name: string) => {
      const data = await t.ok(`mutation($n: String!) { createAccount(input: { name: $n, industry: RETAIL }) { account { id } errors { code } } }`, { n: name }, middleToken);
      return data.createAccount.account.id as string;
    };
    const probe = await create('Aaa Probe');
    await create('Zzz Anchor');
    const forged = Buffer.from(`GPC:S:${rawId(hiddenId)}`).toString('base64');
    const answers = new Set<string>();
    for (const name of ['Maaa', 'Mhzz', 'Mian', 'Mianyang T', 'Miz', 'Mz']) {
      await t.ok(`mutation($id: ID!, $n: String!) { updateAccount(id: $id, input: { name: $n }) { errors { code } } }`, { id: probe, n: name }, middleToken);
      answers.add(await pageFrom(forged));
    }
    expect(answers.size).toBe(1);
    expect(JSON.parse([...answers][0]!).errors[0].extensions.code).toBe('INVALID_CURSOR');
  });

  it('people(after:) is no oracle either, for hidden or sequential ids', async () => {
    const hiddenPerson = await addPerson(t, hiddenId, { name: 'Hidden Contact' });
    const forged = (id: string) => Buffer.from(`GPC:S:${id}`).toString('base64');
    const people = (after: string) => t.gql(`query($a: String) { people(first: 5, after: $a) { edges { node { name } } } }`, { a: after }, middleToken);
    const [hidden, missing] = await Promise.all([people(forged(rawId(hiddenPerson))), people(forged('per_999999'))]);
    expect(hidden).toEqual(missing);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });
});

describe('relation connections', () => {
  it("page each parent's records in one batch, forwards and backwards, with a total per parent", async () => {
    const a = await createAccount(t, { name: 'Wuxi Relations One' });
    const b = await createAccount(t, { name: 'Wuxi Relations Two' });
    const names = ['Bai Li', 'Cao Min', 'Deng Yu', 'Fan Bo', 'Gao Lin'];
    for (const name of names) await addPerson(t, a, { name });
    await addPerson(t, b, { name: 'Zhou Qi' });
    const query = `query($ids: [ID!]!, $first: Int, $after: String, $last: Int, $before: String) { nodes(ids: $ids) { ... on Account {
      people(first: $first, after: $after, last: $last, before: $before) { totalCount edges { node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`;
    const pageOf = (data: any, i: number) => data.nodes[i].people;
    const firstPages = await t.ok(query, { ids: [a, b], first: 2 });
    expect(pageOf(firstPages, 0)).toMatchObject({ totalCount: 5, edges: [{ node: { name: 'Bai Li' } }, { node: { name: 'Cao Min' } }], pageInfo: { hasNextPage: true } });
    expect(pageOf(firstPages, 1)).toMatchObject({ totalCount: 1, edges: [{ node: { name: 'Zhou Qi' } }], pageInfo: { hasNextPage: false } });

    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: any = pageOf(await t.ok(query, { ids: [a], first: 2, after }), 0);
      seen.push(...page.edges.map((e: any) => e.node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(names);
    const lastTwo = pageOf(await t.ok(query, { ids: [a], last: 2 }), 0);
    expect(lastTwo.edges.map((e: any) => e.node.name)).toEqual(['Fan Bo', 'Gao Lin']);
    const beforeThose = pageOf(await t.ok(query, { ids: [a], last: 2, before: lastTwo.pageInfo.startCursor }), 0);
    expect(beforeThose).toMatchObject({ edges: [{ node: { name: 'Cao Min' } }, { node: { name: 'Deng Yu' } }], pageInfo: { hasPreviousPage: true, hasNextPage: true } });
  });
});
