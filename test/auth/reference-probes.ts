/**
 * Core's reference probes: for every argument that names a record (an ID
 * argument or input field of a root field) and every cursor argument of a
 * connection, one call that puts a given id (or cursor) there, with every
 * other argument valid for the caller. test/auth/hidden-references.test.ts
 * runs each with a hidden record's id and with a missing one and expects
 * the same answer.
 */
import type { GraphQLResponse, TestApp } from '../support/test-app.js';
import { USER_ERROR_FIELDS } from '../support/fixtures.js';

/** The records a probe can use besides the one under test, on an account the caller reaches. */
export interface ReferenceCall {
  t: TestApp;
  token: string;
  /** Global ids of records on an account every probing role reads and works on. */
  visible: Record<string, string>;
}

export interface ReferenceProbe {
  /** The type of record the argument names; the suite passes a hidden and a missing one of it. */
  type: string;
  run(call: ReferenceCall, id: string): Promise<GraphQLResponse | unknown>;
}

export interface CursorProbe {
  /** The cursor scope: the connection and its ordering (src/schema/connections), to sign a position no record holds. */
  scope?: string;
  /**
   * For lists without hidden records (the staff directory): removes the record the cursor came from, so the
   * same cursor then names a record that does not exist.
   */
  forget?(t: TestApp): Promise<void>;
  /** A genuine cursor of a record the probing roles cannot see, taken as the operator. */
  source(t: TestApp, hidden: Record<string, string>): Promise<string>;
  /** The connection paged from `cursor` as the caller. */
  page(call: ReferenceCall, cursor: string): Promise<GraphQLResponse | unknown>;
}

const gql = (call: ReferenceCall, query: string, variables: Record<string, unknown>) => call.t.gql(query, variables, call.token);
const mutation = (call: ReferenceCall, field: string, result: string, args: string, variables: Record<string, unknown>) =>
  gql(call, `mutation(${Object.keys(variables).map((k) => `$${k}: ID!`).join(', ')}) { ${field}(${args}) { ${result} ${USER_ERROR_FIELDS} } }`, variables);

export const CORE_REFERENCE_PROBES: Record<string, ReferenceProbe> = {
  'Query.account(id)': { type: 'Account', run: (c, id) => gql(c, `query($id: ID!) { account(id: $id) { id name } }`, { id }) },
  'Query.node(id)': { type: 'Person', run: (c, id) => gql(c, `query($id: ID!) { node(id: $id) { id ... on Person { name } } }`, { id }) },
  'Query.nodes(ids)': {
    type: 'Account',
    run: (c, id) => gql(c, `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Account { name } } }`, { ids: [c.visible.Account, id] }),
  },
  'Query.people(filter.accountId)': {
    type: 'Account',
    run: (c, id) => gql(c, `query($id: ID!) { people(filter: { accountId: $id }) { totalCount edges { node { name } } } }`, { id }),
  },
  'Query.nextBestActions(accountId)': { type: 'Account', run: (c, id) => gql(c, `query($id: ID!) { nextBestActions(accountId: $id) { action } }`, { id }) },
  'Query.sensitiveReads(personId)': { type: 'Person', run: (c, id) => gql(c, `query($id: ID!) { sensitiveReads(personId: $id) { totalCount } }`, { id }) },
  'Query.auditTrail(filter.entityId)': { type: 'Person', run: (c, id) => gql(c, `query($id: ID!) { auditTrail(filter: { entityId: $id }) { totalCount } }`, { id }) },
  'Query.auditTrail(filter.accountId)': { type: 'Account', run: (c, id) => gql(c, `query($id: ID!) { auditTrail(filter: { accountId: $id }) { totalCount } }`, { id }) },

  'Mutation.updateAccount(id)': { type: 'Account', run: (c, id) => mutation(c, 'updateAccount', 'account { id }', 'id: $id, input: { region: "Probe" }', { id }) },
  'Mutation.archiveAccount(id)': { type: 'Account', run: (c, id) => mutation(c, 'archiveAccount', 'account { id }', 'id: $id', { id }) },
  'Mutation.restoreAccount(id)': { type: 'Account', run: (c, id) => mutation(c, 'restoreAccount', 'account { id }', 'id: $id', { id }) },
  'Mutation.addPerson(input.accountId)': {
    type: 'Account',
    run: (c, id) => mutation(c, 'addPerson', 'person { id }', 'input: { accountId: $id, name: "Probe Contact" }', { id }),
  },
  'Mutation.addPerson(input.reportsToId)': {
    type: 'Person',
    run: (c, id) => mutation(c, 'addPerson', 'person { id }', 'input: { accountId: $a, name: "Probe Contact", reportsToId: $id }', { a: c.visible.Account, id }),
  },
  'Mutation.updatePerson(id)': { type: 'Person', run: (c, id) => mutation(c, 'updatePerson', 'person { id }', 'id: $id, input: { title: "Probe" }', { id }) },
  'Mutation.updatePerson(input.reportsToId)': {
    type: 'Person',
    run: (c, id) => mutation(c, 'updatePerson', 'person { id }', 'id: $p, input: { reportsToId: $id }', { p: c.visible.Person, id }),
  },
  'Mutation.removePerson(id)': { type: 'Person', run: (c, id) => mutation(c, 'removePerson', 'person { id }', 'id: $id', { id }) },
  'Mutation.setPersonProfile(personId)': {
    type: 'Person',
    run: (c, id) => mutation(c, 'setPersonProfile', 'profile { hobbies }', 'personId: $id, input: { hobbies: "Probe" }', { id }),
  },
  'Mutation.addPersonAnniversary(input.personId)': {
    type: 'Person',
    run: (c, id) =>
      mutation(c, 'addPersonAnniversary', 'anniversary { id }', 'input: { personId: $id, kind: COMPANY, label: "Probe", date: "2001-05-01" }', { id }),
  },
  'Mutation.removePersonAnniversary(id)': { type: 'PersonAnniversary', run: (c, id) => mutation(c, 'removePersonAnniversary', 'anniversary { id }', 'id: $id', { id }) },
  'Mutation.exportPersonalData(personId)': { type: 'Person', run: (c, id) => mutation(c, 'exportPersonalData', 'document', 'personId: $id', { id }) },
  'Mutation.erasePersonalData(personId)': { type: 'Person', run: (c, id) => mutation(c, 'erasePersonalData', 'person { id }', 'personId: $id', { id }) },
  'Mutation.updateStaff(id)': { type: 'Staff', run: (c, id) => mutation(c, 'updateStaff', 'staff { id }', 'id: $id, input: { department: "Probe" }', { id }) },
  'Mutation.assignTeamMember(input.accountId)': {
    type: 'Account',
    run: (c, id) =>
      mutation(c, 'assignTeamMember', 'teamMember { id }', 'input: { accountId: $id, staffId: $s, responsibility: SERVICE }', { id, s: c.visible.Staff }),
  },
  'Mutation.assignTeamMember(input.staffId)': {
    type: 'Staff',
    run: (c, id) =>
      mutation(c, 'assignTeamMember', 'teamMember { id }', 'input: { accountId: $a, staffId: $id, responsibility: SERVICE }', { a: c.visible.Account, id }),
  },
  'Mutation.unassignTeamMember(id)': { type: 'AccountTeamMember', run: (c, id) => mutation(c, 'unassignTeamMember', 'teamMember { id }', 'id: $id', { id }) },
  'Mutation.retryEventDelivery(id)': { type: 'EventDelivery', run: (c, id) => mutation(c, 'retryEventDelivery', 'delivery { id }', 'id: $id', { id }) },

  'Subscription.accountChanged(id)': { type: 'Account', run: (c, id) => subscriptionOutcome(c, `subscription($id: ID) { accountChanged(id: $id) { account { name } } }`, { id }) },
  'Subscription.accountChanged(after)': {
    type: 'AccountChangedEvent',
    run: (c, id) => subscriptionOutcome(c, `subscription($after: ID) { accountChanged(after: $after) { account { name } } }`, { after: id }),
  },
  'Subscription.accountHealthChanged(after)': {
    type: 'HealthChangedEvent',
    run: (c, id) =>
      subscriptionOutcome(c, `subscription($a: ID!, $after: ID) { accountHealthChanged(accountId: $a, after: $after) { current { score } } }`, { a: c.visible.Account, after: id }),
  },
  'Subscription.portfolioHealthChanged(after)': {
    type: 'HealthChangedEvent',
    run: (c, id) => subscriptionOutcome(c, `subscription($after: ID) { portfolioHealthChanged(after: $after) { current { score } } }`, { after: id }),
  },
  'Subscription.accountHealthChanged(accountId)': {
    type: 'Account',
    run: (c, id) => subscriptionOutcome(c, `subscription($id: ID!) { accountHealthChanged(accountId: $id) { current { score } } }`, { id }),
  },
};

/** Subscriptions answer at once with errors, or with nothing until an event: both are compared. */
async function subscriptionOutcome(call: ReferenceCall, query: string, variables: Record<string, unknown>) {
  const { liveClient, roundTrip, subscribe } = await import('../support/live-client.js');
  const client = liveClient(call.t.wsUrl, call.token);
  try {
    const sub = subscribe(client, query, variables);
    await roundTrip(client);
    await roundTrip(client);
    sub.dispose();
    return { received: sub.received, errors: sub.errors };
  } finally {
    await client.dispose();
  }
}

const ORDER_BY_NAME = '{ field: NAME, direction: ASC }';

const PROBE_STAFF_EMAIL = 'cursor-probe@sme.example';

/** The staff directory hides no one: a probe staff member's cursor, to compare before and after the member is gone. */
async function probeStaffCursor(t: TestApp): Promise<string> {
  await forgetProbeStaff(t);
  const { createStaff } = await import('../support/fixtures.js');
  const id = await createStaff(t, { name: 'Meng Probe', email: PROBE_STAFF_EMAIL });
  const data = await t.ok(`{ staff(first: 100) { edges { cursor node { id } } } }`);
  return data.staff.edges.find((e: any) => e.node.id === id).cursor;
}

async function forgetProbeStaff(t: TestApp): Promise<void> {
  await t.db.prisma.staff.deleteMany({ where: { email: PROBE_STAFF_EMAIL } });
}

export const CORE_CURSOR_PROBES: Record<string, CursorProbe> = {
  'Query.accounts(after)': {
    scope: 'Query.accounts|searchName:asc,id:asc',
    source: async (t, hidden) => {
      const data = await t.ok(`{ accounts(first: 100, orderBy: ${ORDER_BY_NAME}) { edges { cursor node { id } } } }`);
      return data.accounts.edges.find((e: any) => e.node.id === hidden.Account).cursor;
    },
    page: (c, cursor) => gql(c, `query($c: String) { accounts(first: 5, after: $c, orderBy: ${ORDER_BY_NAME}) { edges { node { name } } pageInfo { hasNextPage } } }`, { c: cursor }),
  },
  'Query.accounts(before)': {
    scope: 'Query.accounts|searchName:asc,id:asc',
    source: async (t, hidden) => {
      const data = await t.ok(`{ accounts(first: 100, orderBy: ${ORDER_BY_NAME}) { edges { cursor node { id } } } }`);
      return data.accounts.edges.find((e: any) => e.node.id === hidden.Account).cursor;
    },
    page: (c, cursor) => gql(c, `query($c: String) { accounts(last: 5, before: $c, orderBy: ${ORDER_BY_NAME}) { edges { node { name } } pageInfo { hasPreviousPage } } }`, { c: cursor }),
  },
  'Query.people(after)': {
    scope: 'Query.people|searchName:asc,id:asc',
    source: async (t, hidden) => {
      const data = await t.ok(`{ people(first: 100) { edges { cursor node { id } } } }`);
      return data.people.edges.find((e: any) => e.node.id === hidden.Person).cursor;
    },
    page: (c, cursor) => gql(c, `query($c: String) { people(first: 5, after: $c) { edges { node { name } } } }`, { c: cursor }),
  },
  'Query.people(before)': {
    scope: 'Query.people|searchName:asc,id:asc',
    source: async (t, hidden) => {
      const data = await t.ok(`{ people(first: 100) { edges { cursor node { id } } } }`);
      return data.people.edges.find((e: any) => e.node.id === hidden.Person).cursor;
    },
    page: (c, cursor) => gql(c, `query($c: String) { people(last: 5, before: $c) { edges { node { name } } } }`, { c: cursor }),
  },
  'Query.staff(after)': {
    source: (t) => probeStaffCursor(t),
    forget: (t) => forgetProbeStaff(t),
    page: (c, cursor) => gql(c, `query($c: String) { staff(first: 5, after: $c) { edges { node { name } } } }`, { c: cursor }),
  },
  'Query.staff(before)': {
    source: (t) => probeStaffCursor(t),
    forget: (t) => forgetProbeStaff(t),
    page: (c, cursor) => gql(c, `query($c: String) { staff(last: 5, before: $c) { edges { node { name } } } }`, { c: cursor }),
  },
  'Query.auditTrail(after)': {
    scope: 'Query.auditTrail|at:desc,id:desc',
    source: async (t) => (await t.ok(`{ auditTrail(first: 1) { pageInfo { endCursor } } }`)).auditTrail.pageInfo.endCursor,
    page: (c, cursor) => gql(c, `query($c: String) { auditTrail(first: 5, after: $c) { totalCount } }`, { c: cursor }),
  },
  'Query.auditTrail(before)': {
    scope: 'Query.auditTrail|at:desc,id:desc',
    source: async (t) => (await t.ok(`{ auditTrail(first: 1) { pageInfo { endCursor } } }`)).auditTrail.pageInfo.endCursor,
    page: (c, cursor) => gql(c, `query($c: String) { auditTrail(last: 5, before: $c) { totalCount } }`, { c: cursor }),
  },
  'Query.eventDeliveries(after)': {
    scope: 'Query.eventDeliveries|id:asc',
    source: async (t) => (await t.ok(`{ eventDeliveries(first: 1) { pageInfo { endCursor } } }`)).eventDeliveries.pageInfo.endCursor,
    page: (c, cursor) => gql(c, `query($c: String) { eventDeliveries(first: 5, after: $c) { totalCount } }`, { c: cursor }),
  },
  'Query.eventDeliveries(before)': {
    scope: 'Query.eventDeliveries|id:asc',
    source: async (t) => (await t.ok(`{ eventDeliveries(first: 1) { pageInfo { endCursor } } }`)).eventDeliveries.pageInfo.endCursor,
    page: (c, cursor) => gql(c, `query($c: String) { eventDeliveries(last: 5, before: $c) { totalCount } }`, { c: cursor }),
  },
  'Query.sensitiveReads(after)': {
    scope: 'Query.sensitiveReads|id:desc',
    source: async (t, hidden) => (await t.ok(`query($p: ID!) { sensitiveReads(personId: $p, first: 1) { pageInfo { endCursor } } }`, { p: hidden.Person })).sensitiveReads.pageInfo.endCursor,
    page: (c, cursor) => gql(c, `query($c: String, $p: ID!) { sensitiveReads(personId: $p, first: 5, after: $c) { totalCount } }`, { c: cursor, p: c.visible.Person }),
  },
  'Query.sensitiveReads(before)': {
    scope: 'Query.sensitiveReads|id:desc',
    source: async (t, hidden) => (await t.ok(`query($p: ID!) { sensitiveReads(personId: $p, first: 1) { pageInfo { endCursor } } }`, { p: hidden.Person })).sensitiveReads.pageInfo.endCursor,
    page: (c, cursor) => gql(c, `query($c: String, $p: ID!) { sensitiveReads(personId: $p, last: 5, before: $c) { totalCount } }`, { c: cursor, p: c.visible.Person }),
  },
  'Account.people(after)': {
    scope: 'Account.people|searchName:asc,id:asc',
    source: async (t, hidden) => (await t.ok(`query($a: ID!) { account(id: $a) { people(first: 1) { pageInfo { endCursor } } } }`, { a: hidden.Account })).account.people.pageInfo.endCursor,
    page: (c, cursor) => gql(c, `query($a: ID!, $c: String) { account(id: $a) { people(first: 5, after: $c) { edges { node { name } } } } }`, { a: c.visible.Account, c: cursor }),
  },
  'Account.people(before)': {
    scope: 'Account.people|searchName:asc,id:asc',
    source: async (t, hidden) => (await t.ok(`query($a: ID!) { account(id: $a) { people(first: 1) { pageInfo { endCursor } } } }`, { a: hidden.Account })).account.people.pageInfo.endCursor,
    page: (c, cursor) => gql(c, `query($a: ID!, $c: String) { account(id: $a) { people(last: 5, before: $c) { edges { node { name } } } } }`, { a: c.visible.Account, c: cursor }),
  },
  'Account.healthHistory(after)': {
    scope: 'Account.healthHistory|computedAt:desc,id:desc',
    source: async (t, hidden) =>
      (await t.ok(`query($a: ID!) { account(id: $a) { healthHistory(first: 1) { pageInfo { endCursor } } } }`, { a: hidden.Account })).account.healthHistory.pageInfo.endCursor,
    page: (c, cursor) => gql(c, `query($a: ID!, $c: String) { account(id: $a) { healthHistory(first: 5, after: $c) { edges { node { score } } } } }`, { a: c.visible.Account, c: cursor }),
  },
  'Account.healthHistory(before)': {
    scope: 'Account.healthHistory|computedAt:desc,id:desc',
    source: async (t, hidden) =>
      (await t.ok(`query($a: ID!) { account(id: $a) { healthHistory(first: 1) { pageInfo { endCursor } } } }`, { a: hidden.Account })).account.healthHistory.pageInfo.endCursor,
    page: (c, cursor) => gql(c, `query($a: ID!, $c: String) { account(id: $a) { healthHistory(last: 5, before: $c) { edges { node { score } } } } }`, { a: c.visible.Account, c: cursor }),
  },
};
