/**
 * MAN qualification over GraphQL, in a running app: assess as staff and as a
 * service caller, read the current assessment and the history, typed errors
 * that write nothing, staleness with the clock, and who may assess.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, assign, createAccount, createStaff, loadTestPlugins, rawId, startTestApp, USER_ERROR_FIELDS, type TestApp } from 'kam-graphql/testing';
import { encodeGlobalId } from 'kam-graphql/plugin';
import { DAY_MS } from './qualification-model.js';

const here = dirname(fileURLToPath(import.meta.url));

const ASSESS = `mutation($input: AssessQualificationInput!) {
  assessQualification(input: $input) {
    assessment { id money authority need moneyBudget assessedAt stale assessedBy { id } authorities { person { id name } directTopRelationship } }
    ${USER_ERROR_FIELDS}
  }
}`;
const READ = `query($id: ID!) { account(id: $id) {
  qualification { id authority assessedAt ageDays stale assessedBy { name } authorities { person { name } directTopRelationship } }
  qualificationHistory(first: 10) { totalCount edges { node { id authority assessedAt } } }
} }`;

let t: TestApp;
let accountId: string;
let chairman: string;
let buyer: string;
let outsider: string;

const assess = async (input: Record<string, unknown>, token?: string) => (await t.gql<any>(ASSESS, { input }, token)).data?.assessQualification;
const count = () => t.db.prisma.manAssessment.count();

beforeAll(async () => {
  t = await startTestApp({ plugins: await loadTestPlugins([{ from: '..' }], here), config: { dispatchEvents: false } });
  accountId = await createAccount(t, { name: 'Weifang Yongfeng', tier: 'KEY' });
  chairman = await addPerson(t, accountId, { name: 'Zhao Tao', decisionRole: 'DECISION_MAKER', isKeyPerson: true });
  buyer = await addPerson(t, accountId, { name: 'Li Na', decisionRole: 'USER' });
  outsider = await addPerson(t, await createAccount(t, { name: 'Other Works' }), { name: 'Sun Bo' });
});
afterAll(() => t?.close());

describe('assessQualification and Account.qualification', () => {
  it('records the caller as assessor; the newest assessment is current, every one is in the history', async () => {
    const older = await assess({
      accountId,
      money: 'PARTIAL',
      authority: 'UNKNOWN',
      need: 'CONFIRMED',
      assessedAt: new Date(t.now().getTime() - 30 * DAY_MS).toISOString(),
    });
    expect(older.errors).toEqual([]);
    const newer = await assess({
      accountId,
      money: 'CONFIRMED',
      moneyBudget: 'CNY 2-3 million a year',
      authority: 'CONFIRMED',
      authorities: [
        { personId: chairman, directTopRelationship: true },
        { personId: buyer, directTopRelationship: false },
      ],
      need: 'CONFIRMED',
    });
    expect(newer).toMatchObject({
      errors: [],
      assessment: {
        money: 'CONFIRMED',
        moneyBudget: 'CNY 2-3 million a year',
        assessedAt: t.now().toISOString(),
        stale: false,
        assessedBy: { id: expect.any(String) },
        authorities: [
          { person: { id: chairman, name: 'Zhao Tao' }, directTopRelationship: true },
          { person: { id: buyer, name: 'Li Na' }, directTopRelationship: false },
        ],
      },
    });
    expect(rawId(newer.assessment.assessedBy.id)).toBe(t.operator.id);

    const read = (await t.ok(READ, { id: accountId })).account;
    expect(read.qualification).toMatchObject({ id: newer.assessment.id, authority: 'CONFIRMED', ageDays: 0, stale: false, assessedBy: { name: 'Test Operator' } });
    expect(read.qualificationHistory.totalCount).toBe(2);
    expect(read.qualificationHistory.edges.map((e: any) => e.node.id)).toEqual([newer.assessment.id, older.assessment.id]);
    const event = await t.db.prisma.outboxEvent.findFirstOrThrow({ where: { name: 'relationship.qualification.assessed' }, orderBy: { id: 'desc' } });
    expect(JSON.parse(event.payload)).toMatchObject({ assessmentId: rawId(newer.assessment.id), authority: 'CONFIRMED' });
  });

  it('turns stale once older than manFreshDays, by the app clock', async () => {
    const now = t.now();
    t.setNow(new Date(now.getTime() + 181 * DAY_MS));
    try {
      expect((await t.ok(READ, { id: accountId })).account.qualification).toMatchObject({ ageDays: 181, stale: true });
    } finally {
      t.setNow(now);
    }
  });

  it('answers every mistake with a typed error and writes nothing', async () => {
    const before = await count();
    const base = { accountId, money: 'CONFIRMED', authority: 'CONFIRMED', need: 'CONFIRMED' };
    const codes = async (input: Record<string, unknown>, token?: string) => (await assess({ ...base, ...input }, token)).errors.map((e: any) => [e.code, e.path.join('.'), e.message]);

    expect(await codes({ authorities: [{ personId: outsider, directTopRelationship: true }] })).toEqual([
      ['VALIDATION', 'input.authorities.0.personId', 'must be a person of the assessed account'],
    ]);
    expect(await codes({ assessedAt: new Date(t.now().getTime() + DAY_MS).toISOString() })).toEqual([['VALIDATION', 'input.assessedAt', 'must not be in the future']]);
    expect(
      await codes({
        authorities: [
          { personId: chairman, directTopRelationship: true },
          { personId: chairman, directTopRelationship: false },
        ],
      }),
    ).toEqual([['VALIDATION', 'input.authorities.1.personId', 'names a person already listed']]);
    expect(await codes({ authorities: [{ personId: accountId, directTopRelationship: true }] })).toEqual([
      ['VALIDATION', 'input.authorities.0.personId', 'must be the ID of a Person, not a Account'],
    ]);

    // A staff member assesses as themselves.
    const colleague = await createStaff(t, { level: 'TOP', department: 'Management' });
    expect(await codes({ assessorId: colleague })).toEqual([
      ['VALIDATION', 'input.assessorId', 'a staff member assesses as themselves; only a service caller names the assessor'],
    ]);

    // A service caller names the assessor, who must exist and not have left.
    const partner = await t.serviceToken('crm', ['relationship:write', 'accounts:read']);
    expect(await codes({}, partner)).toEqual([['VALIDATION', 'input.assessorId', 'is required for a service caller: the staff member who assessed']]);
    const [[code, path]] = await codes({ assessorId: encodeGlobalId('Staff', 'stf_missing') }, partner);
    expect([code, path]).toEqual(['NOT_FOUND', 'input.assessorId']);
    await t.db.prisma.staff.update({ where: { id: rawId(colleague) }, data: { leftAt: new Date(t.now().getTime() - DAY_MS) } });
    const departed = (await assess({ ...base, assessorId: colleague }, partner)).errors;
    expect(departed).toEqual([expect.objectContaining({ code: 'RULE_VIOLATION', rule: 'ASSESSOR_DEPARTED' })]);
    expect(await count()).toBe(before);

    const present = await createStaff(t, { level: 'MIDDLE', department: 'Sales North' });
    const done = await assess({ ...base, assessorId: present }, partner);
    expect(done.errors).toEqual([]);
    expect(done.assessment.assessedBy.id).toBe(present);
  });

  it('lets the account team assess, and no one outside it', async () => {
    const member = await createStaff(t, { level: 'FRONTLINE', department: 'Service East' });
    const outside = await createStaff(t, { level: 'FRONTLINE', department: 'Service West' });
    await assign(t, { accountId, staffId: member, responsibility: 'SERVICE' });
    const input = { accountId, money: 'PARTIAL', authority: 'PARTIAL', need: 'PARTIAL' };
    expect((await assess(input, await t.tokenFor(rawId(member)))).errors).toEqual([]);
    const denied = await t.gql(ASSESS, { input }, await t.tokenFor(rawId(outside)));
    expect(denied.data?.assessQualification).toMatchObject({ assessment: null, errors: [expect.objectContaining({ code: 'NOT_FOUND', path: ['input', 'accountId'] })] });
  });
});
