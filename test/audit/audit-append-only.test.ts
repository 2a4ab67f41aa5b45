/**
 * Nobody changes the audit trail through the API: every mutation of the
 * schema is run over HTTP, and after each one the entries already stored are
 * unchanged, the new ones are exactly that mutation's own writes, and no
 * statement other than an INSERT (or a read) touched AuditEntry. The one
 * exception is the right to erasure, which blanks the values (never the
 * who/when/what) of the entries about the erased person.
 */
import { isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType, isUnionType, type GraphQLSchema, type GraphQLType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/core-schema.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { daysBefore, loadWithPaymentDiscipline } from '../../plugins/payment-discipline/test/plugin-test-support.js';
import { DEFAULT_TEST_NOW, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let schema: GraphQLSchema;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const plugins = await loadWithPaymentDiscipline();
  schema = buildSchema(plugins);
  t = await startTestApp({ plugins, config: { dispatchEvents: false } });
});
afterAll(() => t?.close());

const AUDIT_TYPES = ['AuditEntry', 'AuditFieldChange', 'AuditActor'];

/** Every named type reachable from a type: fields, arguments, input fields, implementations and union members. */
function reachable(schema: GraphQLSchema, start: GraphQLType[], seen = new Set<string>()): Set<string> {
  const queue = [...start];
  while (queue.length > 0) {
    let type = queue.pop()!;
    while (isListType(type) || isNonNullType(type)) type = type.ofType;
    if (seen.has(type.name)) continue;
    seen.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) queue.push(field.type, ...field.args.map((a) => a.type));
      if (isInterfaceType(type)) queue.push(...schema.getPossibleTypes(type));
    } else if (isUnionType(type)) queue.push(...type.getTypes());
    else if (isInputObjectType(type)) queue.push(...Object.values(type.getFields()).map((f) => f.type));
  }
  return seen;
}

describe('the schema', () => {
  it('has no mutation or subscription that takes or returns audit types', () => {
    for (const root of [schema.getMutationType()!, schema.getSubscriptionType()!]) {
      for (const field of Object.values(root.getFields())) {
        const types = reachable(schema, [field.type, ...field.args.map((a) => a.type)]);
        expect(AUDIT_TYPES.filter((name) => types.has(name)), `${root.name}.${field.name}`).toEqual([]);
      }
    }
  });

  it('does not make AuditEntry a Node, so node(id:) cannot reach it around auditTrail', async () => {
    expect(schema.getPossibleTypes(schema.getType('Node') as never).map((type) => type.name)).not.toContain('AuditEntry');
    const result = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: encodeGlobalId('AuditEntry', 1) });
    expect(result.data?.node ?? null).toBeNull();
  });
});

interface Step {
  mutation: string;
  run(): Promise<void>;
  /** [entityType, action] of the entries the mutation itself writes, in order. */
  writes: [string, string][];
}

async function mutate(mutation: string, document: string, variables: Record<string, unknown>): Promise<any> {
  const data = await t.ok(document, variables);
  const payload = data[mutation];
  expect(payload.errors ?? [], mutation).toEqual([]);
  return payload;
}

const steps: Step[] = [
  {
    mutation: 'createStaff',
    writes: [['Staff', 'CREATE']],
    async run() {
      const p = await mutate('createStaff', `mutation($input: CreateStaffInput!) { createStaff(input: $input) { staff { id } errors { message } } }`, {
        input: { name: 'Wang Top', email: 'wang@sme.example', level: 'TOP', department: 'Sales', hireDate: '2015-01-01' },
      });
      ids.staff = p.staff.id;
    },
  },
  {
    mutation: 'updateStaff',
    writes: [['Staff', 'UPDATE']],
    run: () =>
      mutate('updateStaff', `mutation($id: ID!) { updateStaff(id: $id, input: { department: "Key Accounts" }) { errors { message } } }`, { id: ids.staff }),
  },
  {
    mutation: 'createAccount',
    writes: [['Account', 'CREATE']],
    async run() {
      const p = await mutate(
        'createAccount',
        `mutation { createAccount(input: { name: "Append Only Co", industry: INDUSTRIAL, employees: 420, region: "Zhejiang" }) { account { id } errors { message } } }`,
        {},
      );
      ids.account = p.account.id;
    },
  },
  {
    mutation: 'updateAccount',
    writes: [['Account', 'UPDATE']],
    run: () => mutate('updateAccount', `mutation($id: ID!) { updateAccount(id: $id, input: { employees: 500 }) { errors { message } } }`, { id: ids.account }),
  },
  {
    mutation: 'addPerson',
    writes: [['Person', 'CREATE']],
    async run() {
      const p = await mutate('addPerson', `mutation($a: ID!) { addPerson(input: { accountId: $a, name: "Zhou Erased", email: "zhou@x.example" }) { person { id } errors { message } } }`, {
        a: ids.account,
      });
      ids.person = p.person.id;
    },
  },
  {
    mutation: 'updatePerson',
    writes: [['Person', 'UPDATE']],
    run: () => mutate('updatePerson', `mutation($id: ID!) { updatePerson(id: $id, input: { title: "CFO" }) { errors { message } } }`, { id: ids.person }),
  },
  {
    mutation: 'assignTeamMember',
    writes: [['AccountTeamMember', 'CREATE']],
    async run() {
      const p = await mutate(
        'assignTeamMember',
        `mutation($a: ID!, $s: ID!) { assignTeamMember(input: { accountId: $a, staffId: $s, responsibility: RELATIONSHIP }) { teamMember { id } errors { message } } }`,
        { a: ids.account, s: ids.staff },
      );
      ids.member = p.teamMember.id;
    },
  },
  {
    mutation: 'unassignTeamMember',
    writes: [['AccountTeamMember', 'DELETE']],
    run: () => mutate('unassignTeamMember', `mutation($id: ID!) { unassignTeamMember(id: $id) { errors { message } } }`, { id: ids.member }),
  },
  {
    mutation: 'recordInvoice',
    writes: [['Invoice', 'CREATE']],
    async run() {
      for (const number of ['AO-1', 'AO-2']) {
        const p = await mutate(
          'recordInvoice',
          `mutation($input: RecordInvoiceInput!) { recordInvoice(input: $input) { invoice { id } errors { message } } }`,
          { input: { accountId: ids.account, number, amount: 1000, issuedAt: daysBefore(DEFAULT_TEST_NOW, 40).toISOString(), dueAt: daysBefore(DEFAULT_TEST_NOW, 10).toISOString() } },
        );
        ids[number] = p.invoice.id;
      }
    },
  },
  {
    mutation: 'markInvoicePaid',
    writes: [['Invoice', 'UPDATE']],
    run: () => mutate('markInvoicePaid', `mutation($id: ID!) { markInvoicePaid(id: $id) { errors { message } } }`, { id: ids['AO-1'] }),
  },
  {
    mutation: 'writeOffInvoice',
    writes: [['Invoice', 'UPDATE']],
    run: () => mutate('writeOffInvoice', `mutation($id: ID!) { writeOffInvoice(id: $id) { errors { message } } }`, { id: ids['AO-2'] }),
  },
  {
    mutation: 'retryEventDelivery',
    writes: [],
    async run() {
      const event = await t.db.prisma.outboxEvent.create({ data: { name: 'core.account.updated', payload: '{}', occurredAt: DEFAULT_TEST_NOW } });
      const delivery = await t.db.prisma.eventDelivery.create({ data: { eventId: event.id, handler: 'gone', status: 'PARKED', attempts: 5 } });
      await mutate('retryEventDelivery', `mutation($id: ID!) { retryEventDelivery(id: $id) { errors { message } } }`, {
        id: encodeGlobalId('EventDelivery', delivery.id),
      });
    },
  },
  {
    mutation: 'exportPersonalData',
    writes: [],
    run: () => mutate('exportPersonalData', `mutation($id: ID!) { exportPersonalData(personId: $id) { document errors { message } } }`, { id: ids.person }),
  },
  {
    mutation: 'removePerson',
    writes: [['Person', 'DELETE']],
    async run() {
      const person = await t.db.prisma.person.create({ data: { accountId: raw(ids.account!), name: 'Temp', searchName: 'temp' } });
      await mutate('removePerson', `mutation($id: ID!) { removePerson(id: $id) { errors { message } } }`, { id: encodeGlobalId('Person', person.id) });
    },
  },
  {
    mutation: 'archiveAccount',
    writes: [['Account', 'UPDATE']],
    run: () => mutate('archiveAccount', `mutation($id: ID!) { archiveAccount(id: $id) { errors { message } } }`, { id: ids.account }),
  },
  {
    mutation: 'restoreAccount',
    writes: [['Account', 'UPDATE']],
    run: () => mutate('restoreAccount', `mutation($id: ID!) { restoreAccount(id: $id) { errors { message } } }`, { id: ids.account }),
  },
  {
    mutation: 'erasePersonalData',
    // (The key-person dossier's erasure is the relationship plugin's: plugins/relationship/dossier/dossier-audit.test.ts.)
    writes: [['Person', 'UPDATE']],
    run: () => mutate('erasePersonalData', `mutation($id: ID!) { erasePersonalData(personId: $id) { errors { message } } }`, { id: ids.person }),
  },
];

/** The database id in a global ID. */
const raw = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1]!;

const statementsOn = (statements: readonly string[], table: string) => statements.filter((s) => s.includes(table));
const verb = (sql: string) => /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();

describe('every mutation', () => {
  it('is covered here (add a step for a new mutation)', () => {
    expect(new Set(steps.map((s) => s.mutation))).toEqual(new Set(Object.keys(schema.getMutationType()!.getFields())));
  });

  it('only appends its own entries, and never updates or deletes one (erasure only blanks values)', async () => {
    for (const step of steps) {
      const before = await t.db.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } });
      const lastId = before.at(-1)?.id ?? 0;
      t.statements.length = 0;
      await step.run();
      const statements = statementsOn(t.statements, 'AuditEntry');
      const after = await t.db.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } });

      // Everything that was there is still there, the same (the erasure's exception below).
      const kept = after.filter((e) => e.id <= lastId);
      expect(kept.map((e) => e.id), step.mutation).toEqual(before.map((e) => e.id));
      const changed = kept.filter((e, i) => JSON.stringify(e) !== JSON.stringify(before[i]));
      if (step.mutation === 'erasePersonalData') {
        expect(changed.length).toBeGreaterThan(0);
        for (const entry of changed) {
          const was = before.find((e) => e.id === entry.id)!;
          expect({ ...entry, changes: '' }).toEqual({ ...was, changes: '' });
          // Only entries about the person's own records.
          expect(entry.entityId).toBe(raw(ids.person!));
          const blanked = Object.fromEntries(Object.keys(JSON.parse(was.changes)).map((k) => [k, { before: null, after: null }]));
          expect(JSON.parse(entry.changes)).toEqual(blanked);
        }
        expect(statements.map(verb).filter((v) => v !== 'SELECT' && v !== 'INSERT' && v !== 'UPDATE'), step.mutation).toEqual([]);
      } else {
        expect(changed, step.mutation).toEqual([]);
        expect(statements.map(verb).filter((v) => v !== 'SELECT' && v !== 'INSERT'), step.mutation).toEqual([]);
      }

      // New entries are the mutation's own writes, in order.
      const added = after.filter((e) => e.id > lastId);
      const expected = step.mutation === 'recordInvoice' ? [...step.writes, ...step.writes] : step.writes;
      expect(added.map((e) => [e.entityType, e.action]), step.mutation).toEqual(expected);
    }
  });
});
