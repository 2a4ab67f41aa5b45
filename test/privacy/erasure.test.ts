/**
 * The right to erasure, end to end: a key person's personal data is written,
 * changed, read and exported through the API, then erased; afterwards no
 * personal value is left in ANY table of the database (read directly, every
 * row, every column), while the customer's business records stand. The
 * private profile and anniversaries are the relationship plugin's key-person
 * dossier: the app runs with the configured plugins, and the erasure reaches
 * them through the plugin's personal-data hooks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, assign, createAccount, createStaff, USER_ERROR_FIELDS } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { configuredPlugins } from '../support/test-plugins.js';
import { addAnniversary, dumpEveryTable, rawId, readPrivate, removeAnniversary, setProfile } from './privacy-fixtures.js';

let t: TestApp;
let accountId: string;
let chairman: string;
let keyPerson: string;
let report: string;

/** Distinctive values no other data contains; compared case-insensitively (names are also stored lower-cased). */
const MARKERS = {
  name1: 'Qzvname Alpha',
  name2: 'Qzvname Beta',
  email1: 'qzvmail.alpha@example.cn',
  email2: 'qzvmail.beta@example.cn',
  phone1: '+86 139 7070 1313',
  phone2: '+86 139 8080 2424',
  gender: 'Qzvgender',
  familyMembers: 'Qzvfamily: wife Chen, son (12)',
  expertise: 'Qzvexpertise in hydraulics',
  hobbies1: 'Qzvhobby calligraphy',
  hobbies2: 'Qzvhobby fly fishing',
  personalDevelopment: 'Qzvdevelop EMBA in 2026',
  personality: 'Qzvpersonality: direct, values punctuality',
  healthNotes: 'Qzvhealth: diabetic, no alcohol at dinners',
  anniversary: 'Qzvanniv wedding',
  removedAnniversary: 'Qzvremoved first day at the plant',
} as const;
/** Dates are personal too: in whatever form a database keeps them. */
const DATE_MARKERS = [
  ['1971-03-14', String(Date.UTC(1971, 2, 14))],
  ['1998-09-27', String(Date.UTC(1998, 8, 27))],
  ['1989-04-03', String(Date.UTC(1989, 3, 3))],
] as const;
const allMarkers = [...Object.values(MARKERS), ...DATE_MARKERS.flat(), '7070 1313', '8080 2424'].map((m) => m.toLowerCase());

function findMarkers(dump: Map<string, string[]>): { table: string; marker: string; row: string }[] {
  const found: { table: string; marker: string; row: string }[] = [];
  for (const [table, rows] of dump) {
    for (const row of rows) {
      const text = row.toLowerCase();
      for (const marker of allMarkers) if (text.includes(marker)) found.push({ table, marker, row: row.slice(0, 300) });
    }
  }
  return found;
}

const updatePerson = (id: string, input: Record<string, unknown>) =>
  t.ok(`mutation UpdateContact($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { person { id } ${USER_ERROR_FIELDS} } }`, {
    id,
    input,
  });
const erase = (id: string) =>
  t.ok(
    `mutation Erase($id: ID!) { erasePersonalData(personId: $id) {
      person { id name email phone title department decisionRole isKeyPerson erasedAt reportsTo { id } directReports { id } account { id } profile { gender } anniversaries { label } }
      alreadyErased ${USER_ERROR_FIELDS} } }`,
    { id },
  );
const exportData = async (id: string) => {
  const data = await t.ok(`mutation Export($id: ID!) { exportPersonalData(personId: $id) { document ${USER_ERROR_FIELDS} } }`, { id });
  expect(data.exportPersonalData.errors).toEqual([]);
  return JSON.parse(data.exportPersonalData.document);
};

beforeAll(async () => {
  t = await startTestApp({ plugins: await configuredPlugins(), config: { dispatchEvents: false } });
  accountId = await createAccount(t, { name: 'Wuxi Steel Pipe Co', tier: 'KEY' });
  const top = await createStaff(t, { name: 'Owner Liu', level: 'TOP', department: 'Management', hireDate: '2010-01-01' });
  const middle = await createStaff(t, { name: 'Sales Manager Zhao', level: 'MIDDLE', department: 'Sales', hireDate: '2018-06-01' });
  const frontline = await createStaff(t, { name: 'Engineer Sun', level: 'FRONTLINE', department: 'Service', hireDate: '2020-02-01' });
  for (const [staffId, responsibility] of [[top, 'RELATIONSHIP'], [middle, 'SALES'], [frontline, 'SERVICE']] as const) {
    expect((await assign(t, { accountId, staffId, responsibility, isLiaison: true })).errors).toEqual([]);
  }
  chairman = await addPerson(t, accountId, { name: 'Chairman Wang', title: 'Chairman', isKeyPerson: true });
  keyPerson = await addPerson(t, accountId, {
    name: MARKERS.name1,
    email: MARKERS.email1,
    phone: MARKERS.phone1,
    title: 'Chief Engineer',
    department: 'Engineering',
    decisionRole: 'DECISION_MAKER',
    isKeyPerson: true,
    reportsToId: chairman,
  });
  report = await addPerson(t, accountId, { name: 'Technician Hu', title: 'Maintenance Technician', reportsToId: keyPerson, decisionRole: 'USER' });
});
afterAll(async () => {
  await t?.close();
});

describe('erasure of personal data', () => {
  it('leaves no personal value in any table, and keeps the business records', async () => {
    // Write, then change everything a few times, so the audit trail holds before/after values.
    expect((await updatePerson(keyPerson, { name: MARKERS.name2, email: MARKERS.email2 })).updatePerson.errors).toEqual([]);
    expect((await updatePerson(keyPerson, { phone: MARKERS.phone2, title: 'Chief Engineer' })).updatePerson.errors).toEqual([]);
    expect(
      (
        await setProfile(t, keyPerson, {
          gender: MARKERS.gender,
          birthDate: DATE_MARKERS[0][0],
          familyMembers: MARKERS.familyMembers,
          expertise: MARKERS.expertise,
          hobbies: MARKERS.hobbies1,
          personalDevelopment: MARKERS.personalDevelopment,
          personality: MARKERS.personality,
        })
      ).errors,
    ).toEqual([]);
    expect((await setProfile(t, keyPerson, { hobbies: MARKERS.hobbies2, healthNotes: MARKERS.healthNotes })).errors).toEqual([]);
    const kept = await addAnniversary(t, { personId: keyPerson, kind: 'PERSONAL', label: MARKERS.anniversary, date: DATE_MARKERS[1][0] });
    const removed = await addAnniversary(t, { personId: keyPerson, kind: 'COMPANY', label: MARKERS.removedAnniversary, date: DATE_MARKERS[2][0] });
    expect([kept.errors, removed.errors]).toEqual([[], []]);
    expect((await removeAnniversary(t, removed.anniversary!.id)).errors).toEqual([]);

    // Read it, as the relationship owner would.
    const read = await readPrivate(t, keyPerson);
    expect(read).toMatchObject({ name: MARKERS.name2, profile: { healthNotes: MARKERS.healthNotes }, anniversaries: [{ label: MARKERS.anniversary }] });

    // The scan can see the markers before the erasure (it is not blind).
    const before = findMarkers(await dumpEveryTable(t.db));
    const tablesBefore = new Set(before.map((f) => f.table));
    for (const table of ['Person', 'PersonProfile', 'PersonAnniversary']) expect(tablesBefore).toContain(table);

    const businessBefore = {
      account: await t.db.prisma.account.findUniqueOrThrow({ where: { id: rawId(accountId) } }),
      team: await t.db.prisma.accountTeamMember.findMany({ where: { accountId: rawId(accountId) }, orderBy: { id: 'asc' } }),
      others: await t.db.prisma.person.findMany({ where: { id: { in: [rawId(chairman), rawId(report)] } }, orderBy: { id: 'asc' } }),
    };

    const erased = await erase(keyPerson);
    expect(erased.erasePersonalData).toMatchObject({
      person: {
        id: keyPerson,
        name: 'Erased person',
        email: null,
        phone: null,
        title: 'Chief Engineer',
        department: 'Engineering',
        decisionRole: 'DECISION_MAKER',
        isKeyPerson: true,
        erasedAt: '2025-07-01T00:00:00.000Z',
        reportsTo: { id: chairman },
        directReports: [{ id: report }],
        account: { id: accountId },
        profile: null,
        anniversaries: [],
      },
      alreadyErased: false,
      errors: [],
    });

    // Every table, every row, every column: no marker anywhere.
    const dump = await dumpEveryTable(t.db);
    expect(findMarkers(dump)).toEqual([]);

    // The business records stand: account, team, the person's business fields and both ends of the reporting line.
    expect(await t.db.prisma.account.findUniqueOrThrow({ where: { id: rawId(accountId) } })).toEqual(businessBefore.account);
    expect(await t.db.prisma.accountTeamMember.findMany({ where: { accountId: rawId(accountId) }, orderBy: { id: 'asc' } })).toEqual(businessBefore.team);
    expect(await t.db.prisma.person.findMany({ where: { id: { in: [rawId(chairman), rawId(report)] } }, orderBy: { id: 'asc' } })).toEqual(
      businessBefore.others,
    );
    expect(await t.db.prisma.person.findUniqueOrThrow({ where: { id: rawId(keyPerson) } })).toMatchObject({
      name: 'Erased person',
      searchName: 'erased person',
      accountId: rawId(accountId),
      reportsToId: rawId(chairman),
      title: 'Chief Engineer',
      decisionRole: 'DECISION_MAKER',
      isKeyPerson: true,
    });

    // The audit trail stays consistent: the entries remain, naming the fields that changed, without their values.
    const audit = await t.db.prisma.auditEntry.findMany({ where: { entityType: { in: ['Person', 'PersonProfile', 'PersonAnniversary'] } } });
    const aboutKeyPerson = audit.filter((e) => e.entityId === rawId(keyPerson) || JSON.parse(e.changes).personId !== undefined);
    for (const entry of aboutKeyPerson.filter((e) => e.entityId === rawId(keyPerson))) {
      for (const value of Object.values(JSON.parse(entry.changes) as Record<string, unknown>)) expect(value).toEqual({ before: null, after: null });
    }
    if (audit.length > 0) {
      expect(aboutKeyPerson.some((e) => e.entityType === 'Person' && 'email' in JSON.parse(e.changes))).toBe(true);
    }

    // Events of the erasure carry ids only.
    const event = await t.db.prisma.outboxEvent.findFirstOrThrow({ where: { name: 'core.person.erased' } });
    expect(JSON.parse(event.payload)).toEqual({ personId: rawId(keyPerson) });
  });

  it('is idempotent: erasing again reports it and changes nothing', async () => {
    const dumpBefore = await dumpEveryTable(t.db);
    const again = await erase(keyPerson);
    expect(again.erasePersonalData).toMatchObject({ person: { name: 'Erased person', erasedAt: '2025-07-01T00:00:00.000Z' }, alreadyErased: true, errors: [] });
    const dumpAfter = await dumpEveryTable(t.db);
    // Only the access log grew (the payload above read the erased profile and anniversaries).
    for (const [table, rows] of dumpAfter) {
      if (table === 'SensitiveRead' || table === 'sqlite_sequence') continue;
      expect(rows, table).toEqual(dumpBefore.get(table));
    }
    expect(await t.db.prisma.outboxEvent.count({ where: { name: 'core.person.erased' } })).toBe(1);
  });

  it('answers typed errors for unknown or malformed ids', async () => {
    const unknown = await erase(Buffer.from('Person:nobody').toString('base64url'));
    expect(unknown.erasePersonalData).toMatchObject({ person: null, alreadyErased: null, errors: [{ __typename: 'NotFoundError', entity: 'Person' }] });
    const wrongType = await erase(accountId);
    expect(wrongType.erasePersonalData.errors).toMatchObject([{ code: 'VALIDATION', path: ['personId'] }]);
  });
});

describe('export of personal data', () => {
  it('gives everything held about a person as one JSON document, and logs the export', async () => {
    const person = await addPerson(t, accountId, { name: 'Export Subject', email: 'export.subject@example.cn', title: 'Finance Director' });
    await updatePerson(person, { phone: '+86 510 8888 0000' });
    await setProfile(t, person, { hobbies: 'Badminton', birthDate: '1980-05-06' });
    await addAnniversary(t, { personId: person, kind: 'BIRTHDAY', label: 'Birthday', date: '1980-05-06' });
    await readPrivate(t, person, 'BeforeExport');

    const doc = await exportData(person);
    expect(doc).toMatchObject({
      format: 'kam.personal-data-export/2',
      exportedAt: '2025-07-01T00:00:00.000Z',
      person: { id: rawId(person), accountId: rawId(accountId), name: 'Export Subject', email: 'export.subject@example.cn', phone: '+86 510 8888 0000', title: 'Finance Director', erasedAt: null },
      plugins: {
        relationship: {
          dossier: {
            profile: { hobbies: 'Badminton', birthDate: '1980-05-06', healthNotes: null },
            anniversaries: [{ kind: 'BIRTHDAY', label: 'Birthday', date: '1980-05-06' }],
          },
        },
      },
    });
    expect(doc).not.toHaveProperty('profile');
    expect(doc.sensitiveReads.map((r: any) => [r.operation, r.actorId])).toEqual([
      ['SetProfile', t.operator.id],
      ['AddAnniversary', t.operator.id],
      ['BeforeExport', t.operator.id],
      ['Export', t.operator.id],
    ]);
    expect(doc.sensitiveReads.at(-1).fields).toEqual(['export']);
    // The history of the person's record and of their dossier (the plugin names its rows).
    expect(new Set(doc.auditTrail.map((e: any) => e.entityType))).toEqual(new Set(['Person', 'PersonProfile', 'PersonAnniversary']));
    for (const entry of doc.auditTrail) expect(typeof entry.changes).toBe('object');

    // The export is itself a logged read.
    const log = await t.db.prisma.sensitiveRead.findMany({ where: { personId: rawId(person), fields: 'export' } });
    expect(log).toMatchObject([{ actorKind: 'STAFF', actorId: t.operator.id, operation: 'Export' }]);
  });

  it('shows only the business record and scrubbed history after erasure', async () => {
    const doc = await exportData(keyPerson);
    expect(doc).toMatchObject({ person: { name: 'Erased person', email: null, phone: null, erasedAt: '2025-07-01T00:00:00.000Z' } });
    expect(doc.plugins.relationship?.dossier).toBeUndefined();
    expect(JSON.stringify(doc).toLowerCase()).not.toContain('qzv');
  });
});
