/**
 * An anniversary fetched by its global id through `node`/`nodes` follows the
 * rule of `Person.anniversaries`: top management and the account's
 * relationship owner get it (and the read is logged); anyone else gets null,
 * exactly as for an id that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from 'kam-graphql/plugin';
import { addPerson, assign, createAccount, createStaff, rawId, type TestApp } from 'kam-graphql/testing';
import { addAnniversary, startDossierApp } from './dossier-test-support.js';

let t: TestApp;
let anniversaryId: string;
let personId: string;
const missingAnniversary = encodeGlobalId('PersonAnniversary', 'cm000000000000000000000an');
const tokens = { top: '', owner: '', sameDepartment: '', serviceOnTeam: '', outsider: '' };

beforeAll(async () => {
  t = await startDossierApp();
  const accountId = await createAccount(t, { name: 'Anniversary Alloys' });
  const elsewhere = await createAccount(t, { name: 'Elsewhere Engines' });
  personId = await addPerson(t, accountId, { name: 'Ann Anniversary', isKeyPerson: true });
  const added = await addAnniversary(t, { personId, kind: 'BIRTHDAY', label: 'Birthday', date: '1970-06-15' });
  expect(added.errors).toEqual([]);
  anniversaryId = added.anniversary!.id;

  const staff = {
    top: await createStaff(t, { name: 'Tang Top', level: 'TOP', department: 'Management' }),
    owner: await createStaff(t, { name: 'Ou Owner', level: 'MIDDLE', department: 'Sales' }),
    sameDepartment: await createStaff(t, { name: 'Du Department', level: 'MIDDLE', department: 'Sales' }),
    serviceOnTeam: await createStaff(t, { name: 'Shi Service', level: 'FRONTLINE', department: 'Service' }),
    outsider: await createStaff(t, { name: 'Wai Outsider', level: 'FRONTLINE', department: 'Service' }),
  };
  for (const [staffId, responsibility] of [
    [staff.owner, 'RELATIONSHIP'],
    [staff.serviceOnTeam, 'SERVICE'],
  ] as const) {
    expect((await assign(t, { accountId, staffId, responsibility })).errors).toEqual([]);
  }
  expect((await assign(t, { accountId: elsewhere, staffId: staff.outsider, responsibility: 'SERVICE' })).errors).toEqual([]);
  for (const level of Object.keys(staff) as (keyof typeof staff)[]) tokens[level] = await t.tokenFor(rawId(staff[level]));
});
afterAll(async () => {
  await t?.close();
});

const NODE = `query AnniversaryNode($id: ID!) { node(id: $id) { id __typename ... on PersonAnniversary { kind label person { name } } } }`;
const NODES = `query AnniversaryNodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on PersonAnniversary { label } } }`;

describe('node(id) of an anniversary', () => {
  it('answers top management and the relationship owner, and logs each read', async () => {
    for (const who of ['top', 'owner'] as const) {
      const before = await t.db.prisma.sensitiveRead.count();
      const data = await t.ok(NODE, { id: anniversaryId }, tokens[who]);
      expect(data.node).toEqual({ id: anniversaryId, __typename: 'PersonAnniversary', kind: 'BIRTHDAY', label: 'Birthday', person: { name: 'Ann Anniversary' } });
      const reads = await t.db.prisma.sensitiveRead.findMany({ where: { id: { gt: 0 } }, orderBy: { id: 'asc' }, skip: before });
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({ personId: rawId(personId), operation: 'AnniversaryNode' });
      expect(reads[0]!.fields.split(',').sort()).toEqual(['anniversaries.kind', 'anniversaries.label']);
    }
  });

  it('answers null, as for a missing id, to staff who may read the account but not its key-person data, and to outsiders', async () => {
    for (const who of ['sameDepartment', 'serviceOnTeam', 'outsider'] as const) {
      const before = await t.db.prisma.sensitiveRead.count();
      const hidden = await t.gql(NODE, { id: anniversaryId }, tokens[who]);
      const missing = await t.gql(NODE, { id: missingAnniversary }, tokens[who]);
      expect(hidden).toEqual({ data: { node: null } });
      expect(missing).toEqual(hidden);
      expect(await t.db.prisma.sensitiveRead.count()).toBe(before);
    }
    // The person itself is readable to those on the account: only the private data is held back.
    expect((await t.ok(`query($id: ID!) { node(id: $id) { ... on Person { name } } }`, { id: personId }, tokens.serviceOnTeam)).node).toEqual({ name: 'Ann Anniversary' });
  });

  it('nodes(ids): the anniversary in place for its owner, null for the others', async () => {
    const ids = [anniversaryId, missingAnniversary];
    expect((await t.ok(NODES, { ids }, tokens.owner)).nodes).toEqual([{ id: anniversaryId, label: 'Birthday' }, null]);
    expect((await t.ok(NODES, { ids }, tokens.serviceOnTeam)).nodes).toEqual([null, null]);
  });
});
