/**
 * The dossier in the host's audit trail: each mutation writes exactly its
 * own entries, values of the private profile and anniversaries are withheld
 * (which fields changed is kept, never what they held), and the erasure of
 * a person deletes the dossier and blanks every entry about it, those of
 * anniversaries removed long before included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createAccount, rawId, type TestApp } from 'kam-graphql/testing';
import { addAnniversary, removeAnniversary, setProfile, startDossierApp } from './dossier-test-support.js';

let t: TestApp;
let accountId: string;

beforeAll(async () => {
  t = await startDossierApp({ config: { dispatchEvents: false } });
  accountId = await createAccount(t, { name: 'Audited Alloys', tier: 'KEY' });
});
afterAll(() => t?.close());

const TRAIL = `query($filter: AuditFilter) {
  auditTrail(filter: $filter, first: 50) { edges { node { operation entityType entityId action changes { field before after } } } }
}`;
const trail = async (filter: Record<string, unknown>) => (await t.ok(TRAIL, { filter })).auditTrail.edges.map((e: any) => e.node);
const newEntries = async (since: number) => t.db.prisma.auditEntry.findMany({ where: { id: { gt: since } }, orderBy: { id: 'asc' } });
const lastEntryId = async () => (await t.db.prisma.auditEntry.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;

describe('the dossier in the audit trail', () => {
  it('records each mutation as its own entries, without the values', async () => {
    const person = await addPerson(t, accountId, { name: 'Audit Subject', isKeyPerson: true });
    let since = await lastEntryId();
    expect((await setProfile(t, person, { hobbies: 'Qzvaudit hobby', healthNotes: 'Qzvaudit health' })).errors).toEqual([]);
    expect((await newEntries(since)).map((e) => [e.entityType, e.action, e.entityId])).toEqual([['PersonProfile', 'CREATE', rawId(person)]]);

    since = await lastEntryId();
    const added = await addAnniversary(t, { personId: person, kind: 'PERSONAL', label: 'Qzvaudit wedding', date: '1999-05-01' });
    const gone = await addAnniversary(t, { personId: person, kind: 'COMPANY', label: 'Qzvaudit founded', date: '1988-05-01' });
    expect((await removeAnniversary(t, gone.anniversary!.id)).errors).toEqual([]);
    expect((await newEntries(since)).map((e) => [e.entityType, e.action])).toEqual([
      ['PersonAnniversary', 'CREATE'],
      ['PersonAnniversary', 'CREATE'],
      ['PersonAnniversary', 'DELETE'],
    ]);
    const stored = await t.db.prisma.auditEntry.findMany({ where: { entityType: { in: ['PersonProfile', 'PersonAnniversary'] } } });
    expect(JSON.stringify(stored)).not.toMatch(/qzvaudit/i);
    // The person's id stays readable: it ties the entries to the person (and lets the erasure find them).
    expect(stored.every((e) => e.changes.includes(rawId(person)) || e.entityId === rawId(person))).toBe(true);

    // The erasure deletes the dossier, audited, and blanks what the entries about it held.
    since = await lastEntryId();
    const erased = await t.ok(`mutation($id: ID!) { erasePersonalData(personId: $id) { errors { code } } }`, { id: person });
    expect(erased.erasePersonalData.errors).toEqual([]);
    expect((await newEntries(since)).map((e) => [e.entityType, e.action]).sort()).toEqual([
      ['Person', 'UPDATE'],
      ['PersonAnniversary', 'DELETE'],
      ['PersonProfile', 'DELETE'],
    ]);
    const about = await t.db.prisma.auditEntry.findMany({
      where: { OR: [{ entityId: rawId(person) }, { entityId: { in: [rawId(added.anniversary!.id), rawId(gone.anniversary!.id)] } }] },
    });
    expect(about.length).toBeGreaterThanOrEqual(6);
    for (const entry of about.filter((e) => e.entityType !== 'Person' || e.action !== 'UPDATE' || e.id <= since)) {
      for (const change of Object.values(JSON.parse(entry.changes) as Record<string, Record<string, unknown>>)) {
        expect(Object.values(change).every((v) => v === null), `${entry.entityType} ${entry.action} ${entry.changes}`).toBe(true);
      }
    }
  });

  it('keeps which private-profile fields changed, never their values', async () => {
    const personId = await addPerson(t, accountId, { name: 'Zhou Min' });
    const SET = `mutation($p: ID!, $h: String) { setPersonProfile(personId: $p, input: { healthNotes: $h }) { errors { message } } }`;
    await t.ok(SET, { p: personId, h: 'Recovering from surgery' });
    await t.ok(SET, { p: personId, h: null });
    const result = (await trail({ entityType: 'PersonProfile' })).filter((e: any) => [personId, rawId(personId)].includes(e.entityId));
    const changes = result.map((e: any) => e.changes.find((c: any) => c.field === 'healthNotes'));
    expect(changes).toEqual([
      { field: 'healthNotes', before: '"[withheld]"', after: null },
      { field: 'healthNotes', before: null, after: '"[withheld]"' },
    ]);
    const stored = await t.db.prisma.auditEntry.findMany({ where: { entityType: 'PersonProfile' } });
    expect(JSON.stringify(stored)).not.toContain('surgery');
  });
});
