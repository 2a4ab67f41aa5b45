/**
 * The README answers what it promises. Every GraphQL example in it (the
 * fenced `graphql` blocks and the curl request) validates against the
 * schema, and runs against a server seeded with the demo data, as each
 * demo role (the tokens the seed prints) the access table lets run it:
 * each answers without errors, with every object it asks for present and
 * every list it asks for non-empty (a mutation payload's `errors` empty).
 *
 * - An example with an `ID` variable takes the first id in the previous
 *   example's answer, as the README tells the reader to do.
 * - A mutation example is undone after each role (see UNDO), so each role
 *   starts from the demo data.
 * - A subscription example receives an event: a change of an account the
 *   role reads is made once it is subscribed.
 *
 * The counts the README and the seed summary quote are the API's.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRowsOf } from '../src/auth/access-document.js';
import type { AccessTableRow } from '../src/auth/access-table.js';
import { demoTokens, type DemoToken } from '../src/auth/demo-tokens.js';
import { seedDemoPortfolio } from '../src/demo/demo-portfolio.js';
import { formatSeedSummary, type SeedSummary } from '../src/demo/seed.js';
import type { LoadedPlugin } from '../src/plugins/plugin-loader.js';
import { buildConfiguredSchema } from '../src/schema/configured-schema.js';
import { liveClient, roundTrip, subscribe } from './support/live-client.js';
import { DEFAULT_TEST_NOW, mintTestToken, startTestApp, type TestApp } from './support/test-app.js';
import { configuredPlugins } from './support/test-plugins.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const fenced = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
const curlQueries = [...readme.matchAll(/-d '\{"query":"(.*?)"\}'/g)].map((m) => m[1]!.replace(/\\"/g, '"'));
/** In the order a reader meets them (the curl request comes right after the first block). */
const examples = [fenced[0]!, ...curlQueries, ...fenced.slice(1)].filter(Boolean);

type Role = DemoToken['role'];
const ROLES: readonly Role[] = ['ADMINISTRATOR', 'TOP', 'MIDDLE', 'FRONTLINE'];

interface DemoCaller {
  role: Role;
  token: string;
  level: 'TOP' | 'MIDDLE' | 'FRONTLINE';
  isAdministrator: boolean;
  /** Owns the relationship of some account (the reach "relationship owner"). */
  ownsRelationship: boolean;
}

interface Answer {
  data?: Record<string, any> | null;
  errors?: unknown[];
}

/** What the test does after a mutation example ran as one role, so the next role starts from the demo data again. */
const UNDO: Record<string, (t: TestApp, admin: string, answer: Answer) => Promise<void>> = {
  // Archived, the account no longer holds its name (and lists leave it out).
  createAccount: async (t, admin, answer) => {
    const id = answer.data?.createAccount?.account?.id as string;
    const archived = await t.ok(`mutation($id: ID!) { archiveAccount(id: $id) { errors { message } } }`, { id }, admin);
    expect(archived.archiveAccount.errors).toEqual([]);
  },
};

function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  expect(operations).toHaveLength(1);
  return operations[0]!;
}

/** The access-table coordinates (`Query.accounts`, `Person.profile`, ...) an operation touches. */
function coordinatesOf(schema: GraphQLSchema, document: DocumentNode): string[] {
  const typeInfo = new TypeInfo(schema);
  const found = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field) found.add(`${parent.name}.${field.name}`);
      },
    }),
  );
  return [...found];
}

/** Whether the table lets this caller run every guarded part of the operation. */
function allowed(caller: DemoCaller, rows: readonly AccessTableRow[]): boolean {
  return rows.every((row) => {
    const reach = caller.isAdministrator && row.administrators === 'all' ? 'all' : row.staff[caller.level];
    return reach !== 'none' && (reach !== 'relationship' || caller.ownsRelationship);
  });
}

/** Response keys of the fields that select sub-fields: their values are objects or lists of them. */
function objectKeysOf(document: DocumentNode): Set<string> {
  const keys = new Set<string>();
  visit(document, {
    Field(node) {
      if (node.selectionSet) keys.add(node.alias?.value ?? node.name.value);
    },
  });
  return keys;
}

/** Where an answer is empty: a missing object, an empty list, or a payload error. */
function emptinessOf(value: unknown, objectKeys: ReadonlySet<string>, path = 'data'): string[] {
  if (Array.isArray(value)) {
    if (path.endsWith('.errors')) return value.length === 0 ? [] : [`${path}: ${JSON.stringify(value)}`];
    if (value.length === 0) return [`${path} is an empty list`];
    return value.flatMap((item, i) => emptinessOf(item, objectKeys, `${path}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) =>
      inner === null ? (objectKeys.has(key) ? [`${path}.${key} is null`] : []) : emptinessOf(inner, objectKeys, `${path}.${key}`),
    );
  }
  return [];
}

function expectAnswered(answer: Answer, document: DocumentNode, label: string): void {
  expect(answer.errors, label).toBeUndefined();
  expect(answer.data, label).toBeTruthy();
  expect(Object.keys(answer.data!).length, label).toBeGreaterThan(0);
  expect(emptinessOf(answer.data, objectKeysOf(document)), label).toEqual([]);
}

/** The first `id` in an answer, depth first. */
function firstId(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const id = firstId(item);
      if (id) return id;
    }
  } else if (value !== null && typeof value === 'object') {
    if (typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
    for (const inner of Object.values(value)) {
      const id = firstId(inner);
      if (id) return id;
    }
  }
  return undefined;
}

let schema: GraphQLSchema;
let plugins: LoadedPlugin[];
let t: TestApp;
let summary: SeedSummary;
const callers = new Map<Role, DemoCaller>();

beforeAll(async () => {
  schema = await buildConfiguredSchema(fileURLToPath(new URL('../kam.config.json', import.meta.url)));
  plugins = await configuredPlugins();
  t = await startTestApp({ plugins });
  // The database npm start seeds: demo staff only (the test app's own operator would be taken for the administrator).
  await t.db.prisma.staff.delete({ where: { id: t.operator.id } });
  summary = await seedDemoPortfolio({ db: t.db, runtime: t.app.runtime, plugins, seed: 42 });
  for (const demo of await demoTokens(t.db.prisma, mintTestToken, DEFAULT_TEST_NOW)) {
    const staff = await t.db.prisma.staff.findUniqueOrThrow({ where: { id: demo.staffId }, include: { assignments: true } });
    callers.set(demo.role, {
      role: demo.role,
      token: demo.token,
      level: staff.level,
      isAdministrator: staff.isAdministrator,
      ownsRelationship: staff.assignments.some((a) => a.responsibility === 'RELATIONSHIP'),
    });
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const caller = (role: Role) => callers.get(role)!;

// Counted first, before the examples' mutations add (archived) accounts.
describe('the demo counts the README and the seed quote', () => {
  it('are what the API answers: all accounts, active ones, key ones, people, profiles and staff', async () => {
    const top = caller('TOP').token;
    const data = await t.ok(
      `{
        active: accounts { totalCount }
        all: accounts(filter: { statuses: [ACTIVE, ARCHIVED] }) { totalCount }
        key: accounts(filter: { tier: KEY, statuses: [ACTIVE, ARCHIVED] }) { totalCount }
        people { totalCount }
        staff { totalCount }
        keyPersons: people(first: 100, filter: { isKeyPerson: true }) { totalCount edges { node { profile { gender } anniversaries { kind } } } }
      }`,
      {},
      top,
    );
    expect(data.active.totalCount).toBe(summary.activeAccounts);
    expect(data.all.totalCount).toBe(summary.accounts);
    expect(data.key.totalCount).toBe(summary.keyAccounts);
    expect(data.people.totalCount).toBe(summary.people);
    expect(data.staff.totalCount).toBe(summary.staff);
    // Every key person has a private profile (the relationship plugin's demo dossiers), and the anniversaries are theirs.
    expect(data.keyPersons.totalCount).toBe(await t.db.prisma.personProfile.count());
    const keyPersons = data.keyPersons.edges.map((e: any) => e.node);
    expect(keyPersons.every((p: any) => p.profile !== null)).toBe(true);
    expect(keyPersons.reduce((n: number, p: any) => n + p.anniversaries.length, 0)).toBe(await t.db.prisma.personAnniversary.count());

    expect(formatSeedSummary(summary)).toMatch(new RegExp(`^${data.all.totalCount} accounts, ${data.active.totalCount} active, `));
    expect(readme).toContain(`\`${summary.accounts} accounts, ${summary.activeAccounts} active, ${summary.keyAccounts} key; ...\``);
  });

  it("are what each demo role's token sees, as the README quotes them, key accounts with health included", async () => {
    const seen = new Map<Role, { total: number; key: number; scored: number }>();
    for (const role of ROLES) {
      const data = await t.ok(
        '{ accounts { totalCount } key: accounts(first: 100, filter: { tier: KEY }) { totalCount edges { node { health { score } } } } }',
        {},
        caller(role).token,
      );
      seen.set(role, { total: data.accounts.totalCount, key: data.key.totalCount, scored: data.key.edges.filter((e: any) => e.node.health).length });
    }
    for (const [role, counts] of seen) {
      expect(counts.key, `${role} sees key accounts`).toBeGreaterThan(0);
      expect(counts.scored, `${role} sees their health`).toBe(counts.key);
    }
    const text = readme.replace(/\s+/g, ' ');
    const quoted = /answers (\d+) as top management, (\d+) as the middle manager .*? and (\d+) as the frontline member/.exec(text);
    expect(quoted?.slice(1).map(Number)).toEqual([seen.get('TOP')!.total, seen.get('MIDDLE')!.total, seen.get('FRONTLINE')!.total]);
  });
});

describe('README examples', () => {
  it('has examples to check, and a demo token for every role', () => {
    expect(fenced.length).toBeGreaterThanOrEqual(5);
    expect(curlQueries.length).toBeGreaterThanOrEqual(1);
    expect([...callers.keys()].sort()).toEqual([...ROLES].sort());
  });

  it.each(examples.map((q, i) => [i + 1, q] as const))('example %i validates against the schema', (_n, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });

  it('answers every example with data, as every demo role the access table allows', { timeout: 120_000 }, async () => {
    const rows = accessRowsOf(plugins);
    const admin = caller('ADMINISTRATOR').token;
    const previous = new Map<Role, Answer>();
    const ranAs: string[] = [];
    for (const [index, query] of examples.entries()) {
      const document = parse(query);
      const operation = operationOf(document);
      const touched = rows.filter((row) => coordinatesOf(schema, document).includes(row.coordinate));
      const roles = ROLES.filter((role) => allowed(caller(role), touched));
      expect(roles.length, `example ${index + 1} runs as some demo role`).toBeGreaterThan(0);
      ranAs.push(`${index + 1}: ${roles.join(' ')}`);

      for (const role of roles) {
        const { token } = caller(role);
        const label = `example ${index + 1} as ${role}`;
        const variables: Record<string, unknown> = {};
        for (const definition of operation.variableDefinitions ?? []) {
          const id = firstId(previous.get(role)?.data);
          expect(id, `${label}: an id for $${definition.variable.name.value} from the example before`).toBeDefined();
          variables[definition.variable.name.value] = id;
        }

        if (operation.operation === 'subscription') {
          await expectSubscriptionAnswered(query, document, role, label);
          continue;
        }
        const answer = await t.gql(query, variables, token);
        expectAnswered(answer, document, label);
        previous.set(role, answer);
        if (operation.operation === 'mutation') {
          for (const field of Object.keys(answer.data!)) {
            expect(UNDO[field], `${label}: how to undo ${field} (UNDO)`).toBeDefined();
            await UNDO[field]!(t, admin, answer);
          }
        }
      }
    }
    // The examples are for every role, save what the table keeps from some: creating accounts, and private profiles.
    expect(ranAs.filter((line) => line.endsWith(ROLES.join(' '))).length).toBeGreaterThanOrEqual(examples.length - 2);
  });

  async function expectSubscriptionAnswered(query: string, document: DocumentNode, role: Role, label: string): Promise<void> {
    const { token } = caller(role);
    const client = liveClient(t.wsUrl, token);
    try {
      const sub = subscribe(client, query);
      await roundTrip(client);
      // A key account the role reads changes, as the administrator changes it.
      const readable = await t.ok('{ accounts(first: 1, filter: { tier: KEY }) { edges { node { id region } } } }', {}, token);
      const account = readable.accounts.edges[0].node as { id: string; region: string | null };
      const setRegion = (region: string | null) =>
        t.ok(`mutation($id: ID!, $r: String) { updateAccount(id: $id, input: { region: $r }) { errors { message } } }`, { id: account.id, r: region }, caller('ADMINISTRATOR').token);
      expect((await setRegion(`${account.region ?? 'Jiangsu'} (${role})`)).updateAccount.errors).toEqual([]);
      await sub.waitFor(1);
      expectAnswered(sub.received[0], document, label);
      sub.dispose();
      await setRegion(account.region);
    } finally {
      await client.dispose();
    }
  }

  it("answers the createAccount example's second run with a ConflictError, and creates the account with allowDuplicateName", async () => {
    const example = examples.find((q) => q.includes('createAccount('))!;
    const { token } = caller('TOP');
    const first = await t.ok(example, {}, token);
    expect(first.createAccount.errors).toEqual([]);
    const second = await t.ok(example, {}, token);
    expect(second.createAccount.account).toBeNull();
    expect(second.createAccount.errors).toMatchObject([{ __typename: 'ConflictError', code: 'CONFLICT', path: ['input', 'name'] }]);
    const onPurpose = await t.ok(example.replace('tier: KEY }', 'tier: KEY, allowDuplicateName: true }'), {}, token);
    expect(onPurpose.createAccount.errors).toEqual([]);
    for (const answer of [first, onPurpose]) await UNDO.createAccount!(t, caller('ADMINISTRATOR').token, { data: answer });
  });
});
