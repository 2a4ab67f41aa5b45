/**
 * Core's access probes (see test/support/access-probes.ts): one call per
 * row of core's access rules, one per argument of core's root fields that
 * names a record, and one per cursor of core's connections. The matrix
 * (access-matrix.test.ts) and the hidden-reference suite
 * (hidden-references.test.ts) run them, with every configured plugin's.
 *
 * Health and agenda probes need a stave and an agenda contribution: the
 * suites load the contact-coverage fixture plugin beside the configured ones.
 */
import {
  createStaff,
  deniedOrAllowed,
  outcomeOf,
  subscriptionAnswer,
  subscriptionOutcome,
  unique,
  USER_ERROR_FIELDS,
  addPerson,
  assign,
  rawId,
  type AccessProbes,
  type CursorProbe,
  type ReferenceCall,
  type ReferenceProbe,
  type TestApp,
} from '../support/index.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';

const operations: AccessProbes['operations'] = {
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
  'Mutation.archiveAccount': async ({ t, token, lookAlike }) => {
    const target = await lookAlike();
    return outcomeOf(await t.gql(`mutation($id: ID!) { archiveAccount(id: $id) { account { id } ${USER_ERROR_FIELDS} } }`, { id: target.id }, token), 'archiveAccount');
  },
  'Mutation.restoreAccount': async ({ t, token, lookAlike }) => {
    const target = await lookAlike();
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
    return deniedOrAllowed(await t.gql(`mutation { retryEventDelivery(id: "RXZlbnREZWxpdmVyeTo5OTk5OTk=") { errors { code } } }`, {}, token));
  },

  'Query.myAgenda': async ({ t, token }) =>
    outcomeOf(await t.gql(`{ myAgenda(first: 5) { totalCount edges { node { title } } } }`, {}, token), undefined, () => true),
  // Reach "all" means every staff member may listen; what reaches them is their own teams' changes (test/agenda).
  'Subscription.agendaChanged': async ({ t, token }) => {
    const answer = await subscriptionAnswer({ t, token }, `subscription { agendaChanged { id } }`, {});
    return answer.errors.length > 0 || answer.received.some((r) => r.errors?.length) ? 'denied' : 'allowed';
  },
  'Subscription.accountChanged': (call) =>
    subscriptionOutcome(call, `subscription($id: ID) { accountChanged(id: $id) { account { id } } }`, { id: call.account.id }, async () => {
      await call.t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "${unique('Region')}" }) { errors { code } } }`, { id: call.account.id });
    }),
  'Subscription.accountHealthChanged': (call) =>
    subscriptionOutcome(call, `subscription($a: ID!) { accountHealthChanged(accountId: $a) { current { score } } }`, { a: call.account.id }, () => call.changeHealth()),
  'Subscription.portfolioHealthChanged': (call) =>
    subscriptionOutcome(
      call,
      `subscription($s: String!) { portfolioHealthChanged(filter: { search: $s }) { current { score } } }`,
      { s: call.account.name },
      () => call.changeHealth(),
    ),
};


const gql = (call: ReferenceCall, query: string, variables: Record<string, unknown>) => call.t.gql(query, variables, call.token);
const mutation = (call: ReferenceCall, field: string, result: string, args: string, variables: Record<string, unknown>) =>
  gql(call, `mutation(${Object.keys(variables).map((k) => `$${k}: ID!`).join(', ')}) { ${field}(${args}) { ${result} ${USER_ERROR_FIELDS} } }`, variables);

const references: Record<string, ReferenceProbe> = {
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

  'Subscription.accountChanged(id)': { type: 'Account', run: (c, id) => subscriptionAnswer(c, `subscription($id: ID) { accountChanged(id: $id) { account { name } } }`, { id }) },
  'Subscription.accountChanged(after)': {
    type: 'AccountChangedEvent',
    ids: (t, hidden) => newestEventOf(t, hidden.Account!, 'core.account.updated', () => touchAccount(t, hidden.Account!)),
    run: (c, id) => subscriptionAnswer(c, `subscription($after: ID) { accountChanged(after: $after) { account { name } } }`, { after: id }),
  },
  'Subscription.accountHealthChanged(after)': {
    type: 'HealthChangedEvent',
    ids: (t, hidden) => newestHealthChangeOf(t, hidden.Account!),
    run: (c, id) =>
      subscriptionAnswer(c, `subscription($a: ID!, $after: ID) { accountHealthChanged(accountId: $a, after: $after) { current { score } } }`, { a: c.visible.Account, after: id }),
  },
  'Subscription.portfolioHealthChanged(after)': {
    type: 'HealthChangedEvent',
    ids: (t, hidden) => newestHealthChangeOf(t, hidden.Account!),
    run: (c, id) => subscriptionAnswer(c, `subscription($after: ID) { portfolioHealthChanged(after: $after) { current { score } } }`, { after: id }),
  },
  'Subscription.agendaChanged(after)': {
    type: 'AgendaChange',
    // Adding a person changes the contact-coverage fixture's agenda, so its outbox row is an agenda notice.
    ids: (t, hidden) => newestEventOf(t, hidden.Account!, 'core.person.added', async () => void (await addPerson(t, hidden.Account!, { name: unique('Agenda Contact') }))),
    run: (c, id) => subscriptionAnswer(c, `subscription($after: ID) { agendaChanged(after: $after) { cause } }`, { after: id }),
  },
  'Subscription.accountHealthChanged(accountId)': {
    type: 'Account',
    run: (c, id) => subscriptionAnswer(c, `subscription($id: ID!) { accountHealthChanged(accountId: $id) { current { score } } }`, { id }),
  },
};

/** The account's region changed as the operator, so it has a fresh `core.account.updated` event. */
async function touchAccount(t: TestApp, accountId: string): Promise<void> {
  await t.ok(`mutation($id: ID!, $r: String!) { updateAccount(id: $id, input: { region: $r }) { errors { code } } }`, { id: accountId, r: unique('Probe Region') });
}

/**
 * Live event ids are positions in a topic: the newest event of the hidden account (made just now, so none
 * follows it) against the next position, where there is none yet.
 */
async function newestEventOf(t: TestApp, accountId: string, name: string, make: () => Promise<void>): Promise<{ hidden: string; missing: string }> {
  await make();
  await t.app.runtime.dispatcher.drain();
  const event = await t.db.prisma.outboxEvent.findFirstOrThrow({ where: { accountId: rawId(accountId), name }, orderBy: { id: 'desc' } });
  return { hidden: String(event.id), missing: String(event.id + 1) };
}

async function newestHealthChangeOf(t: TestApp, accountId: string): Promise<{ hidden: string; missing: string }> {
  await changeContactCoverage(t, accountId);
  const change = await t.db.prisma.accountHealthChange.findFirstOrThrow({ where: { accountId: rawId(accountId) }, orderBy: { id: 'desc' } });
  return { hidden: String(change.id), missing: String(change.id + 1) };
}

/**
 * Changes the account's health now, through the contact-coverage fixture's stave: a spare contact's
 * key-person flag flips (its score moves between one and two key persons), and health is recomputed.
 */
export async function changeContactCoverage(t: TestApp, accountId: string): Promise<void> {
  const spare = await t.db.prisma.person.findFirst({ where: { accountId: rawId(accountId), name: 'Spare Contact' } });
  if (!spare) await addPerson(t, accountId, { name: 'Spare Contact', isKeyPerson: true });
  else await t.ok(`mutation($id: ID!, $k: Boolean!) { updatePerson(id: $id, input: { isKeyPerson: $k }) { errors { code } } }`, { id: encodeGlobalId('Person', spare.id), k: !spare.isKeyPerson });
  await t.app.runtime.dispatcher.drain();
  await t.app.runtime.health.recompute([rawId(accountId)], { name: 'test.contact-coverage' });
}

/** A cursor of someone else's agenda: the hidden account's relationship owner's item from the contact-coverage fixture. */
async function agendaCursorOf(t: TestApp, accountId: string): Promise<string> {
  let owner = await t.db.prisma.staff.findUnique({ where: { email: AGENDA_OWNER_EMAIL } });
  if (!owner) {
    const id = await createStaff(t, { name: 'Agenda Owner', email: AGENDA_OWNER_EMAIL, department: 'Agenda Probe' });
    await assign(t, { accountId, staffId: id, responsibility: 'RELATIONSHIP' });
    owner = await t.db.prisma.staff.findUniqueOrThrow({ where: { email: AGENDA_OWNER_EMAIL } });
  }
  const data = await t.ok(`{ myAgenda(first: 20) { edges { cursor node { account { id } } } } }`, {}, await t.tokenFor(owner.id));
  return data.myAgenda.edges.find((e: any) => e.node.account?.id === accountId).cursor;
}
const AGENDA_OWNER_EMAIL = 'agenda-probe@sme.example';

const ORDER_BY_NAME = '{ field: NAME, direction: ASC }';

const PROBE_STAFF_EMAIL = 'cursor-probe@sme.example';

/** The staff directory hides no one: a probe staff member's cursor, to compare before and after the member is gone. */
async function probeStaffCursor(t: TestApp): Promise<string> {
  await forgetProbeStaff(t);
  const id = await createStaff(t, { name: 'Meng Probe', email: PROBE_STAFF_EMAIL });
  const data = await t.ok(`{ staff(first: 100) { edges { cursor node { id } } } }`);
  return data.staff.edges.find((e: any) => e.node.id === id).cursor;
}

async function forgetProbeStaff(t: TestApp): Promise<void> {
  await t.db.prisma.staff.deleteMany({ where: { email: PROBE_STAFF_EMAIL } });
}

const cursors: Record<string, CursorProbe> = {
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
  'Query.myAgenda(after)': {
    scope: 'Query.myAgenda|soonest',
    source: (t, hidden) => agendaCursorOf(t, hidden.Account!),
    page: (c, cursor) => gql(c, `query($c: String) { myAgenda(first: 5, after: $c) { edges { node { title } } } }`, { c: cursor }),
  },
  'Query.myAgenda(before)': {
    scope: 'Query.myAgenda|soonest',
    source: (t, hidden) => agendaCursorOf(t, hidden.Account!),
    page: (c, cursor) => gql(c, `query($c: String) { myAgenda(last: 5, before: $c) { edges { node { title } } } }`, { c: cursor }),
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

export const coreAccessProbes: AccessProbes = { operations, references, cursors };
