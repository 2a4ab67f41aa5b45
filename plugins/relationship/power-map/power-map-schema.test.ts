/**
 * The power map over GraphQL: setPersonStanding (typed errors, who may) and
 * Account.relationshipMap in one request; and a page of accounts asking for
 * the power map and the current MAN assessment costs the same statements for
 * 5 accounts as for 50.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from 'kam-graphql/plugin';
import { addPerson, assign, createAccount, createStaff, loadTestPlugins, rawId, startTestApp, USER_ERROR_FIELDS, type TestApp } from 'kam-graphql/testing';
import { account, assessment, person, staffMember, visit } from '../staves/stave-fixtures.js';
import { DAY_MS } from '../staves/wording.js';

const here = dirname(fileURLToPath(import.meta.url));

const SET = `mutation($input: SetPersonStandingInput!) {
  setPersonStanding(input: $input) { standing { person { id } influence strength updatedBy { id } } ${USER_ERROR_FIELDS} }
}`;
const MAP = `relationshipMap {
  nodes {
    person { id name }
    decisionRole isKeyPerson influence strength
    manAuthority { holdsAuthority directTopRelationship }
    lastTopContact { at staff { id name } }
  }
  edges { from { id name } to { id name } }
}`;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ plugins: await loadTestPlugins([{ from: '..' }], here), config: { dispatchEvents: false } });
});
afterAll(() => t?.close());

describe('Account.relationshipMap and setPersonStanding', () => {
  it('maps people, their standing, authority, last top-level contact and reporting lines in one request', async () => {
    const accountId = await createAccount(t, { name: 'Weifang Yongfeng', tier: 'KEY' });
    const chairman = await addPerson(t, accountId, { name: 'Zhao Tao', decisionRole: 'DECISION_MAKER', isKeyPerson: true });
    const buyer = await addPerson(t, accountId, { name: 'Li Na', decisionRole: 'USER', reportsToId: chairman });
    const set = await t.ok(SET, { input: { personId: chairman, influence: 'HIGH', strength: 'GOOD' } });
    expect(set.setPersonStanding).toMatchObject({ errors: [], standing: { person: { id: chairman }, influence: 'HIGH', strength: 'GOOD', updatedBy: { id: expect.any(String) } } });
    await t.ok(`mutation($input: AssessQualificationInput!) { assessQualification(input: $input) { errors { code } } }`, {
      input: { accountId, money: 'CONFIRMED', authority: 'CONFIRMED', need: 'PARTIAL', authorities: [{ personId: chairman, directTopRelationship: true }] },
    });
    const topStaff = await staffMember(t.db, 'Ma Tao', 'TOP');
    await visit(t.db, rawId(accountId), new Date(t.now().getTime() - 9 * DAY_MS), [{ id: topStaff, level: 'TOP' }], [{ id: rawId(chairman), role: 'DECISION_MAKER' }]);

    const data = await t.ok(`query($id: ID!) { account(id: $id) { ${MAP} } }`, { id: accountId });
    expect(data.account.relationshipMap).toEqual({
      nodes: [
        {
          person: { id: buyer, name: 'Li Na' },
          decisionRole: 'USER',
          isKeyPerson: false,
          influence: null,
          strength: null,
          manAuthority: { holdsAuthority: false, directTopRelationship: null },
          lastTopContact: null,
        },
        {
          person: { id: chairman, name: 'Zhao Tao' },
          decisionRole: 'DECISION_MAKER',
          isKeyPerson: true,
          influence: 'HIGH',
          strength: 'GOOD',
          manAuthority: { holdsAuthority: true, directTopRelationship: true },
          lastTopContact: { at: new Date(t.now().getTime() - 9 * DAY_MS).toISOString(), staff: { id: encodeGlobalId('Staff', topStaff), name: 'Ma Tao' } },
        },
      ],
      edges: [{ from: { id: buyer, name: 'Li Na' }, to: { id: chairman, name: 'Zhao Tao' } }],
    });
    const event = await t.db.prisma.outboxEvent.findFirstOrThrow({ where: { name: 'relationship.personStanding.set' } });
    expect({ accountId: event.accountId, payload: JSON.parse(event.payload) }).toEqual({
      accountId: rawId(accountId),
      payload: { personId: rawId(chairman), influence: 'HIGH', strength: 'GOOD' },
    });
  });

  it('answers mistakes and people out of reach with typed errors, writing nothing', async () => {
    const accountId = await createAccount(t, { name: 'Reach Ltd' });
    const personId = await addPerson(t, accountId, { name: 'Wang Wu' });
    const owner = await createStaff(t, { level: 'FRONTLINE', department: 'Sales East' });
    const server = await createStaff(t, { level: 'FRONTLINE', department: 'Sales East' });
    const stranger = await createStaff(t, { level: 'FRONTLINE', department: 'Sales West' });
    await assign(t, { accountId, staffId: owner, responsibility: 'RELATIONSHIP' });
    await assign(t, { accountId, staffId: server, responsibility: 'SERVICE' });
    const before = await t.db.prisma.personStanding.count();
    const errors = async (input: Record<string, unknown>, token?: string) => (await t.gql<any>(SET, { input }, token));

    expect((await errors({ personId: accountId, influence: 'LOW' })).data.setPersonStanding.errors).toEqual([
      expect.objectContaining({ code: 'VALIDATION', path: ['input', 'personId'] }),
    ]);
    expect((await errors({ personId: encodeGlobalId('Person', 'per_missing'), influence: 'LOW' })).data.setPersonStanding.errors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', entity: 'Person', path: ['input', 'personId'] }),
    ]);
    expect((await errors({ personId })).data.setPersonStanding.errors).toEqual([
      expect.objectContaining({ code: 'VALIDATION', path: ['input', 'influence'], message: 'give influence, strength or both' }),
    ]);
    // Out of reach: a person one cannot see is "not found"; a team member who is not the relationship owner is forbidden.
    expect((await errors({ personId, influence: 'LOW' }, await t.tokenFor(rawId(stranger)))).data.setPersonStanding.errors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', path: ['input', 'personId'] }),
    ]);
    const forbidden = await errors({ personId, influence: 'LOW' }, await t.tokenFor(rawId(server)));
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.db.prisma.personStanding.count()).toBe(before);

    const owned = await errors({ personId, influence: 'LOW' }, await t.tokenFor(rawId(owner)));
    expect(owned.data.setPersonStanding).toMatchObject({ errors: [], standing: { influence: 'LOW', updatedBy: { id: owner } } });
  });

  it('costs the same statements for a page of 5 accounts as for 50, with the power map and the current assessment', async () => {
    const top = await staffMember(t.db, 'Luo Ming', 'TOP');
    for (let i = 0; i < 50; i++) {
      const id = await account(t.db, `Page ${String(i).padStart(2, '0')}`, { owner: top });
      const boss = await person(t.db, id, `Boss ${i}`, { role: 'DECISION_MAKER', key: true });
      const aide = await person(t.db, id, `Aide ${i}`, { role: 'INFLUENCER' });
      await t.db.prisma.person.update({ where: { id: aide }, data: { reportsToId: boss } });
      await t.db.prisma.personStanding.create({ data: { personId: boss, influence: 'HIGH', strength: 'GOOD' } });
      await assessment(t.db, id, top, new Date(t.now().getTime() - (i + 1) * DAY_MS), { money: 'CONFIRMED', authority: 'PARTIAL', need: 'CONFIRMED' }, [boss, aide]);
      await visit(t.db, id, new Date(t.now().getTime() - (i + 2) * DAY_MS), [{ id: top, level: 'TOP' }], [{ id: boss, role: 'DECISION_MAKER' }]);
    }
    const page = `query($first: Int!) { accounts(first: $first) { edges { node { id name
      ${MAP}
      qualification { id money authority need stale ageDays assessedAt assessedBy { id name } authorities { person { id name } directTopRelationship } }
    } } } }`;
    const cost = async (first: number) => {
      t.statements.length = 0;
      const data = await t.ok(page, { first });
      expect(data.accounts.edges).toHaveLength(first);
      expect(data.accounts.edges.every((e: any) => e.node.relationshipMap && 'qualification' in e.node)).toBe(true);
      return t.statements.length;
    };
    const five = await cost(5);
    const fifty = await cost(50);
    expect(fifty).toBe(five);
    // The viewer and the accounts; seven for the power maps and one for their staff; the current assessments,
    // their authorities, the people named and the assessors: one each, whatever the page size.
    expect(five).toBe(14);
  });
});
