/**
 * The power map without GraphQL: setting a person's standing (upsert, event,
 * typed errors that write nothing) and assembling the maps of a batch of
 * accounts from their people, standings, current assessment and visits.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, RuleViolationError, ValidationError } from 'kam-graphql/plugin';
import { createTestDatabase, loadTestPlugins, testPluginRuntime, TEST_PLUGIN_NOW as NOW, type TestDatabase, type TestPluginRuntime } from 'kam-graphql/testing';
import type { RelationshipOptions } from '../options.js';
import { account, assessment, daysAfter, daysBefore, person, staffMember, visit } from '../staves/stave-fixtures.js';
import { loadRelationshipMaps } from './power-map-load.js';
import { powerMapPersonalData } from './power-map-personal-data.js';
import { createPowerMapService } from './power-map-service.js';

const here = dirname(fileURLToPath(import.meta.url));

let testDb: TestDatabase;
let runtime: TestPluginRuntime<RelationshipOptions>;
const statements: string[] = [];
let top: string;
let middle: string;
let accountId: string;
let ceo: string;
let buyer: string;

const service = () => createPowerMapService({ transaction: runtime.transaction, now: runtime.now });
const standings = () => testDb.db.prisma.personStanding.findMany({ orderBy: { personId: 'asc' } });

async function rejected<E>(work: () => Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const before = await standings();
  const events = runtime.events.length;
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect(await standings()).toEqual(before);
  expect(runtime.events).toHaveLength(events);
  return error as E;
}

beforeAll(async () => {
  testDb = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
  runtime = testPluginRuntime<RelationshipOptions>(testDb.db, await loadTestPlugins([{ from: '..' }], here), 'relationship');
  top = await staffMember(testDb.db, 'Ma Tao', 'TOP');
  middle = await staffMember(testDb.db, 'Song Yan', 'MIDDLE');
  accountId = await account(testDb.db, 'Weifang Yongfeng', { owner: top });
  ceo = await person(testDb.db, accountId, 'Zhao Tao', { role: 'DECISION_MAKER', key: true, title: 'Chairman' });
  buyer = await person(testDb.db, accountId, 'Li Na', { role: 'USER' });
  await testDb.db.prisma.person.update({ where: { id: buyer }, data: { reportsToId: ceo } });
});
afterAll(() => testDb?.drop());

describe('setting a person standing', () => {
  it('creates the standing, keeps what is omitted on the next change, clears with null, and emits each time', async () => {
    const first = await service().setStanding({ personId: ceo, influence: 'HIGH', strength: 'GOOD' }, top);
    expect(first.standing).toMatchObject({ personId: ceo, influence: 'HIGH', strength: 'GOOD', updatedById: top });
    const second = await service().setStanding({ personId: ceo, strength: 'STRONG' }, null);
    expect(second.standing).toMatchObject({ influence: 'HIGH', strength: 'STRONG', updatedById: null });
    const third = await service().setStanding({ personId: ceo, influence: null }, top);
    expect(third.standing).toMatchObject({ influence: null, strength: 'STRONG' });
    expect(runtime.events.slice(-3)).toEqual([
      { name: 'relationship.personStanding.set', accountId, payload: { personId: ceo, influence: 'HIGH', strength: 'GOOD' } },
      { name: 'relationship.personStanding.set', accountId, payload: { personId: ceo, influence: 'HIGH', strength: 'STRONG' } },
      { name: 'relationship.personStanding.set', accountId, payload: { personId: ceo, influence: null, strength: 'STRONG' } },
    ]);
    await service().setStanding({ personId: ceo, influence: 'HIGH' }, top);
  });

  it('refuses an unknown person, an erased one, a change of nothing and a level that does not exist', async () => {
    expect(await rejected(() => service().setStanding({ personId: 'per_missing', influence: 'LOW' }, top), NotFoundError)).toMatchObject({
      entity: 'Person',
      path: ['input', 'personId'],
    });
    const erased = await person(testDb.db, accountId, 'Erased person');
    await testDb.db.prisma.person.update({ where: { id: erased }, data: { erasedAt: NOW } });
    expect(await rejected(() => service().setStanding({ personId: erased, influence: 'LOW' }, top), RuleViolationError)).toMatchObject({ rule: 'PERSON_ERASED' });
    expect((await rejected(() => service().setStanding({ personId: ceo }, top), ValidationError)).issues).toEqual([
      { path: ['input', 'influence'], message: 'give influence, strength or both' },
    ]);
    expect((await rejected(() => service().setStanding({ personId: ceo, strength: 'EXCELLENT' as never }, top), ValidationError)).issues[0]!.path).toEqual([
      'input',
      'strength',
    ]);
  });
});

describe('assembling power maps', () => {
  it('shows people with their standing, the current assessment’s authority and the last top-level contact, and the reporting lines', async () => {
    // An old assessment named the buyer; the current one names the CEO only.
    await assessment(testDb.db, accountId, top, daysBefore(NOW, 300), { money: 'PARTIAL', authority: 'PARTIAL', need: 'PARTIAL' }, [buyer]);
    await assessment(testDb.db, accountId, top, daysBefore(NOW, 20), { money: 'CONFIRMED', authority: 'CONFIRMED', need: 'CONFIRMED' }, [ceo]);
    await visit(testDb.db, accountId, daysBefore(NOW, 40), [{ id: top, level: 'TOP' }], [{ id: ceo, role: 'DECISION_MAKER' }]);
    await visit(testDb.db, accountId, daysBefore(NOW, 12), [{ id: top, level: 'TOP' }, { id: middle, level: 'MIDDLE' }], [{ id: ceo, role: 'DECISION_MAKER' }]);
    // Not top-level contacts: middle management only, a planned visit, a missed one.
    await visit(testDb.db, accountId, daysBefore(NOW, 2), [{ id: middle, level: 'MIDDLE' }], [{ id: ceo, role: 'DECISION_MAKER' }, { id: buyer, role: 'USER' }]);
    await visit(testDb.db, accountId, daysAfter(NOW, 3), [{ id: top, level: 'TOP' }], [{ id: buyer, role: 'USER' }], 'PLANNED');
    await visit(testDb.db, accountId, daysBefore(NOW, 5), [{ id: top, level: 'TOP' }], [{ id: buyer, role: 'USER' }], 'MISSED');
    const unassessed = await account(testDb.db, 'New Ltd');
    const newcomer = await person(testDb.db, unassessed, 'Wu Fei');
    const empty = await account(testDb.db, 'Empty Ltd');

    const maps = await loadRelationshipMaps(testDb.db.prisma, [accountId, unassessed, empty], NOW);
    const map = maps.get(accountId)!;
    expect(map.nodes.map((n) => ({ name: n.person.name, influence: n.influence, strength: n.strength, authority: n.manAuthority, contact: n.lastTopContact }))).toEqual([
      { name: 'Li Na', influence: null, strength: null, authority: { holdsAuthority: false, directTopRelationship: null }, contact: null },
      {
        name: 'Zhao Tao',
        influence: 'HIGH',
        strength: 'STRONG',
        authority: { holdsAuthority: true, directTopRelationship: true },
        contact: { at: daysBefore(NOW, 12), staffId: top },
      },
    ]);
    expect(map.edges.map((e) => [e.from.id, e.to.id])).toEqual([[buyer, ceo]]);
    expect(maps.get(unassessed)!.nodes).toEqual([expect.objectContaining({ person: expect.objectContaining({ id: newcomer }), manAuthority: null })]);
    expect(maps.get(empty)).toEqual({ accountId: empty, nodes: [], edges: [] });
  });

  it('costs seven statements for one account or for forty', async () => {
    const many = [];
    for (let i = 0; i < 40; i++) {
      const id = await account(testDb.db, `Batch ${i}`);
      const p = await person(testDb.db, id, `Person ${i}`, { role: 'DECISION_MAKER' });
      await visit(testDb.db, id, daysBefore(NOW, i + 1), [{ id: top, level: 'TOP' }], [{ id: p, role: 'DECISION_MAKER' }]);
      many.push(id);
    }
    const cost = async (ids: string[]) => {
      statements.length = 0;
      await loadRelationshipMaps(testDb.db.prisma, ids, NOW);
      return statements.length;
    };
    expect(await cost(many.slice(0, 1))).toBe(7);
    expect(await cost(many)).toBe(7);
  });
});

describe('personal data', () => {
  it('exports the standing held about a person, and erases it (twice: the second changes nothing)', async () => {
    const ctx = { tx: testDb.db.prisma as never, options: runtime.options, now: () => NOW };
    const exported = await powerMapPersonalData.export(ceo, ctx);
    expect(exported).toEqual({ standing: { influence: 'HIGH', relationshipStrength: 'STRONG', updatedOn: expect.any(String) } });
    expect(await powerMapPersonalData.erase(ceo, ctx)).toEqual({ auditRecords: [{ entityType: 'PersonStanding', entityId: ceo }] });
    expect(await testDb.db.prisma.personStanding.count({ where: { personId: ceo } })).toBe(0);
    await powerMapPersonalData.erase(ceo, ctx);
    expect(await powerMapPersonalData.export(ceo, ctx)).toEqual({});
  });
});
