/**
 * The qualification rules without GraphQL: an assessment is written with its
 * authorities and its event; every bad input is a typed error and writes
 * nothing; earlier assessments stay as history.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, RuleViolationError, ValidationError } from 'kam-graphql/plugin';
import { createTestDatabase, loadTestPlugins, testPluginRuntime, TEST_PLUGIN_NOW as NOW, type TestDatabase, type TestPluginRuntime } from 'kam-graphql/testing';
import type { RelationshipOptions } from '../options.js';
import { account, daysAfter, daysBefore, person, staffMember } from '../staves/stave-fixtures.js';
import { assessorOf, isStale } from './qualification-model.js';
import { qualificationPersonalData } from './qualification-personal-data.js';
import { createQualificationService } from './qualification-service.js';

const here = dirname(fileURLToPath(import.meta.url));

let testDb: TestDatabase;
let runtime: TestPluginRuntime<RelationshipOptions>;
let top: string;
let accountId: string;
let ceo: string;
let cfo: string;
let stranger: string;

const service = () => createQualificationService({ transaction: runtime.transaction, now: runtime.now, options: runtime.options });
const rows = async () => ({ assessments: await testDb.db.prisma.manAssessment.count(), authorities: await testDb.db.prisma.manAuthority.count() });
const base = () => ({ accountId, assessorId: top, money: 'CONFIRMED' as const, authority: 'PARTIAL' as const, need: 'CONFIRMED' as const });

/** Runs `work`, expects it to fail with `type`, and checks nothing was written or emitted. */
async function rejected<E>(work: () => Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const before = await rows();
  const events = runtime.events.length;
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect(await rows()).toEqual(before);
  expect(runtime.events).toHaveLength(events);
  return error as E;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  runtime = testPluginRuntime<RelationshipOptions>(testDb.db, await loadTestPlugins([{ from: '..' }], here), 'relationship');
  top = await staffMember(testDb.db, 'Ma Tao', 'TOP');
  accountId = await account(testDb.db, 'Weifang Yongfeng', { owner: top });
  ceo = await person(testDb.db, accountId, 'Zhao Tao', { role: 'DECISION_MAKER', key: true, title: 'Chairman' });
  cfo = await person(testDb.db, accountId, 'Qian Li', { role: 'INFLUENCER' });
  const other = await account(testDb.db, 'Other Works');
  stranger = await person(testDb.db, other, 'Sun Bo');
});
afterAll(() => testDb?.drop());

describe('assessing MAN qualification', () => {
  it('records an assessment with its authorities and evidence, dated now by default, and emits relationship.qualification.assessed', async () => {
    const assessment = await service().assess({
      ...base(),
      moneyBudget: '  CNY 2-3 million a year for tooling ',
      moneyEvidence: '',
      authorityEvidence: 'The chairman signs every order above CNY 500k',
      authorities: [
        { personId: ceo, directTopRelationship: true },
        { personId: cfo, directTopRelationship: false },
      ],
      needs: 'Faster mould changeovers',
    });
    expect(assessment).toMatchObject({
      accountId,
      assessedById: top,
      assessedAt: NOW,
      money: 'CONFIRMED',
      moneyBudget: 'CNY 2-3 million a year for tooling',
      moneyEvidence: null,
      authority: 'PARTIAL',
      needs: 'Faster mould changeovers',
      needEvidence: null,
    });
    const authorities = await testDb.db.prisma.manAuthority.findMany({ where: { assessmentId: assessment.id }, orderBy: { personId: 'asc' } });
    expect(authorities.map((a) => [a.personId, a.directTopRelationship]).sort()).toEqual([[ceo, true], [cfo, false]].sort());
    expect(runtime.events.at(-1)).toEqual({
      name: 'relationship.qualification.assessed',
      accountId,
      payload: {
        assessmentId: assessment.id,
        money: 'CONFIRMED',
        authority: 'PARTIAL',
        need: 'CONFIRMED',
        assessedAt: NOW.toISOString(),
        assessedById: top,
        authorityPersonIds: [ceo, cfo],
      },
    });
  });

  it('keeps every assessment: a later one does not replace the earlier', async () => {
    const before = await rows();
    await service().assess({ ...base(), authority: 'CONFIRMED', assessedAt: daysBefore(NOW, 200), authorities: [{ personId: ceo, directTopRelationship: true }] });
    expect(await rows()).toEqual({ assessments: before.assessments + 1, authorities: before.authorities + 1 });
  });

  it('refuses an assessment dated in the future', async () => {
    const error = await rejected(() => service().assess({ ...base(), assessedAt: daysAfter(NOW, 1) }), ValidationError);
    expect(error.issues).toEqual([{ path: ['input', 'assessedAt'], message: 'must not be in the future' }]);
  });

  it('refuses a person named twice among the authorities', async () => {
    const twice = [
      { personId: ceo, directTopRelationship: true },
      { personId: cfo, directTopRelationship: false },
      { personId: ceo, directTopRelationship: false },
    ];
    const error = await rejected(() => service().assess({ ...base(), authorities: twice }), ValidationError);
    expect(error.issues).toEqual([{ path: ['input', 'authorities', '2', 'personId'], message: 'names a person already listed' }]);
  });

  it('refuses a person of another account, and a person that does not exist', async () => {
    const other = await rejected(() => service().assess({ ...base(), authorities: [{ personId: ceo, directTopRelationship: true }, { personId: stranger, directTopRelationship: true }] }), ValidationError);
    expect(other.issues).toEqual([{ path: ['input', 'authorities', '1', 'personId'], message: 'must be a person of the assessed account' }]);
    const missing = await rejected(() => service().assess({ ...base(), authorities: [{ personId: 'per_missing', directTopRelationship: true }] }), NotFoundError);
    expect(missing).toMatchObject({ entity: 'Person', path: ['input', 'authorities', '0', 'personId'] });
  });

  it('refuses an unknown assessor and one who has left', async () => {
    const unknown = await rejected(() => service().assess({ ...base(), assessorId: 'stf_missing' }), NotFoundError);
    expect(unknown).toMatchObject({ entity: 'Staff', path: ['input', 'assessorId'] });
    const leaver = await staffMember(testDb.db, 'Luo Ming', 'TOP');
    await testDb.db.prisma.staff.update({ where: { id: leaver }, data: { leftAt: daysBefore(NOW, 3) } });
    const departed = await rejected(() => service().assess({ ...base(), assessorId: leaver }), RuleViolationError);
    expect(departed).toMatchObject({ rule: 'ASSESSOR_DEPARTED', message: 'Luo Ming left on 2025-06-28 and can no longer assess accounts' });
    // Notice given but not yet gone: still assesses.
    await testDb.db.prisma.staff.update({ where: { id: leaver }, data: { leftAt: daysAfter(NOW, 10) } });
    await expect(service().assess({ ...base(), assessorId: leaver })).resolves.toMatchObject({ assessedById: leaver });
  });

  it('refuses an unknown or archived account, missing ratings and overlong evidence', async () => {
    await rejected(() => service().assess({ ...base(), accountId: 'acc_missing' }), NotFoundError);
    const archived = await account(testDb.db, 'Archived Ltd');
    await testDb.db.prisma.account.update({ where: { id: archived }, data: { status: 'ARCHIVED' } });
    expect(await rejected(() => service().assess({ ...base(), accountId: archived }), RuleViolationError)).toMatchObject({ rule: 'ACCOUNT_ARCHIVED' });
    const invalid = await rejected(() => service().assess({ ...base(), need: 'MAYBE' as never, moneyEvidence: 'x'.repeat(2001) }), ValidationError);
    expect(invalid.issues.map((i) => i.path.join('.')).sort()).toEqual(['input.moneyEvidence', 'input.need']);
  });
});

describe('qualification rules', () => {
  it('is stale once older than manFreshDays whole days', () => {
    expect(isStale(daysBefore(NOW, 180), NOW, 180)).toBe(false);
    expect(isStale(daysBefore(NOW, 181), NOW, 180)).toBe(true);
  });

  it('takes the assessor from a staff caller, and requires a service caller to name one', () => {
    const staff = { kind: 'staff', staffId: 'stf_1', name: 'A', level: 'TOP', department: 'M', isAdministrator: false, expiresAt: NOW } as const;
    expect(assessorOf(staff, null)).toBe('stf_1');
    expect(assessorOf(staff, 'stf_1')).toBe('stf_1');
    expect(() => assessorOf(staff, 'stf_2')).toThrow(ValidationError);
    const partner = { kind: 'service', name: 'crm', scopes: new Set<string>(), expiresAt: NOW } as const;
    expect(() => assessorOf(partner, undefined)).toThrow(/required for a service caller/);
    expect(assessorOf(partner, 'stf_2')).toBe('stf_2');
  });
});

describe('personal data', () => {
  it('exports the assessments that named a person as holding authority, and keeps them on erasure', async () => {
    const ctx = { tx: testDb.db.prisma as never, options: runtime.options, now: () => NOW };
    const exported = (await qualificationPersonalData.export(ceo, ctx)) as { namedAsDecisionAuthority: unknown[] };
    expect(exported.namedAsDecisionAuthority).toContainEqual({ assessedOn: '2025-07-01', directTopRelationship: true });
    expect(await qualificationPersonalData.export(stranger, ctx)).toEqual({});
    expect(await qualificationPersonalData.erase(ceo, ctx)).toEqual({ auditRecords: [] });
  });
});
