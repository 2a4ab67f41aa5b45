/**
 * The role-by-operation matrix: for every row of docs/access-rules.md (every
 * query, mutation and subscription of core and of the configured plugins,
 * and every guarded field) and for every role, the operation succeeds on an
 * account inside the role's reach and is denied outside it, exactly as the
 * table says. The expectations come from the table itself, so the docs, the
 * rules and the behaviour cannot drift apart; a row without an operation
 * here fails the test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAccessTable, type AccessTableRow } from '../../src/auth/access-table.js';
import type { Reach } from '../../src/auth/access-rules.js';
import { readKamConfig } from '../../src/plugins/plugin-config.js';
import { loadPlugins } from '../../src/plugins/plugin-loader.js';
import { CORE_VERSION } from '../../src/version.js';
import { addPerson, assign, createAccount, createStaff, USER_ERROR_FIELDS } from '../support/fixtures.js';
import { liveClient, rawId, roundTrip, subscribe } from '../support/live-client.js';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app.js';

const table = parseAccessTable(readFileSync(new URL('../../docs/access-rules.md', import.meta.url), 'utf8'));

type Role = 'ANONYMOUS' | 'FRONTLINE' | 'MIDDLE' | 'TOP' | 'ADMINISTRATOR' | 'SERVICE';
const ROLES: Role[] = ['ANONYMOUS', 'FRONTLINE', 'MIDDLE', 'TOP', 'ADMINISTRATOR', 'SERVICE'];
/** The service account holds every scope the table mentions. */
const SERVICE_SCOPES = [...new Set(table.map((r) => r.serviceScope).filter((s): s is string => s !== null))];

/** What the table says a role reaches with a row. The administrator in this test is a middle manager. */
function expectedReach(row: AccessTableRow, role: Role): Reach {
  switch (role) {
    case 'ANONYMOUS':
      return row.anonymous;
    case 'SERVICE':
      return row.serviceScope && SERVICE_SCOPES.includes(row.serviceScope) ? 'all' : 'none';
    case 'ADMINISTRATOR':
      return row.administrators === 'all' ? 'all' : row.staff.MIDDLE;
    default:
      return row.staff[role];
  }
}

interface Account {
  id: string;
  name: string;
  /** Staff on its team, with their responsibility, so look-alike accounts can be made. */
  team: { staffId: string; responsibility: string }[];
  personId: string;
}

type Outcome = 'allowed' | 'denied';

interface Call {
  t: TestApp;
  token: string | null;
  account: Account;
}

const DENIAL_CODES = ['FORBIDDEN', 'UNAUTHENTICATED'];

/** Classifies a response: a FORBIDDEN/UNAUTHENTICATED error or a NOT_FOUND payload is a denial. */
function outcomeOf(response: GraphQLResponse, payloadKey?: string, present?: (data: any) => boolean): Outcome {
  const codes = (response.errors ?? []).map((e) => e.extensions?.code);
  if (codes.some((c) => DENIAL_CODES.includes(c as string))) return 'denied';
  if (response.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
  if (payloadKey) {
    const payload = response.data![payloadKey];
    const errors = payload.errors as { code: string }[];
    if (errors.some((e) => e.code === 'NOT_FOUND')) return 'denied';
    if (errors.length > 0) throw new Error(`unexpected payload errors: ${JSON.stringify(errors)}`);
    return 'allowed';
  }
  return present!(response.data) ? 'allowed' : 'denied';
}

let counter = 0;
const unique = (prefix: string) => `${prefix} ${++counter}`;
const DUE_LONG_AGO = { issuedAt: '2025-02-01T00:00:00.000Z', dueAt: '2025-03-01T00:00:00.000Z' };

async function recordInvoice(t: TestApp, account: Account, dates = DUE_LONG_AGO): Promise<string> {
  const data = await t.ok(`mutation($input: RecordInvoiceInput!) { recordInvoice(input: $input) { invoice { id } ${USER_ERROR_FIELDS} } }`, {
    input: { accountId: account.id, number: unique('INV'), amount: 1000, ...dates },
  });
  return data.recordInvoice.invoice.id;
}

/** An account with the same team as `like`, for operations that use their target up. */
async function lookAlike(t: TestApp, like: Account): Promise<Account> {
  const name = unique('Look-alike');
  const id = await createAccount(t, { name });
  for (const member of like.team) await assign(t, { accountId: id, ...member });
  return { id, name, team: like.team, personId: await addPerson(t, id, { name: unique('Contact') }) };
}

/** Opens the subscription as the caller and as the operator, triggers a change, and sees whether the caller got it. */
async function subscriptionOutcome(call: Call, query: string, variables: Record<string, unknown>, trigger: () => Promise<void>): Promise<Outcome> {
  const { t } = call;
  const client: Client = call.token
    ? liveClient(t.wsUrl, call.token)
    : createClient({ url: t.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  const beaconClient = liveClient(t.wsUrl, t.operator.token);
  try {
    const sub = subscribe(client, query, variables);
    const beacon = subscribe(beaconClient, query, variables);
    await roundTrip(client).catch(() => undefined);
    await roundTrip(beaconClient);
    if (sub.errors.length > 0) return 'denied';
    await trigger();
    await beacon.waitFor(1, 400);
    // The caller's filter runs per event; give it the same few turns the beacon had.
    for (let i = 0; i < 20 && sub.received.length === 0; i++) await roundTrip(client);
    if (sub.received.some((r: GraphQLResponse) => r.errors?.length)) {
      return outcomeOf(sub.received.find((r: GraphQLResponse) => r.errors?.length));
    }
    sub.dispose();
    beacon.dispose();
    return sub.received.length > 0 ? 'allowed' : 'denied';
  } finally {
    await client.dispose();
    await beaconClient.dispose();
  }
}

/** Health changes on demand: settles the account's overdue invoices when it has some, else records one. */
async function changeHealth(t: TestApp, account: Account): Promise<void> {
  const open = await t.db.prisma.invoice.findMany({ where: { accountId: rawId(account.id), status: 'OPEN' } });
  if (open.length > 0) {
    for (const invoice of open) await t.db.prisma.invoice.update({ where: { id: invoice.id }, data: { status: 'PAID', paidAt: new Date('2025-06-30T00:00:00.000Z') } });
    await t.app.runtime.health.recompute([rawId(account.id)], { name: 'test.invoices.settled' });
  } else {
    await recordInvoice(t, account);
  }
}

/** One representative call per row, run by `caller` against `account`. */
const OPERATIONS: Record<string, (call: Call) => Promise<Outcome>> = {
  'Query.account': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`query($id: ID!) { account(id: $id) { id } }`, { id: account.id }, token), undefined, (d) => d.account !== null),
  'Query.accounts': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`{ accounts(first: 100) { edges { node { id } } } }`, {}, token), undefined, (d) =>
      d.accounts.edges.some((e: any) => e.node.id === account.id),
    ),
  'Query.node': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: account.id }, token), undefined, (d) => d.node !== null),
  'Query.nodes': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [account.personId] }, token), undefined, (d) => d.nodes[0] !== null),
  'Query.people': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`query($a: ID!) { people(filter: { accountId: $a }) { edges { node { id } } } }`, { a: account.id }, token), undefined, (d) =>
      d.people.edges.some((e: any) => e.node.id === account.personId),
    ),
  'Query.portfolioHealth': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`query($s: String!) { portfolioHealth(filter: { search: $s }) { total } }`, { s: account.name }, token), undefined, (d) =>
      d.portfolioHealth.total === 1,
    ),
  'Query.nextBestActions': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`query($a: ID!) { nextBestActions(accountId: $a) { action } }`, { a: account.id }, token), undefined, (d) =>
      d.nextBestActions.length > 0,
    ),
  'Query.staff': async ({ t, token }) => outcomeOf(await t.gql(`{ staff(first: 1) { totalCount } }`, {}, token), undefined, (d) => d.staff.totalCount > 0),
  'Query.auditTrail': async ({ t, token }) =>
    outcomeOf(await t.gql(`{ auditTrail(first: 1) { totalCount } }`, {}, token), undefined, (d) => d.auditTrail.totalCount > 0),
  'Query.eventDeliveries': async ({ t, token }) =>
    outcomeOf(await t.gql(`{ eventDeliveries(first: 1) { totalCount } }`, {}, token), undefined, (d) => d.eventDeliveries.totalCount >= 0),
  'Query.sensitiveReads': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`query($p: ID!) { sensitiveReads(personId: $p, first: 1) { totalCount } }`, { p: account.personId }, token), undefined, (d) =>
      d.sensitiveReads.totalCount >= 0,
    ),
  'Query.overdueInvoices': async ({ t, token, account }) => {
    await recordInvoice(t, account);
    return outcomeOf(await t.gql(`{ overdueInvoices(first: 100) { edges { node { account { id } } } } }`, {}, token), undefined, (d) =>
      d.overdueInvoices.edges.some((e: any) => e.node.account.id === account.id),
    );
  },

  'Mutation.createAccount': async ({ t, token }) =>
    outcomeOf(
      await t.gql(`mutation($n: String!) { createAccount(input: { name: $n, industry: RETAIL }) { account { id } ${USER_ERROR_FIELDS} } }`, { n: unique('New') }, token),
      'createAccount',
    ),
  'Mutation.updateAccount': async ({ t, token, account }) =>
    outcomeOf(
      await t.gql(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "Jiangsu" }) { account { id } ${USER_ERROR_FIELDS} } }`, { id: account.id }, token),
      'updateAccount',
    ),
  'Mutation.archiveAccount': async ({ t, token, account }) => {
    const target = await lookAlike(t, account);
    return outcomeOf(await t.gql(`mutation($id: ID!) { archiveAccount(id: $id) { account { id } ${USER_ERROR_FIELDS} } }`, { id: target.id }, token), 'archiveAccount');
  },
  'Mutation.restoreAccount': async ({ t, token, account }) => {
    const target = await lookAlike(t, account);
    await t.ok(`mutation($id: ID!) { archiveAccount(id: $id) { errors { code } } }`, { id: target.id });
    return outcomeOf(await t.gql(`mutation($id: ID!) { restoreAccount(id: $id) { account { id } ${USER_ERROR_FIELDS} } }`, { id: target.id }, token), 'restoreAccount');
  },
  'Mutation.addPerson': async ({ t, token, account }) =>
    outcomeOf(
      await t.gql(`mutation($a: ID!) { addPerson(input: { accountId: $a, name: "New Contact" }) { person { id } ${USER_ERROR_FIELDS} } }`, { a: account.id }, token),
      'addPerson',
    ),
  'Mutation.updatePerson': async ({ t, token, account }) =>
    outcomeOf(
      await t.gql(`mutation($id: ID!) { updatePerson(id: $id, input: { title: "Director" }) { person { id } ${USER_ERROR_FIELDS} } }`, { id: account.personId }, token),
      'updatePerson',
    ),
  'Mutation.removePerson': async ({ t, token, account }) => {
    const personId = await addPerson(t, account.id, { name: unique('Leaving') });
    return outcomeOf(await t.gql(`mutation($id: ID!) { removePerson(id: $id) { person { id } ${USER_ERROR_FIELDS} } }`, { id: personId }, token), 'removePerson');
  },
  'Mutation.setPersonProfile': async ({ t, token, account }) =>
    outcomeOf(
      await t.gql(
        `mutation($p: ID!) { setPersonProfile(personId: $p, input: { hobbies: "Go" }) { profile { hobbies } ${USER_ERROR_FIELDS} } }`,
        { p: account.personId },
        token,
      ),
      'setPersonProfile',
    ),
  'Mutation.addPersonAnniversary': async ({ t, token, account }) =>
    outcomeOf(
      await t.gql(
        `mutation($p: ID!) { addPersonAnniversary(input: { personId: $p, kind: BIRTHDAY, label: "Birthday", date: "1970-05-04T00:00:00.000Z" }) { anniversary { id } ${USER_ERROR_FIELDS} } }`,
        { p: account.personId },
        token,
      ),
      'addPersonAnniversary',
    ),
  'Mutation.removePersonAnniversary': async ({ t, token, account }) => {
    const added = await t.ok(
      `mutation($p: ID!) { addPersonAnniversary(input: { personId: $p, kind: COMPANY, label: "Founded", date: "2001-09-01T00:00:00.000Z" }) { anniversary { id } } }`,
      { p: account.personId },
    );
    return outcomeOf(
      await t.gql(`mutation($id: ID!) { removePersonAnniversary(id: $id) { anniversary { id } ${USER_ERROR_FIELDS} } }`, { id: added.addPersonAnniversary.anniversary.id }, token),
      'removePersonAnniversary',
    );
  },
  'Mutation.exportPersonalData': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`mutation($p: ID!) { exportPersonalData(personId: $p) { document ${USER_ERROR_FIELDS} } }`, { p: account.personId }, token), 'exportPersonalData'),
  'Mutation.erasePersonalData': async ({ t, token, account }) => {
    const personId = await addPerson(t, account.id, { name: unique('Erasable') });
    return outcomeOf(await t.gql(`mutation($p: ID!) { erasePersonalData(personId: $p) { person { id } ${USER_ERROR_FIELDS} } }`, { p: personId }, token), 'erasePersonalData');
  },
  'Mutation.createStaff': async ({ t, token }) =>
    outcomeOf(
      await t.gql(
        `mutation($e: String!) { createStaff(input: { name: "New Hire", email: $e, level: FRONTLINE, department: "Service", hireDate: "2020-01-01T00:00:00.000Z" }) { staff { id } ${USER_ERROR_FIELDS} } }`,
        { e: `${unique('hire').replace(' ', '')}@sme.example` },
        token,
      ),
      'createStaff',
    ),
  'Mutation.updateStaff': async ({ t, token }) => {
    const staffId = await createStaff(t, { department: 'Logistics' });
    return outcomeOf(await t.gql(`mutation($id: ID!) { updateStaff(id: $id, input: { department: "Service" }) { staff { id } ${USER_ERROR_FIELDS} } }`, { id: staffId }, token), 'updateStaff');
  },
  'Mutation.assignTeamMember': async ({ t, token, account }) => {
    const staffId = await createStaff(t, { department: 'Logistics' });
    return outcomeOf(
      await t.gql(
        `mutation($a: ID!, $s: ID!) { assignTeamMember(input: { accountId: $a, staffId: $s, responsibility: SERVICE }) { teamMember { id } ${USER_ERROR_FIELDS} } }`,
        { a: account.id, s: staffId },
        token,
      ),
      'assignTeamMember',
    );
  },
  'Mutation.unassignTeamMember': async ({ t, token, account }) => {
    const staffId = await createStaff(t, { department: 'Logistics' });
    const member = await assign(t, { accountId: account.id, staffId, responsibility: 'SERVICE' });
    return outcomeOf(
      await t.gql(`mutation($id: ID!) { unassignTeamMember(id: $id) { teamMember { id } ${USER_ERROR_FIELDS} } }`, { id: member.teamMember!.id }, token),
      'unassignTeamMember',
    );
  },
  'Mutation.retryEventDelivery': async ({ t, token }) => {
    // Nothing is parked: an allowed caller hears NOT_FOUND in the payload, a denied one FORBIDDEN.
    const response = await t.gql(`mutation { retryEventDelivery(id: "RXZlbnREZWxpdmVyeTo5OTk5OTk=") { errors { code } } }`, {}, token);
    return response.errors?.some((e) => DENIAL_CODES.includes(e.extensions?.code as string)) ? 'denied' : 'allowed';
  },
  'Mutation.recordInvoice': async ({ t, token, account }) =>
    outcomeOf(
      await t.gql(
        `mutation($input: RecordInvoiceInput!) { recordInvoice(input: $input) { invoice { id } ${USER_ERROR_FIELDS} } }`,
        { input: { accountId: account.id, number: unique('R'), amount: 10, issuedAt: '2025-06-01T00:00:00.000Z', dueAt: '2025-08-01T00:00:00.000Z' } },
        token,
      ),
      'recordInvoice',
    ),
  'Mutation.markInvoicePaid': async ({ t, token, account }) => {
    const id = await recordInvoice(t, account, { issuedAt: '2025-06-01T00:00:00.000Z', dueAt: '2025-08-01T00:00:00.000Z' });
    return outcomeOf(await t.gql(`mutation($id: ID!) { markInvoicePaid(id: $id) { invoice { id } ${USER_ERROR_FIELDS} } }`, { id }, token), 'markInvoicePaid');
  },
  'Mutation.writeOffInvoice': async ({ t, token, account }) => {
    const id = await recordInvoice(t, account, { issuedAt: '2025-06-01T00:00:00.000Z', dueAt: '2025-08-01T00:00:00.000Z' });
    return outcomeOf(await t.gql(`mutation($id: ID!) { writeOffInvoice(id: $id) { invoice { id } ${USER_ERROR_FIELDS} } }`, { id }, token), 'writeOffInvoice');
  },

  'Person.profile': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`query($id: ID!) { node(id: $id) { ... on Person { profile { hobbies } } } }`, { id: account.personId }, token), undefined, (d) =>
      Boolean(d.node?.profile),
    ),
  'Person.anniversaries': async ({ t, token, account }) =>
    outcomeOf(await t.gql(`query($id: ID!) { node(id: $id) { ... on Person { anniversaries { label } } } }`, { id: account.personId }, token), undefined, (d) =>
      Boolean(d.node?.anniversaries?.length),
    ),

  'Subscription.accountChanged': (call) =>
    subscriptionOutcome(call, `subscription($id: ID) { accountChanged(id: $id) { account { id } } }`, { id: call.account.id }, async () => {
      await call.t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "${unique('Region')}" }) { errors { code } } }`, { id: call.account.id });
    }),
  'Subscription.accountHealthChanged': (call) =>
    subscriptionOutcome(call, `subscription($a: ID!) { accountHealthChanged(accountId: $a) { current { score } } }`, { a: call.account.id }, () =>
      changeHealth(call.t, call.account),
    ),
  'Subscription.portfolioHealthChanged': (call) =>
    subscriptionOutcome(
      call,
      `subscription($s: String!) { portfolioHealthChanged(filter: { search: $s }) { current { score } } }`,
      { s: call.account.name },
      () => changeHealth(call.t, call.account),
    ),
};

describe('role-by-operation matrix (docs/access-rules.md)', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string | null>;
  /** Per role, an account inside each reach and one just outside it. */
  const inside = {} as Record<Role, Partial<Record<Reach, Account>>>;
  const outside = {} as Record<Role, Partial<Record<Reach, Account>>>;

  beforeAll(async () => {
    const plugins = await loadPlugins(readKamConfig(fileURLToPath(new URL('../../kam.config.json', import.meta.url))), CORE_VERSION);
    t = await startTestApp({ plugins });
    const staff = async (level: string, department: string) => createStaff(t, { level, department, hireDate: '2010-01-01T00:00:00.000Z' });
    const frontline = await staff('FRONTLINE', 'East Sales');
    const middle = await staff('MIDDLE', 'East Sales');
    const top = await staff('TOP', 'Management');
    const administrator = await staff('MIDDLE', 'Office');
    await t.db.prisma.staff.update({ where: { id: rawId(administrator) }, data: { isAdministrator: true } });
    const colleague = await staff('FRONTLINE', 'East Sales');
    const stranger = await staff('FRONTLINE', 'West Service');

    const account = async (label: string, team: Account['team']): Promise<Account> => {
      const name = unique(label);
      const id = await createAccount(t, { name });
      for (const member of team) expect((await assign(t, { accountId: id, ...member })).errors).toEqual([]);
      const personId = await addPerson(t, id, { name: unique('Key Person'), isKeyPerson: true });
      await t.ok(`mutation($p: ID!) { setPersonProfile(personId: $p, input: { hobbies: "Calligraphy" }) { errors { code } } }`, { p: personId });
      await t.ok(
        `mutation($p: ID!) { addPersonAnniversary(input: { personId: $p, kind: BIRTHDAY, label: "Birthday", date: "1970-05-04T00:00:00.000Z" }) { errors { code } } }`,
        { p: personId },
      );
      // An overdue invoice gives every account a next best action.
      await recordInvoice(t, { id, name, team, personId });
      return { id, name, team, personId };
    };
    const owns = (staffId: string) => [{ staffId, responsibility: 'RELATIONSHIP' }];
    const serves = (staffId: string) => [{ staffId, responsibility: 'SERVICE' }];
    const elsewhere = await account('Elsewhere', serves(stranger));
    const department = await account('Department', serves(colleague));
    const accounts = {
      FRONTLINE: { owned: await account('Frontline owns', owns(frontline)), served: await account('Frontline serves', serves(frontline)) },
      MIDDLE: { owned: await account('Middle owns', owns(middle)), served: await account('Middle sells', [{ staffId: middle, responsibility: 'SALES' }]) },
      ADMINISTRATOR: {
        owned: await account('Administrator owns', owns(administrator)),
        served: await account('Administrator serves', serves(administrator)),
      },
    };
    await t.app.runtime.dispatcher.drain();
    await t.app.runtime.health.recomputeAll();

    tokens.ANONYMOUS = null;
    tokens.FRONTLINE = await t.tokenFor(rawId(frontline));
    tokens.MIDDLE = await t.tokenFor(rawId(middle));
    tokens.TOP = await t.tokenFor(rawId(top));
    tokens.ADMINISTRATOR = await t.tokenFor(rawId(administrator));
    tokens.SERVICE = await t.serviceToken('partner', SERVICE_SCOPES);

    for (const role of ROLES) {
      const own = accounts[role as keyof typeof accounts];
      // Reach "department": the administrator's department (Office) has no accounts of its own.
      inside[role] = { all: elsewhere, department: own ? (role === 'ADMINISTRATOR' ? own.served : department) : undefined, team: own?.served, relationship: own?.owned };
      outside[role] = { department: elsewhere, team: department, relationship: own?.served, none: own?.served ?? elsewhere };
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('covers every row of the table with an operation', () => {
    expect(table.length).toBeGreaterThan(30);
    expect(table.map((r) => r.coordinate).filter((c) => !OPERATIONS[c])).toEqual([]);
  });

  for (const row of table) {
    it(`${row.coordinate} for each role as the table says`, async () => {
      const run = OPERATIONS[row.coordinate];
      if (!run) throw new Error(`no operation for ${row.coordinate}`);
      const observed: string[] = [];
      const expected: string[] = [];
      for (const role of ROLES) {
        const reach = expectedReach(row, role);
        const token = tokens[role];
        if (reach !== 'none') {
          const target = inside[role][reach];
          if (!target) throw new Error(`no account inside reach ${reach} for ${role}`);
          expected.push(`${role} inside ${reach}: allowed`);
          observed.push(`${role} inside ${reach}: ${await run({ t, token, account: target })}`);
        }
        if (reach !== 'all') {
          const target = outside[role][reach]!;
          expected.push(`${role} outside ${reach}: denied`);
          observed.push(`${role} outside ${reach}: ${await run({ t, token, account: target })}`);
        }
      }
      expect(observed).toEqual(expected);
    }, 120_000);
  }
});
