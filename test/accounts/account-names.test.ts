/**
 * One customer, one account: the account service refuses a name an active
 * account already has (ignoring case, spacing and punctuation) with a
 * ConflictError, unless the caller sets allowDuplicateName; renames follow
 * the same rule, and two concurrent creates of one name never both succeed
 * (on SQLite and, with TEST_DATABASE=postgresql, on PostgreSQL). Then the
 * same over GraphQL, as a client sees it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountNameKey, findActiveNamesake } from '../../src/accounts/account-name.js';
import { createAccountService, type AccountService } from '../../src/accounts/account-service.js';
import { ConflictError } from '../../src/errors/domain-errors.js';
import { createTransactionRunner } from '../../src/events/unit-of-work.js';
import { createTestDatabase, testProvider, type TestDatabase } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { USER_ERROR_FIELDS } from '../support/fixtures.js';

const NOW = new Date('2025-07-01T00:00:00.000Z');

describe('accountNameKey', () => {
  it('ignores case and reads every run of spaces and punctuation as one space', () => {
    const key = accountNameKey('Ningbo Mould Co');
    expect(key).toBe('ningbo mould co');
    for (const variant of ['ningbo mould co', 'NINGBO MOULD CO', '  Ningbo   Mould  Co.', 'Ningbo-Mould, Co', 'Ningbo\tMould (Co)', 'Ningbo Mould Co。']) {
      expect(accountNameKey(variant), variant).toBe(key);
    }
  });

  it('keeps letters and digits apart from separators: other words are other names', () => {
    expect(accountNameKey('NingboMould Co')).not.toBe(accountNameKey('Ningbo Mould Co'));
    expect(accountNameKey('Ningbo Mould Co 2')).not.toBe(accountNameKey('Ningbo Mould Co'));
    expect(accountNameKey('宁波模具有限公司')).toBe('宁波模具有限公司');
    // A name of punctuation only still has a key of its own.
    expect(accountNameKey('...')).toBe('...');
  });
});

describe('the account service (no GraphQL)', () => {
  let testDb: TestDatabase;
  let accounts: AccountService;
  const create = (name: string, extra: Record<string, unknown> = {}) => accounts.create({ name, industry: 'INDUSTRIAL', ...extra });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const prisma = testDb.db.prisma;
    accounts = createAccountService({ prisma, transaction: createTransactionRunner({ prisma, now: () => NOW }), now: () => NOW, rules: { keyAccountMinTenureMonths: 12 } });
  });
  beforeEach(async () => {
    await testDb.db.prisma.account.deleteMany({});
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('refuses a name an active account has, in any case, spacing or punctuation, and writes nothing', async () => {
    await create('Ningbo Mould Co');
    for (const variant of ['Ningbo Mould Co', 'ningbo mould co', 'NINGBO  MOULD  CO.', ' Ningbo-Mould Co ']) {
      const error = await create(variant).catch((e: unknown) => e);
      expect(error, variant).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'CONFLICT', path: ['input', 'name'] });
      expect((error as Error).message).toMatch(/already named .*allowDuplicateName: true/);
    }
    expect(await testDb.db.prisma.account.count()).toBe(1);
    // Other names are free, also ones that contain it.
    await create('Ningbo Mould Co 2');
    await create('Ningbo Mould Company');
    expect(await testDb.db.prisma.account.count()).toBe(3);
  });

  it('does not count archived accounts', async () => {
    const old = await create('Wuxi Steel Pipe');
    await accounts.archive(old.id);
    const renewed = await create('wuxi steel pipe');
    expect(renewed.status).toBe('ACTIVE');
    // Restoring the archived one is left to people: it does not check names.
  });

  it('creates the duplicate when the caller says so with allowDuplicateName', async () => {
    const first = await create('Hangzhou Valves');
    const second = await create('HANGZHOU VALVES', { allowDuplicateName: true });
    expect(second.id).not.toBe(first.id);
    expect(second.name).toBe('HANGZHOU VALVES');
    // And then the name is taken twice, still for nobody else.
    await expect(create('Hangzhou Valves')).rejects.toBeInstanceOf(ConflictError);
  });

  it('applies the rule to renames, but lets an account respell its own name', async () => {
    await create('Suzhou Silk');
    const other = await create('Suzhou Textiles');
    await expect(accounts.update(other.id, { name: 'suzhou silk' })).rejects.toMatchObject({ code: 'CONFLICT', path: ['input', 'name'] });
    expect((await testDb.db.prisma.account.findUniqueOrThrow({ where: { id: other.id } })).name).toBe('Suzhou Textiles');
    expect((await accounts.update(other.id, { name: 'SUZHOU TEXTILES Co.' })).name).toBe('SUZHOU TEXTILES Co.');
    expect((await accounts.update(other.id, { name: 'Suzhou, Textiles Co' })).name).toBe('Suzhou, Textiles Co');
    expect((await accounts.update(other.id, { name: 'Suzhou Silk', allowDuplicateName: true })).name).toBe('Suzhou Silk');
    // Changing other fields never checks the name.
    expect((await accounts.update(other.id, { region: 'Jiangsu' })).region).toBe('Jiangsu');
  });

  it('finds the namesake among candidates whose stored name only contains the longest word', async () => {
    await create('Foshan Ceramics');
    await create('Foshan Ceramics Export');
    const found = await testDb.db.prisma.$transaction((tx) => findActiveNamesake(tx, 'FOSHAN -- ceramics'));
    expect(found?.name).toBe('Foshan Ceramics');
  });

  it(`lets only one of concurrent creates of one name succeed (${testProvider()})`, async () => {
    const spellings = ['Qingdao Port Handling', 'qingdao port handling', 'QINGDAO PORT HANDLING', 'Qingdao Port-Handling', 'Qingdao  Port Handling.', 'qingdao, port handling'];
    for (let round = 0; round < 3; round++) {
      await testDb.db.prisma.account.deleteMany({});
      const results = await Promise.allSettled(spellings.map((name) => create(name)));
      const created = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(created, `round ${round}`).toHaveLength(1);
      expect(refused.every((r) => r.reason instanceof ConflictError), JSON.stringify(refused.map((r) => String(r.reason)))).toBe(true);
      expect(await testDb.db.prisma.account.count({ where: { status: 'ACTIVE' } })).toBe(1);
    }
  });

  it('lets only one of concurrent renames to one name succeed', async () => {
    const ids = await Promise.all(['Ningxia A', 'Ningxia B', 'Ningxia C', 'Ningxia D'].map(async (name) => (await create(name)).id));
    const results = await Promise.allSettled(ids.map((id, i) => accounts.update(id, { name: i % 2 === 0 ? 'Yinchuan Works' : 'yinchuan works' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await testDb.db.prisma.account.count({ where: { searchName: { startsWith: 'yinchuan' } } })).toBe(1);
  });
});

describe('over GraphQL', () => {
  let t: TestApp;
  const CREATE = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id name } ${USER_ERROR_FIELDS} } }`;
  const input = (extra: Record<string, unknown> = {}) => ({ name: 'Ningbo Mould Co', industry: 'INDUSTRIAL', region: 'Zhejiang', tier: 'KEY', ...extra });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a second create of the same name with a ConflictError in the payload, and creates it with allowDuplicateName: true', async () => {
    const first = await t.ok(CREATE, { input: input() });
    expect(first.createAccount).toMatchObject({ account: { name: 'Ningbo Mould Co' }, errors: [] });

    const again = await t.ok(CREATE, { input: input({ name: 'ningbo mould co.' }) });
    expect(again.createAccount.account).toBeNull();
    expect(again.createAccount.errors).toEqual([
      { __typename: 'ConflictError', code: 'CONFLICT', path: ['input', 'name'], message: expect.stringMatching(/already named "ningbo mould co\."/) },
    ]);
    expect(await t.db.prisma.account.count()).toBe(1);

    const onPurpose = await t.ok(CREATE, { input: input({ allowDuplicateName: true }) });
    expect(onPurpose.createAccount).toMatchObject({ account: { name: 'Ningbo Mould Co' }, errors: [] });
    expect(await t.db.prisma.account.count()).toBe(2);
  });

  it('answers a rename to a taken name with a ConflictError', async () => {
    const other = (await t.ok(CREATE, { input: input({ name: 'Ningbo Plastics' }) })).createAccount.account.id;
    const renamed = await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { name: "NINGBO MOULD CO" }) { account { name } ${USER_ERROR_FIELDS} } }`, { id: other });
    expect(renamed.updateAccount).toMatchObject({ account: null, errors: [{ __typename: 'ConflictError', path: ['input', 'name'] }] });
  });
});
