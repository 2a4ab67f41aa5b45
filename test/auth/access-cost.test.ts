/**
 * Authorisation costs little per field: on a dashboard page every record's
 * account is already known to be within the viewer's reach (reach "all", or
 * the page's own SQL scoped it), so no field waits on a promise and no
 * account is looked up again, however many fields and accounts the page
 * has, for every role. The matrix and hidden-record tests keep the
 * guarantees; this one keeps the price.
 */
import { graphql, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessControl } from '../../src/auth/access-control.js';
import type { Viewer } from '../../src/auth/viewer.js';
import type { GraphQLContext } from '../../src/schema/context.js';
import { buildSchema } from '../../src/schema/core-schema.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { accessContext } from '../support/access.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let schema: GraphQLSchema;
const viewers: Record<string, Viewer> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  schema = buildSchema([]);
  const p = t.db.prisma;
  const staff = [
    { id: 'st_top', level: 'TOP' as const, department: 'Management' },
    { id: 'st_mid', level: 'MIDDLE' as const, department: 'Sales' },
    { id: 'st_front', level: 'FRONTLINE' as const, department: 'Service' },
  ];
  await p.staff.createMany({ data: staff.map((s) => ({ ...s, name: s.id, searchName: s.id, email: `${s.id}@sme.example`, hireDate: new Date('2010-01-01') })) });
  for (const s of staff) {
    viewers[s.level] = { kind: 'staff', staffId: s.id, name: s.id, level: s.level, department: s.department, isAdministrator: false, expiresAt: new Date('2100-01-01') };
  }
  const ids = Array.from({ length: 40 }, (_, i) => `acc_${String(i).padStart(2, '0')}`);
  await p.account.createMany({ data: ids.map((id) => ({ id, name: id, searchName: id, industry: 'INDUSTRIAL' as const, tier: 'KEY' as const })) });
  await p.person.createMany({ data: ids.flatMap((accountId) => [0, 1, 2].map((j) => ({ accountId, name: `${accountId} p${j}`, searchName: `${accountId} p${j}`, isKeyPerson: j === 0 }))) });
  await p.accountTeamMember.createMany({
    data: ids.flatMap((accountId) => [
      { accountId, staffId: 'st_mid', responsibility: 'SALES' as const },
      { accountId, staffId: 'st_front', responsibility: 'SERVICE' as const },
    ]),
  });
});
afterAll(() => t?.drop());

async function run(query: string, viewer: Viewer): Promise<AccessControl> {
  const context = { ...accessContext(t.db.prisma, viewer), prisma: t.db.prisma, now: () => new Date() };
  const result = await graphql({ schema, source: query, contextValue: context as unknown as GraphQLContext });
  expect(result.errors).toBeUndefined();
  return context.access;
}

const page = (first: number, fields: string) => `{ accounts(first: ${first}) { edges { node { ${fields}
  people(first: 5) { edges { node { id name ${fields.includes('region') ? 'title department email phone decisionRole isKeyPerson reportsTo { id name }' : ''} } } }
  teamMembers { responsibility ${fields.includes('region') ? 'isLiaison assignedAt staff { id name level department }' : ''} } } } } }`;
const NARROW = 'id name';
const WIDE = 'id name industry employees annualSales totalAssets region tier status enterpriseSize createdAt updatedAt health { score }';

describe('access checks on a dashboard page', () => {
  for (const level of ['TOP', 'MIDDLE', 'FRONTLINE']) {
    it(`as ${level}: no account looked up and no promise, for 5 or 40 accounts, with few fields or many`, async () => {
      for (const [first, fields] of [[5, NARROW], [40, NARROW], [5, WIDE], [40, WIDE]] as const) {
        const access = await run(page(first, fields), viewers[level]!);
        expect(access.stats, `${first} accounts, ${fields === WIDE ? 'wide' : 'narrow'}`).toEqual({ lookups: 0, pending: 0 });
      }
    });
  }

  it('a record fetched by id costs one lookup of its account, then nothing per field', async () => {
    const person = encodeGlobalId('Person', (await t.db.prisma.person.findFirstOrThrow({ where: { accountId: 'acc_07' } })).id);
    const narrow = await run(`{ node(id: "${person}") { id ... on Person { name } } }`, viewers.FRONTLINE!);
    const wide = await run(`{ node(id: "${person}") { id ... on Person { name title email phone decisionRole isKeyPerson account { id name region tier } } } }`, viewers.FRONTLINE!);
    expect(narrow.stats).toEqual({ lookups: 1, pending: 1 });
    expect(wide.stats).toEqual(narrow.stats);
  });
});
