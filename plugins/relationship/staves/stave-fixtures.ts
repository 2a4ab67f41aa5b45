/**
 * Rows for the stave's tests, written straight to a test database: an
 * account with its relationship owner and people, visits, care moments,
 * anniversary occurrences and MAN assessments, each with what a test varies.
 */
import type { TestDatabase } from 'kam-graphql/testing';
import { DAY_MS } from './wording.js';

type Db = TestDatabase['db'];
type Level = 'TOP' | 'MIDDLE' | 'FRONTLINE';
type Role = 'DECISION_MAKER' | 'INFLUENCER' | 'USER' | 'GATEKEEPER' | 'OTHER';

export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
export const daysAfter = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS);

let counter = 0;
const next = (prefix: string) => `${prefix}_${++counter}`;

export async function staffMember(db: Db, name: string, level: Level): Promise<string> {
  const id = next('stf');
  await db.prisma.staff.create({
    data: { id, name, searchName: name.toLowerCase(), email: `${id}@sme.example`, level, department: 'Management', hireDate: new Date('2010-01-01T00:00:00Z') },
  });
  return id;
}

export async function account(db: Db, name: string, options: { tier?: 'KEY' | 'GENERAL'; owner?: string } = {}): Promise<string> {
  const id = next('acc');
  await db.prisma.account.create({ data: { id, name, searchName: name.toLowerCase(), industry: 'INDUSTRIAL', tier: options.tier ?? 'KEY' } });
  if (options.owner) await db.prisma.accountTeamMember.create({ data: { accountId: id, staffId: options.owner, responsibility: 'RELATIONSHIP' } });
  return id;
}

export async function person(db: Db, accountId: string, name: string, options: { role?: Role; key?: boolean; title?: string } = {}): Promise<string> {
  const id = next('per');
  await db.prisma.person.create({
    data: { id, accountId, name, searchName: name.toLowerCase(), title: options.title ?? null, decisionRole: options.role ?? 'OTHER', isKeyPerson: options.key ?? false },
  });
  return id;
}

export async function visit(
  db: Db,
  accountId: string,
  at: Date,
  staff: readonly { id: string; level: Level }[],
  people: readonly { id: string; role: Role }[],
  status: 'DONE' | 'PLANNED' | 'MISSED' = 'DONE',
): Promise<string> {
  const id = next('vis');
  await db.prisma.visit.create({
    data: {
      id,
      accountId,
      status,
      kind: 'ON_SITE_VISIT',
      at,
      staff: { create: staff.map((s) => ({ staffId: s.id, levelAtVisit: s.level })) },
      people: { create: people.map((p) => ({ personId: p.id, roleAtVisit: p.role })) },
    },
  });
  return id;
}

export async function fullDossier(db: Db, personId: string): Promise<void> {
  await db.prisma.personProfile.create({
    data: {
      personId,
      gender: 'female',
      birthDate: new Date('1970-03-04T00:00:00Z'),
      familyMembers: 'Husband, one daughter at university',
      expertise: 'Injection moulding',
      hobbies: 'Go, hiking',
      personalDevelopment: 'EMBA 2024',
      personality: 'Direct, values punctuality',
    },
  });
}

export async function careMoment(db: Db, accountId: string, personId: string, learnedAt: Date, actionAt?: { at: Date; by: string }): Promise<void> {
  await db.prisma.careMoment.create({
    data: {
      accountId,
      personId,
      kind: 'ILLNESS',
      learnedAt,
      ...(actionAt && { actions: { create: [{ kind: 'CALL', note: 'Called to wish a quick recovery', byStaffId: actionAt.by, at: actionAt.at }] } }),
    },
  });
}

export async function occurrence(db: Db, accountId: string, personId: string, occursOn: Date, honour: 'GREETING' | 'GIFT' | 'VISIT' | 'NONE' | null): Promise<void> {
  const anniversary = await db.prisma.personAnniversary.create({ data: { personId, kind: 'BIRTHDAY', label: 'birthday', date: occursOn } });
  await db.prisma.anniversaryOccurrence.create({ data: { anniversaryId: anniversary.id, personId, accountId, occursOn, honour } });
}

export async function assessment(
  db: Db,
  accountId: string,
  by: string,
  assessedAt: Date,
  ratings: { money: 'CONFIRMED' | 'PARTIAL' | 'UNKNOWN' | 'ABSENT'; authority: 'CONFIRMED' | 'PARTIAL' | 'UNKNOWN' | 'ABSENT'; need: 'CONFIRMED' | 'PARTIAL' | 'UNKNOWN' | 'ABSENT' },
  authorities: readonly string[] = [],
): Promise<void> {
  await db.prisma.manAssessment.create({
    data: { accountId, assessedById: by, assessedAt, ...ratings, authorities: { create: authorities.map((personId) => ({ personId, directTopRelationship: true })) } },
  });
}
