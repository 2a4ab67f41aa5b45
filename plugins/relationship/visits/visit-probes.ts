/**
 * The visits' access probes, which the host's role-by-operation matrix and
 * hidden-reference suite run for every role: one call per access rule, one
 * per argument naming a record, one per cursor of `Account.visits`. Each
 * probe account gets a planned visit (its `Visit` record).
 */
import { encodeGlobalId } from 'kam-graphql/plugin';
import {
  deniedOrAllowed,
  outcomeOf,
  rawId,
  subscriptionOutcome,
  topicResumeProbe,
  USER_ERROR_FIELDS,
  type AccessProbes,
  type CursorProbe,
  type ReferenceCall,
  type TestApp,
} from 'kam-graphql/testing';
import { VISIT_MISSED_TOPIC } from './visit-events.js';

const DAY_MS = 86_400_000;
const run = (call: ReferenceCall, query: string, variables: Record<string, unknown>) => call.t.gql(query, variables, call.token);
const operatorId = (t: TestApp) => encodeGlobalId('Staff', t.operator.id);

async function planVisit(t: TestApp, accountId: string, personId: string, at = new Date(t.now().getTime() + 7 * DAY_MS)): Promise<string> {
  const data = await t.ok(`mutation($input: PlanVisitInput!) { planVisit(input: $input) { visit { id } ${USER_ERROR_FIELDS} } }`, {
    input: { accountId, kind: 'ON_SITE_VISIT', at: at.toISOString(), staffIds: [operatorId(t)], personIds: [personId] },
  });
  if (!data.planVisit.visit) throw new Error(`planVisit failed: ${JSON.stringify(data.planVisit.errors)}`);
  return data.planVisit.visit.id;
}

/** The account's key person (a look-alike has none: one is made). */
async function keyPersonOf(t: TestApp, accountId: string): Promise<string> {
  const found = await t.db.prisma.person.findFirst({ where: { accountId: rawId(accountId), isKeyPerson: true }, orderBy: { createdAt: 'asc' } });
  const person =
    found ?? (await t.db.prisma.person.create({ data: { accountId: rawId(accountId), name: 'Probe Key Person', searchName: 'probe key person', isKeyPerson: true } }));
  return encodeGlobalId('Person', person.id);
}

/** A planned visit marked missed as the operator: the live notice is published. */
async function visitMissed(t: TestApp, accountId: string): Promise<void> {
  const id = await planVisit(t, accountId, await keyPersonOf(t, accountId));
  await t.ok(`mutation($id: ID!) { markVisitMissed(id: $id) { errors { code } } }`, { id });
  await t.app.runtime.dispatcher.drain();
}

const recordInput = (accountId: string, staffId: string, personId: string, t: TestApp) => ({
  accountId,
  kind: 'CALL',
  at: new Date(t.now().getTime() - DAY_MS).toISOString(),
  staffIds: [staffId],
  personIds: [personId],
});

const RECORD = `mutation($input: RecordVisitInput!) { recordVisit(input: $input) { visit { id } ${USER_ERROR_FIELDS} } }`;
const PLAN = `mutation($input: PlanVisitInput!) { planVisit(input: $input) { visit { id } ${USER_ERROR_FIELDS} } }`;
const planInput = (accountId: string, staffId: string, personId: string, t: TestApp) => ({ ...recordInput(accountId, staffId, personId, t), at: new Date(t.now().getTime() + 3 * DAY_MS).toISOString() });

const visitsCursor = async (t: TestApp, hidden: Record<string, string>) =>
  (await t.ok(`query($a: ID!) { account(id: $a) { visits(first: 1) { pageInfo { endCursor } } } }`, { a: hidden.Account })).account.visits.pageInfo.endCursor;

const cursors: Record<string, CursorProbe> = {
  'Account.visits(after)': {
    scope: 'Account.visits|at:desc,id:desc',
    source: visitsCursor,
    page: (c, cursor) => run(c, `query($a: ID!, $c: String) { account(id: $a) { visits(first: 5, after: $c) { edges { node { kind } } } } }`, { a: c.visible.Account, c: cursor }),
  },
  'Account.visits(before)': {
    scope: 'Account.visits|at:desc,id:desc',
    source: visitsCursor,
    page: (c, cursor) => run(c, `query($a: ID!, $c: String) { account(id: $a) { visits(last: 5, before: $c) { edges { node { kind } } } } }`, { a: c.visible.Account, c: cursor }),
  },
};

export const visitProbes: AccessProbes = {
  prepareAccount: async (t, accountId) => ({ Visit: await planVisit(t, accountId, await keyPersonOf(t, accountId)) }),

  operations: {
    'Mutation.recordVisit': async ({ t, token, account }) =>
      outcomeOf(await t.gql(RECORD, { input: recordInput(account.id, operatorId(t), account.personId, t) }, token), 'recordVisit'),
    'Mutation.planVisit': async ({ t, token, account }) => outcomeOf(await t.gql(PLAN, { input: planInput(account.id, operatorId(t), account.personId, t) }, token), 'planVisit'),
    'Mutation.completeVisit': async ({ t, token, account }) => {
      const id = await planVisit(t, account.id, account.personId, t.now());
      return outcomeOf(await t.gql(`mutation($id: ID!) { completeVisit(id: $id) { visit { id } ${USER_ERROR_FIELDS} } }`, { id }, token), 'completeVisit');
    },
    'Mutation.markVisitMissed': async ({ t, token, account }) => {
      const id = await planVisit(t, account.id, account.personId);
      return outcomeOf(await t.gql(`mutation($id: ID!) { markVisitMissed(id: $id) { visit { id } ${USER_ERROR_FIELDS} } }`, { id }, token), 'markVisitMissed');
    },
    'Query.visitCompliance': async ({ t, token, lookAlike }) => {
      const target = await lookAlike();
      await t.db.prisma.account.update({ where: { id: rawId(target.id) }, data: { tier: 'KEY' } });
      return outcomeOf(await t.gql(`{ visitCompliance { accounts { account { id } } } }`, {}, token), undefined, (d) =>
        d.visitCompliance.accounts.some((a: any) => a.account.id === target.id),
      );
    },
    'Query.visitLoad': async ({ t, token }) => deniedOrAllowed(await t.gql(`{ visitLoad { staff { id } done } }`, {}, token)),
    'Subscription.visitMissed': async (call) => {
      const target = await call.lookAlike();
      return subscriptionOutcome(call, `subscription { visitMissed { reason } }`, {}, async () => {
        await visitMissed(call.t, target.id);
      });
    },
  },

  references: {
    'Mutation.recordVisit(input.accountId)': {
      type: 'Account',
      run: (c, id) => run(c, RECORD, { input: recordInput(id, c.visible.Staff!, c.visible.Person!, c.t) }),
    },
    'Mutation.recordVisit(input.staffIds)': {
      type: 'Staff',
      run: (c, id) => run(c, RECORD, { input: recordInput(c.visible.Account!, id, c.visible.Person!, c.t) }),
    },
    'Mutation.recordVisit(input.personIds)': {
      type: 'Person',
      run: (c, id) => run(c, RECORD, { input: recordInput(c.visible.Account!, c.visible.Staff!, id, c.t) }),
    },
    'Mutation.planVisit(input.accountId)': {
      type: 'Account',
      run: (c, id) => run(c, PLAN, { input: planInput(id, c.visible.Staff!, c.visible.Person!, c.t) }),
    },
    'Mutation.planVisit(input.staffIds)': {
      type: 'Staff',
      run: (c, id) => run(c, PLAN, { input: planInput(c.visible.Account!, id, c.visible.Person!, c.t) }),
    },
    'Mutation.planVisit(input.personIds)': {
      type: 'Person',
      run: (c, id) => run(c, PLAN, { input: planInput(c.visible.Account!, c.visible.Staff!, id, c.t) }),
    },
    'Mutation.completeVisit(id)': {
      type: 'Visit',
      run: (c, id) => run(c, `mutation($id: ID!) { completeVisit(id: $id) { visit { id } ${USER_ERROR_FIELDS} } }`, { id }),
    },
    'Mutation.markVisitMissed(id)': {
      type: 'Visit',
      run: (c, id) => run(c, `mutation($id: ID!) { markVisitMissed(id: $id) { visit { id } ${USER_ERROR_FIELDS} } }`, { id }),
    },
    'Subscription.visitMissed(after)': topicResumeProbe({
      type: 'VisitMissedNotice',
      topic: VISIT_MISSED_TOPIC,
      publish: (t, hidden) => visitMissed(t, hidden.Account!),
      subscription: `subscription($after: ID) { visitMissed(after: $after) { reason } }`,
    }),
  },

  cursors,
};
