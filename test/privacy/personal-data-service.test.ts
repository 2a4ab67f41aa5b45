/**
 * The personal-data service on its own (no GraphQL): plugins' hooks in the
 * export and inside the erasure's transaction, the scrubbing of audit entries
 * (including those of a plugin's rows removed long ago, found with
 * `auditedRecordsOf`), and the loader's checks of the `personalData` hook.
 * The key-person dossier's own hooks are tested with the relationship plugin
 * (plugins/relationship/dossier).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreServices, type CoreServices } from '../../src/core-services.js';
import { createTransactionRunner } from '../../src/events/unit-of-work.js';
import { definePlugin } from '../../src/plugins/contract.js';
import { loadPlugins, PluginLoadError, type LoadedPlugin } from '../../src/plugins/plugin-loader.js';
import { auditedRecordsOf, scrubAuditChanges } from '../../src/people/personal-data-service.js';
import { personalDataHooksOf } from '../../src/plugins/plugin-runtime.js';
import type { ServiceDeps } from '../../src/service-deps.js';
import { pluginWorkspace } from '../plugins/plugin-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const NOW = new Date('2025-07-01T00:00:00.000Z');
const actor = { kind: 'STAFF' as const, id: 'stf_dpo' };

/** A plugin keeping visit notes about people (in memory here: the hooks are what is under test). */
const visitNotes = new Map<string, string[]>();
const namesSeenByErase: string[] = [];
const visitNotesPlugin = definePlugin({
  name: 'visit-notes',
  version: '1.0.0',
  core: '^1.0.0',
  personalData: {
    async export(personId) {
      return { notes: visitNotes.get(personId) ?? [] };
    },
    async erase(personId, { tx }) {
      // Runs inside the erasure's transaction: it sees the erasure's own writes.
      namesSeenByErase.push((await tx.person.findUniqueOrThrow({ where: { id: personId } })).name);
      visitNotes.delete(personId);
      // The audited rows that held the notes: core scrubs their history.
      return { auditRecords: [{ entityType: 'VisitNote', entityId: `vn_${personId}` }] };
    },
    // Notes about the person now, and those whose rows are long gone (only their audit entries name the person).
    async auditRecords(personId, { tx }) {
      return [{ entityType: 'VisitNote', entityId: `vn_${personId}` }, ...(await auditedRecordsOf(tx, 'VisitNote', personId))];
    },
  },
});
const brokenPlugin = definePlugin<{ failFor: string }>({
  name: 'broken-notes',
  version: '1.0.0',
  core: '^1.0.0',
  personalData: {
    export: async () => ({}),
    async erase(personId, { options }) {
      if (personId === options.failFor) throw new Error('disk full');
    },
  },
});
/** As the loader hands plugins over (options validated, typed unknown). */
const loaded = (plugin: object, options: unknown = {}, enabled = true): LoadedPlugin => ({ plugin: plugin as LoadedPlugin['plugin'], options, enabled, root: '' });

let testDb: TestDatabase;
let services: CoreServices;
let brokenServices: CoreServices;
let deps: ServiceDeps;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const prisma = testDb.db.prisma;
  deps = {
    prisma,
    transaction: createTransactionRunner({ prisma, now: () => NOW }),
    now: () => NOW,
    rules: { keyAccountMinTenureMonths: 12 },
    personalDataHooks: personalDataHooksOf([loaded(visitNotesPlugin), loaded(brokenPlugin, { failFor: 'nobody' }, false)]),
  };
  services = createCoreServices(deps);
  brokenServices = createCoreServices({ ...deps, personalDataHooks: personalDataHooksOf([loaded(visitNotesPlugin), loaded(brokenPlugin, { failFor: 'p_broken' })]) });
  await prisma.account.create({ data: { id: 'acc_1', name: 'Hooks Co', searchName: 'hooks co', industry: 'INDUSTRIAL' } });
});
afterAll(async () => {
  await testDb?.drop();
});

async function personWithData(id: string) {
  const prisma = testDb.db.prisma;
  await prisma.person.create({ data: { id, accountId: 'acc_1', name: `Name of ${id}`, searchName: `name of ${id}`, email: `${id}@example.cn` } });
  visitNotes.set(id, [`Note about ${id}`]);
}

describe('plugins in export and erasure', () => {
  it("includes each installed plugin's export, enabled or not, and lets it erase inside the transaction", async () => {
    await personWithData('p_hooks');
    visitNotes.set('p_hooks', ['Visited the plant on 2025-06-12; prefers green tea']);

    const doc = await services.personalData.exportPersonalData('p_hooks', { actor, operation: 'test' });
    // broken-notes is disabled but installed: its rows are still personal data.
    expect(doc.plugins).toEqual({ 'visit-notes': { notes: ['Visited the plant on 2025-06-12; prefers green tea'] }, 'broken-notes': {} });

    const result = await services.personalData.erasePersonalData('p_hooks');
    expect(result.alreadyErased).toBe(false);
    expect(namesSeenByErase).toEqual(['Erased person']);
    expect(visitNotes.has('p_hooks')).toBe(false);
    expect((await services.personalData.exportPersonalData('p_hooks', { actor, operation: 'test' })).plugins).toEqual({ 'visit-notes': { notes: [] }, 'broken-notes': {} });
  });

  it('rolls the whole erasure back when a plugin fails, naming the plugin', async () => {
    await personWithData('p_broken');
    const prisma = testDb.db.prisma;
    await expect(brokenServices.personalData.erasePersonalData('p_broken')).rejects.toThrow('plugin broken-notes: personal data erase failed: disk full');
    expect(await prisma.person.findUniqueOrThrow({ where: { id: 'p_broken' } })).toMatchObject({ name: 'Name of p_broken', email: 'p_broken@example.cn', erasedAt: null });
    expect(await prisma.outboxEvent.count({ where: { name: 'core.person.erased', payload: { contains: 'p_broken' } } })).toBe(0);
  });

  it("reaches a disabled plugin's data: switching a plugin off does not hide what it holds", async () => {
    const onlyDisabled = createCoreServices({ ...deps, personalDataHooks: personalDataHooksOf([loaded(visitNotesPlugin, {}, false)]) });
    await personWithData('p_disabled');
    visitNotes.set('p_disabled', ['Met at the trade fair']);
    expect((await onlyDisabled.personalData.exportPersonalData('p_disabled', { actor, operation: 'test' })).plugins).toEqual({ 'visit-notes': { notes: ['Met at the trade fair'] } });
    await onlyDisabled.personalData.erasePersonalData('p_disabled');
    expect(visitNotes.has('p_disabled')).toBe(false);
  });
});

describe('the audit trail of an erased person', () => {
  it("keeps every entry about the person's rows, with the field names and without the values", async () => {
    const prisma = testDb.db.prisma;
    await personWithData('p_audit');
    // Entries as the audit trail writes them, including one for a plugin's row removed long ago
    // (the row is gone: only the entry names its person).
    const entry = (entityType: string, entityId: string, changes: object, accountId: string | null = 'acc_1') => ({
      at: NOW, actorKind: 'STAFF', actorId: 'stf_1', operation: 'updatePerson', entityType, entityId, action: 'UPDATE', changes: JSON.stringify(changes), accountId,
    });
    await prisma.auditEntry.createMany({
      data: [
        entry('Person', 'p_audit', { name: { before: 'Old Name', after: 'Name of p_audit' }, email: { before: null, after: 'p_audit@example.cn' } }),
        entry('VisitNote', 'vn_long_gone', { personId: { before: 'p_audit', after: null }, text: { before: 'Mother in hospital', after: null } }, null),
        entry('VisitNote', 'vn_other_gone', { personId: { before: 'p_other', after: null }, text: { before: 'Bought a boat', after: null } }, null),
        entry('Person', 'p_other', { name: { before: 'Someone Else', after: 'Someone Else Jr' } }),
        entry('VisitNote', 'vn_p_audit', { text: { before: null, after: 'Talked about his divorce' } }),
        entry('VisitNote', 'vn_p_other', { text: { before: null, after: 'Prefers oolong' } }),
      ],
    });

    // The export lists the history of the person's rows, a plugin's included, and nobody else's.
    const doc = await services.personalData.exportPersonalData('p_audit', { actor, operation: 'test' });
    expect(doc.auditTrail.map((e) => `${e.entityType} ${e.entityId}`).sort()).toEqual(['Person p_audit', 'VisitNote vn_long_gone', 'VisitNote vn_p_audit']);

    await services.personalData.erasePersonalData('p_audit');

    const rows = await prisma.auditEntry.findMany({
      where: { entityId: { in: ['p_audit', 'vn_long_gone', 'vn_other_gone', 'p_other', 'vn_p_audit', 'vn_p_other'] } },
      orderBy: { id: 'asc' },
    });
    const byEntity = (type: string, id: string) => rows.filter((r) => r.entityType === type && r.entityId === id).map((r) => JSON.parse(r.changes));
    expect(byEntity('Person', 'p_audit')).toContainEqual({ name: { before: null, after: null }, email: { before: null, after: null } });
    // The rows a plugin reported or named are scrubbed too, one removed long ago included.
    expect(byEntity('VisitNote', 'vn_p_audit')).toEqual([{ text: { before: null, after: null } }]);
    expect(byEntity('VisitNote', 'vn_long_gone')).toEqual([{ personId: { before: null, after: null }, text: { before: null, after: null } }]);
    // Someone else's history is untouched.
    expect(byEntity('Person', 'p_other')).toEqual([{ name: { before: 'Someone Else', after: 'Someone Else Jr' } }]);
    expect(byEntity('VisitNote', 'vn_p_other')).toEqual([{ text: { before: null, after: 'Prefers oolong' } }]);
    expect(byEntity('VisitNote', 'vn_other_gone')).toEqual([{ personId: { before: 'p_other', after: null }, text: { before: 'Bought a boat', after: null } }]);
    // And no entry about the person still holds a value.
    for (const row of rows.filter((r) => !/p_other|other_gone/.test(r.entityId))) {
      for (const change of Object.values(JSON.parse(row.changes) as Record<string, Record<string, unknown>>)) {
        expect(Object.values(change).every((v) => v === null), `${row.entityType} ${row.entityId} ${row.changes}`).toBe(true);
      }
    }
  });

  it('scrubs any shape of changes to names without values', () => {
    expect(scrubAuditChanges('{"a":{"before":1,"after":2},"b":"x","c":[1]}')).toBe('{"a":{"before":null,"after":null},"b":null,"c":null}');
    expect(scrubAuditChanges('not json')).toBe('{}');
    expect(scrubAuditChanges('["a"]')).toBe('{}');
  });
});

describe('erasure racing with writes of personal data', () => {
  // The same race for the dossier's writes (which lock the person the same way): plugins/relationship/dossier.
  it('never leaves personal data behind, whichever commits first', async () => {
    const prisma = testDb.db.prisma;
    for (let i = 0; i < 8; i++) {
      const id = `p_race_${i}`;
      await prisma.person.create({ data: { id, accountId: 'acc_1', name: `Racer ${i}`, searchName: `racer ${i}` } });
      const writes = [
        services.people.update(id, { name: `Racer renamed ${i}`, email: `racer${i}@example.cn` }),
        services.people.update(id, { phone: `+86 139 0000 000${i}` }),
      ];
      const [erased, ...outcomes] = await Promise.allSettled([services.personalData.erasePersonalData(id), ...writes]);
      expect(erased.status).toBe('fulfilled');
      // A write either happened before the erasure (and was erased) or was refused after it.
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PERSON_ERASED' });
      }
      const person = await prisma.person.findUniqueOrThrow({ where: { id } });
      expect(person).toMatchObject({ name: 'Erased person', email: null, phone: null });
      expect(person.erasedAt).not.toBeNull();
    }
  });
});

describe('input checks', () => {
  it('answers typed errors for missing or blank ids', async () => {
    await expect(services.personalData.erasePersonalData('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND', entity: 'Person' });
    await expect(services.personalData.exportPersonalData(' ', { actor, operation: null })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(services.personalData.erasePersonalData('x'.repeat(201))).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('the loader and personalData', () => {
  const ws = pluginWorkspace();
  afterAll(() => ws.remove());
  const base = (name: string, more: string) => `name: '${name}', version: '1.0.0', core: '^1.0.0', ${more}`;

  it('accepts export and erase, and refuses an incomplete hook', async () => {
    const ok = ws.plugin('pd-ok', base('pd-ok', `personalData: { export: async () => ({}), erase: async () => {} }`));
    const [plugin] = await loadPlugins(ws.config([{ from: ok }]), '1.0.0');
    expect(personalDataHooksOf([plugin!]).map((h) => h.plugin)).toEqual(['pd-ok']);

    const half = ws.plugin('pd-half', base('pd-half', `personalData: { export: async () => ({}) }`));
    const error = await loadPlugins(ws.config([{ from: half }]), '1.0.0').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginLoadError);
    expect((error as Error).message).toBe('plugin pd-half: personalData has no erase function (both export and erase are required)');

    const wrong = ws.plugin('pd-wrong', base('pd-wrong', `personalData: true`));
    await expect(loadPlugins(ws.config([{ from: wrong }]), '1.0.0')).rejects.toThrow('plugin pd-wrong: personalData must be an object with export and erase functions');

    const records = ws.plugin('pd-records', base('pd-records', `personalData: { export: async () => ({}), erase: async () => {}, auditRecords: [] }`));
    await expect(loadPlugins(ws.config([{ from: records }]), '1.0.0')).rejects.toThrow('plugin pd-records: personalData.auditRecords must be a function');

    const withheld = ws.plugin('pd-withheld', base('pd-withheld', `withheldAuditValues: 'CareMoment'`));
    await expect(loadPlugins(ws.config([{ from: withheld }]), '1.0.0')).rejects.toThrow('plugin pd-withheld: withheldAuditValues must be a list of model names');
  });
});
