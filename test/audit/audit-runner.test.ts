/**
 * The transaction runner audits every write of its work: core services, and
 * any Prisma write operation made through the transaction client, in the same
 * transaction (a rollback leaves no entry), at a constant statement cost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountInput, alice, auditInserts, createAuditTest, NOW, partner, type AuditTest } from './audit-support.js';

let a: AuditTest;

beforeAll(async () => {
  a = await createAuditTest();
});
afterAll(() => a?.drop());

const staffInput = (email: string, level: 'TOP' | 'MIDDLE' | 'FRONTLINE' = 'TOP') => ({
  name: `Staff ${email}`,
  email,
  level,
  department: 'Sales',
  hireDate: new Date('2015-03-01T00:00:00.000Z'),
});

describe('core services', () => {
  it('records a create with every field set, before null, under the actor and operation, at the runner clock', async () => {
    const from = await a.lastId();
    const account = await a.services(alice, 'createAccount').accounts.create(accountInput('Ningbo Mould Co', { tier: 'KEY' }));
    const [entry, ...rest] = await a.entriesAfter(from);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      at: NOW,
      actorKind: 'STAFF',
      actorId: 'staff_alice',
      operation: 'createAccount',
      entityType: 'Account',
      entityId: account.id,
      action: 'CREATE',
      accountId: account.id,
    });
    expect(entry!.changes).toEqual({
      id: { before: null, after: account.id },
      name: { before: null, after: 'Ningbo Mould Co' },
      searchName: { before: null, after: 'ningbo mould co' },
      industry: { before: null, after: 'INDUSTRIAL' },
      employees: { before: null, after: 420 },
      annualSales: { before: null, after: 65_000_000 },
      totalAssets: { before: null, after: 80_000_000 },
      region: { before: null, after: 'Zhejiang' },
      tier: { before: null, after: 'KEY' },
      status: { before: null, after: 'ACTIVE' },
      createdAt: { before: null, after: account.createdAt.toISOString() },
    });
    // Prisma-maintained timestamps are never listed; unset fields (archivedAt) neither.
    expect(entry!.changes).not.toHaveProperty('updatedAt');
    expect(entry!.changes).not.toHaveProperty('archivedAt');
  });

  it('records an update with only the fields that changed, before and after', async () => {
    const account = await a.services(alice, 'createAccount').accounts.create(accountInput('Hangzhou Valves'));
    const from = await a.lastId();
    a.setNow(new Date('2025-07-02T09:30:00.000Z'));
    try {
      // region is given but unchanged: not listed.
      await a.services(partner, 'updateAccount').accounts.update(account.id, { employees: 510, region: 'Zhejiang', name: 'Hangzhou Valve Works' });
    } finally {
      a.setNow(NOW);
    }
    const entries = await a.entriesAfter(from);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      at: new Date('2025-07-02T09:30:00.000Z'),
      actorKind: 'SERVICE',
      actorId: 'erp-sync',
      operation: 'updateAccount',
      action: 'UPDATE',
      entityId: account.id,
      accountId: account.id,
    });
    expect(entries[0]!.changes).toEqual({
      name: { before: 'Hangzhou Valves', after: 'Hangzhou Valve Works' },
      searchName: { before: 'hangzhou valves', after: 'hangzhou valve works' },
      employees: { before: 420, after: 510 },
    });
  });

  it('records dates as ISO strings and nulls as null (archive and restore)', async () => {
    const account = await a.services(alice, 'createAccount').accounts.create(accountInput('Wenzhou Shoes'));
    const from = await a.lastId();
    await a.services(alice, 'archiveAccount').accounts.archive(account.id);
    await a.services(alice, 'restoreAccount').accounts.restore(account.id);
    const [archived, restored] = await a.entriesAfter(from);
    expect(archived).toMatchObject({ operation: 'archiveAccount', action: 'UPDATE' });
    expect(archived!.changes).toEqual({
      status: { before: 'ACTIVE', after: 'ARCHIVED' },
      archivedAt: { before: null, after: NOW.toISOString() },
    });
    expect(restored!.changes).toEqual({
      status: { before: 'ARCHIVED', after: 'ACTIVE' },
      archivedAt: { before: NOW.toISOString(), after: null },
    });
  });

  it('writes no entry for an update that changes nothing', async () => {
    const account = await a.services(alice, 'createAccount').accounts.create(accountInput('Same Same Ltd'));
    const from = await a.lastId();
    await a.services(alice, 'updateAccount').accounts.update(account.id, { employees: 420, region: 'Zhejiang' });
    expect(await a.entriesAfter(from)).toEqual([]);
  });

  it('records people: a removal lists the reports it detached and the deleted row with its last values', async () => {
    const account = await a.services(alice, 'createAccount').accounts.create(accountInput('Suzhou Silk'));
    const people = a.services(alice, 'addPerson').people;
    const boss = await people.add({ accountId: account.id, name: 'Chen Boss', email: 'chen@silk.example', decisionRole: 'DECISION_MAKER' });
    const report = await people.add({ accountId: account.id, name: 'Li Report', reportsToId: boss.id });
    const from = await a.lastId();
    await a.services(alice, 'removePerson').people.remove(boss.id);
    const entries = await a.entriesAfter(from);
    expect(entries.map((e) => [e.entityType, e.entityId, e.action, e.operation, e.accountId])).toEqual([
      ['Person', report.id, 'UPDATE', 'removePerson', account.id],
      ['Person', boss.id, 'DELETE', 'removePerson', account.id],
    ]);
    expect(entries[0]!.changes).toEqual({ reportsToId: { before: boss.id, after: null } });
    expect(entries[1]!.changes).toMatchObject({
      id: { before: boss.id, after: null },
      accountId: { before: account.id, after: null },
      name: { before: 'Chen Boss', after: null },
      email: { before: 'chen@silk.example', after: null },
      decisionRole: { before: 'DECISION_MAKER', after: null },
      isKeyPerson: { before: false, after: null },
    });
    expect(entries[1]!.changes).not.toHaveProperty('updatedAt');
  });

  it('records staff (no account) and team assignments (their account) on create and delete', async () => {
    const account = await a.services(alice, 'createAccount').accounts.create(accountInput('Xiamen Tea'));
    const from = await a.lastId();
    const staff = await a.services(alice, 'createStaff').staff.create(staffInput('wang@sme.example'));
    const member = await a.services(alice, 'assignTeamMember').teams.assign({ accountId: account.id, staffId: staff.id, responsibility: 'RELATIONSHIP' });
    await a.services(alice, 'unassignTeamMember').teams.unassign(member.id);
    const entries = await a.entriesAfter(from);
    expect(entries.map((e) => [e.entityType, e.action, e.operation, e.accountId])).toEqual([
      ['Staff', 'CREATE', 'createStaff', null],
      ['AccountTeamMember', 'CREATE', 'assignTeamMember', account.id],
      ['AccountTeamMember', 'DELETE', 'unassignTeamMember', account.id],
    ]);
    expect(entries[0]!.changes.hireDate).toEqual({ before: null, after: '2015-03-01T00:00:00.000Z' });
    expect(entries[1]!.changes).toMatchObject({ staffId: { before: null, after: staff.id }, responsibility: { before: null, after: 'RELATIONSHIP' } });
    expect(entries[2]!.entityId).toBe(member.id);
  });

  it('writes nothing when the service refuses the change', async () => {
    const from = await a.lastId();
    await expect(a.services(alice, 'updateAccount').accounts.update('missing', { employees: 1 })).rejects.toThrow(/not found/);
    expect(await a.entriesAfter(from)).toEqual([]);
  });
});

describe('the transaction', () => {
  it('leaves no entry when it rolls back, after writes were made', async () => {
    const from = await a.lastId();
    const accountsBefore = await a.t.db.prisma.account.count();
    const run = a.runtime.transactionFor(alice, 'createAccount');
    await expect(
      run(async (tx) => {
        await tx.account.create({ data: { name: 'Doomed', searchName: 'doomed', industry: 'RETAIL' } });
        await tx.account.updateMany({ data: { region: 'Nowhere' } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await a.entriesAfter(from)).toEqual([]);
    expect(await a.t.db.prisma.account.count()).toBe(accountsBefore);
  });

  it('audits the runtime default runner as the system', async () => {
    const from = await a.lastId();
    await a.runtime.transaction((tx) => tx.staff.create({ data: { ...staffInput('sys@sme.example'), searchName: 'sys' } }));
    const [entry] = await a.entriesAfter(from);
    expect(entry).toMatchObject({ actorKind: 'SYSTEM', actorId: 'system', operation: 'system', entityType: 'Staff' });
  });

  it('keeps concurrent invocations apart: each entry names its own actor and operation', async () => {
    const from = await a.lastId();
    const bob = { kind: 'STAFF' as const, id: 'staff_bob' };
    await Promise.all([
      a.services(alice, 'createAccount').accounts.create(accountInput('Concurrent A')),
      a.services(bob, 'createStaff').staff.create(staffInput('concurrent@sme.example')),
      a.services(partner, 'createAccount').accounts.create(accountInput('Concurrent B')),
    ]);
    const entries = await a.entriesAfter(from);
    expect(entries.map((e) => `${e.actorId}/${e.operation}/${e.entityType}/${String(e.changes.name?.after)}`).sort()).toEqual([
      'erp-sync/createAccount/Account/Concurrent B',
      'staff_alice/createAccount/Account/Concurrent A',
      'staff_bob/createStaff/Staff/Staff concurrent@sme.example',
    ]);
  });

  it('does not audit bookkeeping models written in it (outbox, health), nor emitted events', async () => {
    const account = await a.services(alice, 'createAccount').accounts.create(accountInput('Bookkeeping Co'));
    const from = await a.lastId();
    await a.runtime.transactionFor(alice, 'bookkeeping')(async (tx, emit) => {
      emit('core.account.updated', account.id, { accountId: account.id, changed: [] });
      await tx.outboxEvent.create({ data: { name: 'x', payload: '{}', occurredAt: NOW } });
      await tx.accountHealth.create({
        data: { accountId: account.id, score: 80, level: 'HEALTHY', shortestStaves: '[]', staves: '[]', computedAt: NOW, cause: 'test' },
      });
      await tx.accountHealth.deleteMany({ where: { accountId: account.id } });
    });
    expect(await a.entriesAfter(from)).toEqual([]);
  });
});

describe('every Prisma write operation through the transaction client', () => {
  const run = () => a.runtime.transactionFor(alice, 'generic');
  const row = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id, searchName: id, industry: 'RETAIL' as const, ...extra });

  it('createMany (ids generated by Prisma) records each row and still returns the count', async () => {
    const from = await a.lastId();
    const result = await run()((tx) =>
      tx.account.createMany({ data: [{ name: 'Gen 1', searchName: 'gen 1', industry: 'RETAIL' }, { name: 'Gen 2', searchName: 'gen 2', industry: 'HOTEL_CATERING' }] }),
    );
    expect(result).toEqual({ count: 2 });
    const entries = await a.entriesAfter(from);
    const stored = await a.t.db.prisma.account.findMany({ where: { name: { in: ['Gen 1', 'Gen 2'] } }, orderBy: { name: 'asc' } });
    expect(entries.map((e) => [e.action, e.entityId, e.changes.name?.after])).toEqual([
      ['CREATE', stored[0]!.id, 'Gen 1'],
      ['CREATE', stored[1]!.id, 'Gen 2'],
    ]);
  });

  it('upsert records CREATE the first time and UPDATE the second', async () => {
    const from = await a.lastId();
    const upsert = (region: string) =>
      run()((tx) => tx.account.upsert({ where: { id: 'ups_1' }, create: row('ups_1', { region }), update: { region } }));
    await upsert('North');
    await upsert('South');
    await upsert('South');
    const entries = await a.entriesAfter(from);
    expect(entries.map((e) => [e.action, e.changes.region])).toEqual([
      ['CREATE', { before: null, after: 'North' }],
      ['UPDATE', { before: 'North', after: 'South' }],
    ]);
  });

  it('updateMany and deleteMany record each matched row and return the count; unmatched rows are untouched', async () => {
    await a.t.db.prisma.account.createMany({ data: [row('um_1', { region: 'A' }), row('um_2', { region: 'A' }), row('um_3', { region: 'B' })] });
    const from = await a.lastId();
    const updated = await run()((tx) => tx.account.updateMany({ where: { id: { startsWith: 'um_' }, region: 'A' }, data: { region: 'C' } }));
    expect(updated).toEqual({ count: 2 });
    const deleted = await run()((tx) => tx.account.deleteMany({ where: { id: { in: ['um_2', 'um_3', 'um_404'] } } }));
    expect(deleted).toEqual({ count: 2 });
    const none = await run()((tx) => tx.account.updateMany({ where: { id: 'um_404' }, data: { region: 'D' } }));
    expect(none).toEqual({ count: 0 });
    const entries = await a.entriesAfter(from);
    expect(entries.map((e) => [e.action, e.entityId, e.changes.region])).toEqual([
      ['UPDATE', 'um_1', { before: 'A', after: 'C' }],
      ['UPDATE', 'um_2', { before: 'A', after: 'C' }],
      ['DELETE', 'um_2', { before: 'C', after: null }],
      ['DELETE', 'um_3', { before: 'B', after: null }],
    ]);
    expect((await a.t.db.prisma.account.findUnique({ where: { id: 'um_1' } }))?.region).toBe('C');
  });

  it('returns exactly what the caller selected or omitted, and still records full rows', async () => {
    const from = await a.lastId();
    const created = await run()((tx) => tx.account.create({ data: row('sel_1', { region: 'X' }), select: { name: true } }));
    expect(created).toEqual({ name: 'sel_1' });
    const updated = await run()((tx) => tx.account.update({ where: { id: 'sel_1' }, data: { region: 'Y' }, omit: { id: true, searchName: true } }));
    expect(updated).not.toHaveProperty('id');
    expect(updated).not.toHaveProperty('searchName');
    expect(updated).toMatchObject({ name: 'sel_1', region: 'Y' });
    const many = await run()((tx) =>
      tx.account.createManyAndReturn({ data: [row('sel_2'), row('sel_3')], select: { name: true } }),
    );
    expect(many).toEqual([{ name: 'sel_2' }, { name: 'sel_3' }]);
    const changed = await run()((tx) =>
      tx.account.updateManyAndReturn({ where: { id: { in: ['sel_2', 'sel_3'] } }, data: { employees: 7 }, select: { employees: true } }),
    );
    expect(changed).toEqual([{ employees: 7 }, { employees: 7 }]);
    const removed = await run()((tx) => tx.account.delete({ where: { id: 'sel_3' }, select: { name: true } }));
    expect(removed).toEqual({ name: 'sel_3' });
    const entries = await a.entriesAfter(from);
    expect(entries.map((e) => [e.action, e.entityId])).toEqual([
      ['CREATE', 'sel_1'],
      ['UPDATE', 'sel_1'],
      ['CREATE', 'sel_2'],
      ['CREATE', 'sel_3'],
      ['UPDATE', 'sel_2'],
      ['UPDATE', 'sel_3'],
      ['DELETE', 'sel_3'],
    ]);
    expect(entries[0]!.changes).toMatchObject({ region: { before: null, after: 'X' }, industry: { before: null, after: 'RETAIL' } });
    expect(entries[1]!.changes).toEqual({ region: { before: 'X', after: 'Y' } });
    expect(entries[4]!.changes).toEqual({ employees: { before: null, after: 7 } });
    expect(entries[6]!.changes).toMatchObject({ id: { before: 'sel_3', after: null }, employees: { before: 7, after: null } });
  });
});

describe('statement cost', () => {
  const insertRows = (n: number, prefix: string) =>
    a.runtime.transactionFor(alice, 'bulk')(async (tx) => {
      await tx.account.createMany({ data: Array.from({ length: n }, (_, i) => ({ id: `${prefix}_${i}`, name: `${prefix} ${i}`, searchName: `${prefix} ${i}`, industry: 'RETAIL' as const })) });
      // And one by one: still one audit insert for the whole transaction.
      for (let i = 0; i < n; i++) await tx.staff.create({ data: { ...staffInput(`${prefix}${i}@sme.example`), searchName: `${prefix}${i}` } });
    });

  it('writes the entries of a transaction with exactly one insert, whatever the number of rows', async () => {
    for (const [n, prefix] of [[1, 'one'], [25, 'many']] as const) {
      const from = await a.lastId();
      a.statements.length = 0;
      await insertRows(n, prefix);
      expect(auditInserts(a.statements)).toHaveLength(1);
      expect(await a.entriesAfter(from)).toHaveLength(2 * n);
    }
  });

  it('costs one before-read per updateMany or deleteMany call, not per row', async () => {
    const cost = async (prefix: string) => {
      a.statements.length = 0;
      await a.runtime.transactionFor(alice, 'bulk')(async (tx) => {
        await tx.account.updateMany({ where: { id: { startsWith: `${prefix}_` } }, data: { region: 'Bulk' } });
        await tx.account.deleteMany({ where: { id: { startsWith: `${prefix}_` } } });
      });
      return a.statements.length;
    };
    // "one" has 1 account, "many" 25: the same statements.
    expect(await cost('many')).toBe(await cost('one'));
  });
});
