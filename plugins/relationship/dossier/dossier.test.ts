/**
 * The key-person dossier over the API: the private profile and the
 * anniversaries written, validated, read and removed, their events (ids
 * only), archived accounts and erased persons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createAccount, DEFAULT_TEST_NOW, rawId, USER_ERROR_FIELDS, type TestApp } from 'kam-graphql/testing';
import { addAnniversary, readPrivate, removeAnniversary, setProfile, startDossierApp } from './dossier-test-support.js';

let t: TestApp;
let accountId: string;

beforeAll(async () => {
  t = await startDossierApp({ config: { dispatchEvents: false } });
  accountId = await createAccount(t, { name: 'Suzhou Precision Casting', tier: 'KEY' });
});
afterAll(async () => {
  await t?.close();
});

const eventsOf = (name: string) => t.db.prisma.outboxEvent.findMany({ where: { name }, orderBy: { id: 'asc' } });

describe('private profile', () => {
  it('creates, updates only the given fields, clears with null, and computes the age from the clock', async () => {
    const person = await addPerson(t, accountId, { name: 'Gao Ming', isKeyPerson: true });
    const created = await setProfile(t, person, {
      gender: 'male',
      birthDate: '1970-09-15T13:45:00Z',
      hobbies: 'Go (weiqi), fly fishing',
      healthNotes: 'Back surgery in 2024; avoid long drives',
    });
    expect(created.errors).toEqual([]);
    expect(created.profile).toMatchObject({
      gender: 'male',
      birthDate: '1970-09-15T00:00:00.000Z', // a calendar date: the time of day is dropped
      age: 54, // the test clock is 2025-07-01
      hobbies: 'Go (weiqi), fly fishing',
      healthNotes: 'Back surgery in 2024; avoid long drives',
      familyMembers: null,
    });

    const updated = await setProfile(t, person, { expertise: 'Hydraulics; 20 years in foundries', healthNotes: null });
    expect(updated.errors).toEqual([]);
    expect(updated.profile).toMatchObject({
      gender: 'male',
      hobbies: 'Go (weiqi), fly fishing',
      expertise: 'Hydraulics; 20 years in foundries',
      healthNotes: null,
    });

    t.setNow(new Date('2025-09-15T08:00:00Z'));
    try {
      expect((await readPrivate(t, person)).profile!.age).toBe(55);
    } finally {
      t.setNow(DEFAULT_TEST_NOW);
    }

    // Events name the person, never a personal value.
    const events = await eventsOf('relationship.profile.set');
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const event of events) {
      expect(JSON.parse(event.payload)).toEqual({ personId: rawId(person) });
      expect(event.accountId).toBe(rawId(accountId));
    }
  });

  it('answers null for a person without a profile', async () => {
    const person = await addPerson(t, accountId, { name: 'No Profile' });
    expect(await readPrivate(t, person)).toMatchObject({ profile: null, anniversaries: [], erasedAt: null });
  });

  it('rejects invalid input with typed errors and changes nothing', async () => {
    const person = await addPerson(t, accountId, { name: 'Validation Target' });
    await setProfile(t, person, { hobbies: 'Calligraphy' });
    const before = await t.db.prisma.personProfile.findUnique({ where: { personId: rawId(person) } });

    const cases: [Record<string, unknown>, string[]][] = [
      [{ gender: 'x'.repeat(51) }, ['input', 'gender']],
      [{ hobbies: 'x'.repeat(2001) }, ['input', 'hobbies']],
      [{ personality: '   ' }, ['input', 'personality']],
      [{ birthDate: '2025-07-02' }, ['input', 'birthDate']],
      [{ birthDate: '1899-12-31' }, ['input', 'birthDate']],
    ];
    for (const [input, path] of cases) {
      const result = await setProfile(t, person, input);
      expect(result, JSON.stringify(input)).toMatchObject({ profile: null, errors: [{ __typename: 'ValidationError', code: 'VALIDATION', path }] });
    }
    expect(await t.db.prisma.personProfile.findUnique({ where: { personId: rawId(person) } })).toEqual(before);

    expect((await setProfile(t, 'not-an-id', { hobbies: 'x' })).errors).toMatchObject([{ code: 'VALIDATION', path: ['personId'] }]);
    expect((await setProfile(t, accountId, { hobbies: 'x' })).errors).toMatchObject([{ code: 'VALIDATION', path: ['personId'] }]);
    const unknown = Buffer.from('Person:nobody').toString('base64url');
    expect((await setProfile(t, unknown, { hobbies: 'x' })).errors).toMatchObject([{ __typename: 'NotFoundError', entity: 'Person' }]);
  });

  it('keeps an archived account read-only', async () => {
    const archived = await createAccount(t, { name: 'Archived Castings' });
    const person = await addPerson(t, archived, { name: 'Archived Contact' });
    await t.ok(`mutation($id: ID!) { archiveAccount(id: $id) { account { id } } }`, { id: archived });
    expect((await setProfile(t, person, { hobbies: 'Tea' })).errors).toMatchObject([{ rule: 'ACCOUNT_ARCHIVED' }]);
    expect((await addAnniversary(t, { personId: person, kind: 'PERSONAL', label: 'x', date: '2000-01-01' })).errors).toMatchObject([
      { rule: 'ACCOUNT_ARCHIVED' },
    ]);
  });
});

describe('anniversaries', () => {
  it('lists them in calendar order with their next occurrence, and removes them', async () => {
    const person = await addPerson(t, accountId, { name: 'Lin Yufei' });
    const add = async (kind: string, label: string, date: string) => {
      const result = await addAnniversary(t, { personId: person, kind, label, date });
      expect(result.errors).toEqual([]);
      return result.anniversary!;
    };
    const company = await add('COMPANY', 'Joined the customer', '2009-12-05');
    await add('BIRTHDAY', 'Birthday', '1976-02-29');
    await add('PERSONAL', 'Wedding anniversary', '2001-07-01');
    await add('PERSONAL', 'Daughter graduates', '2026-06-20');
    expect(company).toMatchObject({ kind: 'COMPANY', label: 'Joined the customer', date: '2009-12-05T00:00:00.000Z' });

    const { anniversaries } = await readPrivate(t, person);
    // Month and day order, whatever the year; today (07-01) counts as the next occurrence.
    expect(anniversaries.map((a) => [a.label, a.nextOccurrence])).toEqual([
      ['Birthday', '2026-02-28T00:00:00.000Z'], // 29 February in a common year
      ['Daughter graduates', '2026-06-20T00:00:00.000Z'], // a planned date occurs first on itself
      ['Wedding anniversary', '2025-07-01T00:00:00.000Z'],
      ['Joined the customer', '2025-12-05T00:00:00.000Z'],
    ]);

    const removed = await removeAnniversary(t, company.id);
    expect(removed).toEqual({ anniversary: { id: company.id, label: 'Joined the customer' }, errors: [] });
    expect((await readPrivate(t, person)).anniversaries).toHaveLength(3);
    expect((await removeAnniversary(t, company.id)).errors).toMatchObject([{ __typename: 'NotFoundError', entity: 'PersonAnniversary' }]);
    expect((await removeAnniversary(t, person)).errors).toMatchObject([{ code: 'VALIDATION', path: ['id'] }]);

    const added = await eventsOf('relationship.anniversary.added');
    const removedEvents = await eventsOf('relationship.anniversary.removed');
    expect(removedEvents.map((e) => JSON.parse(e.payload))).toEqual([{ personId: rawId(person), anniversaryId: rawId(company.id) }]);
    for (const event of added) expect(Object.keys(JSON.parse(event.payload)).sort()).toEqual(['anniversaryId', 'personId']);
  });

  it('validates kind, label and date', async () => {
    const person = await addPerson(t, accountId, { name: 'Date Checks' });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ kind: 'BIRTHDAY', label: 'Birthday', date: '2030-01-01' }, ['input', 'date']],
      [{ kind: 'PERSONAL', label: 'Too early', date: '1899-01-01' }, ['input', 'date']],
      [{ kind: 'PERSONAL', label: 'Too late', date: '2101-01-01' }, ['input', 'date']],
      [{ kind: 'PERSONAL', label: ' ', date: '2001-01-01' }, ['input', 'label']],
      [{ kind: 'PERSONAL', label: 'x'.repeat(201), date: '2001-01-01' }, ['input', 'label']],
      [{ kind: 'PERSONAL', label: 'Wrong id', date: '2001-01-01', personId: accountId }, ['input', 'personId']],
    ];
    for (const [input, path] of cases) {
      const result = await addAnniversary(t, { personId: person, ...input });
      expect(result, JSON.stringify(input)).toMatchObject({ anniversary: null, errors: [{ code: 'VALIDATION', path }] });
    }
    expect(await t.db.prisma.personAnniversary.count({ where: { personId: rawId(person) } })).toBe(0);

    // A person keeps a bounded number of dates.
    await t.db.prisma.personAnniversary.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({ personId: rawId(person), kind: 'PERSONAL' as const, label: `Date ${i}`, date: new Date(Date.UTC(2000, 0, 1 + i)) })),
    });
    expect((await addAnniversary(t, { personId: person, kind: 'PERSONAL', label: 'One more', date: '2001-01-01' })).errors).toMatchObject([
      { __typename: 'RuleViolationError', rule: 'ANNIVERSARY_LIMIT' },
    ]);
  });
});

describe('an erased person', () => {
  it('cannot be given personal data again, but keeps a business record that can change', async () => {
    const person = await addPerson(t, accountId, { name: 'To Be Erased', email: 'erase.me@example.cn', title: 'Chief Engineer' });
    const erased = await t.ok(`mutation($id: ID!) { erasePersonalData(personId: $id) { person { name email erasedAt } alreadyErased ${USER_ERROR_FIELDS} } }`, {
      id: person,
    });
    expect(erased.erasePersonalData).toMatchObject({ person: { name: 'Erased person', email: null }, alreadyErased: false, errors: [] });
    expect(erased.erasePersonalData.person.erasedAt).toBe(DEFAULT_TEST_NOW.toISOString());

    expect((await setProfile(t, person, { hobbies: 'Chess' })).errors).toMatchObject([{ __typename: 'RuleViolationError', rule: 'PERSON_ERASED' }]);
    expect((await addAnniversary(t, { personId: person, kind: 'PERSONAL', label: 'x', date: '2001-01-01' })).errors).toMatchObject([
      { rule: 'PERSON_ERASED' },
    ]);

    const update = (input: Record<string, unknown>) =>
      t.ok(`mutation($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { person { name title email phone } ${USER_ERROR_FIELDS} } }`, {
        id: person,
        input,
      });
    for (const input of [{ name: 'Back Again' }, { email: 'back@example.cn' }, { phone: '+86 512 1234 5678' }, { title: 'CTO', name: 'Back' }]) {
      expect((await update(input)).updatePerson.errors, JSON.stringify(input)).toMatchObject([{ rule: 'PERSON_ERASED' }]);
    }
    // Clearing stays possible, and the business record can still change.
    expect((await update({ email: null, phone: null, title: 'Chief Technology Officer' })).updatePerson).toEqual({
      person: { name: 'Erased person', title: 'Chief Technology Officer', email: null, phone: null },
      errors: [],
    });
  });
});
