/**
 * Care moments' access probes, which the host's role-by-operation matrix
 * and hidden-reference suite run for every role: one call per row of
 * care-moment-access.ts, one per argument naming a record, one per cursor.
 * Each probe account's key person gets an open care moment learned of an
 * hour before (answered in time, so the RELATIONSHIP stave stays full).
 */
import {
  addPerson,
  outcomeOf,
  rawId,
  subscriptionOutcome,
  topicResumeProbe,
  unique,
  USER_ERROR_FIELDS,
  type AccessProbes,
  type CursorProbe,
  type ReferenceCall,
  type TestApp,
} from 'kam-graphql/testing';
import { encodeGlobalId } from 'kam-graphql/plugin';
import { CARE_MOMENT_RECORDED_TOPIC } from './care-moment-events.js';

const HOUR_MS = 3_600_000;

/** Records a moment on a person as the operator (top management); returns its global id. */
async function recordMoment(t: TestApp, personId: string, hoursAgo = 1): Promise<string> {
  const data = await t.ok(`mutation($input: RecordCareMomentInput!) { recordCareMoment(input: $input) { careMoment { id } ${USER_ERROR_FIELDS} } }`, {
    input: { personId, kind: 'ILLNESS', learnedAt: new Date(t.now().getTime() - hoursAgo * HOUR_MS).toISOString(), note: 'Probe: in hospital' },
  });
  if (!data.recordCareMoment.careMoment) throw new Error(`recordCareMoment failed: ${JSON.stringify(data.recordCareMoment.errors)}`);
  return data.recordCareMoment.careMoment.id;
}

/** The account's key person, as the core probe account made it. */
async function keyPersonOf(t: TestApp, accountId: string): Promise<string> {
  const person = await t.db.prisma.person.findFirstOrThrow({ where: { accountId: rawId(accountId), isKeyPerson: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return encodeGlobalId('Person', person.id);
}

/** A moment on a fresh person of the account, its live message published. */
async function momentOnNewPerson(t: TestApp, accountId: string, hoursAgo = 1): Promise<string> {
  const personId = await addPerson(t, accountId, { name: unique('Cared For') });
  const id = await recordMoment(t, personId, hoursAgo);
  await t.app.runtime.dispatcher.drain();
  return id;
}

const run = (call: ReferenceCall, query: string, variables: Record<string, unknown>) => call.t.gql(query, variables, call.token);

const OPEN_PAGE = `query($c: String) { openCareMoments(first: 100, after: $c) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;

/** The cursor of the hidden account's moment in the portfolio list, paged to as the operator. */
async function openCursor(t: TestApp, hidden: Record<string, string>): Promise<string> {
  let after: string | null = null;
  for (;;) {
    const page: any = (await t.ok(OPEN_PAGE, { c: after })).openCareMoments;
    const edge = page.edges.find((e: any) => e.node.id === hidden.CareMoment);
    if (edge) return edge.cursor;
    if (!page.pageInfo.hasNextPage) throw new Error('the hidden care moment is not in openCareMoments');
    after = page.pageInfo.endCursor;
  }
}
const personCursor = async (t: TestApp, hidden: Record<string, string>) =>
  (await t.ok(`query($p: ID!) { node(id: $p) { ... on Person { careMoments(first: 1) { pageInfo { endCursor } } } } }`, { p: hidden.Person })).node.careMoments.pageInfo
    .endCursor;

const cursors: Record<string, CursorProbe> = {
  'Person.careMoments(after)': {
    scope: 'Person.careMoments|learnedAt:desc,id:desc',
    source: personCursor,
    page: (c, cursor) =>
      run(c, `query($p: ID!, $c: String) { node(id: $p) { ... on Person { careMoments(first: 5, after: $c) { edges { node { kind } } } } } }`, { p: c.visible.Person, c: cursor }),
  },
  'Person.careMoments(before)': {
    scope: 'Person.careMoments|learnedAt:desc,id:desc',
    source: personCursor,
    page: (c, cursor) =>
      run(c, `query($p: ID!, $c: String) { node(id: $p) { ... on Person { careMoments(last: 5, before: $c) { edges { node { kind } } } } } }`, { p: c.visible.Person, c: cursor }),
  },
  'Query.openCareMoments(after)': {
    scope: 'Query.openCareMoments|learnedAt:asc,id:asc',
    source: openCursor,
    page: (c, cursor) => run(c, `query($c: String) { openCareMoments(first: 5, after: $c) { edges { node { kind } } } }`, { c: cursor }),
  },
  'Query.openCareMoments(before)': {
    scope: 'Query.openCareMoments|learnedAt:asc,id:asc',
    source: openCursor,
    page: (c, cursor) => run(c, `query($c: String) { openCareMoments(last: 5, before: $c) { edges { node { kind } } } }`, { c: cursor }),
  },
};

const ADD_ACTION = `mutation($m: ID!, $s: ID) { addCareAction(input: { momentId: $m, kind: CALL, note: "Probe: called", byStaffId: $s }) { careMoment { id } ${USER_ERROR_FIELDS} } }`;
const CLOSE = `mutation($id: ID!) { closeCareMoment(id: $id, closingNote: "Probe: recovered") { careMoment { id } ${USER_ERROR_FIELDS} } }`;
const RECORD = `mutation($p: ID!) { recordCareMoment(input: { personId: $p, kind: LOW_MOOD, learnedAt: "2025-06-30T00:00:00.000Z" }) { careMoment { id } ${USER_ERROR_FIELDS} } }`;

export const careMomentProbes: AccessProbes = {
  prepareAccount: async (t, accountId) => ({ CareMoment: await recordMoment(t, await keyPersonOf(t, accountId)) }),

  operations: {
    'Person.careMoments': async ({ t, token, account }) =>
      outcomeOf(
        await t.gql(`query($id: ID!) { node(id: $id) { ... on Person { careMoments(first: 5) { totalCount edges { node { kind note } } } } } }`, { id: account.personId }, token),
        undefined,
        (d) => Boolean(d.node?.careMoments?.edges.length),
      ),
    'Query.openCareMoments': async ({ t, token, lookAlike }) => {
      const target = await lookAlike();
      // Learned of two days ago: ahead of the probe accounts' moments in the oldest-first list, and not yet overdue.
      const id = await momentOnNewPerson(t, target.id, 48);
      return outcomeOf(await t.gql(`{ openCareMoments(first: 100) { edges { node { id kind } } } }`, {}, token), undefined, (d) =>
        d.openCareMoments.edges.some((e: any) => e.node.id === id),
      );
    },
    'Mutation.recordCareMoment': async ({ t, token, account }) => outcomeOf(await t.gql(RECORD, { p: account.personId }, token), 'recordCareMoment'),
    'Mutation.addCareAction': async ({ t, token, account }) => {
      const id = await recordMoment(t, account.personId);
      return outcomeOf(await t.gql(ADD_ACTION, { m: id }, token), 'addCareAction');
    },
    'Mutation.closeCareMoment': async ({ t, token, account }) => {
      const id = await recordMoment(t, account.personId);
      return outcomeOf(await t.gql(CLOSE, { id }, token), 'closeCareMoment');
    },
    'Subscription.careMomentRecorded': async (call) => {
      const target = await call.lookAlike();
      return subscriptionOutcome(call, `subscription { careMomentRecorded { careMoment { id kind } } }`, {}, async () => {
        await momentOnNewPerson(call.t, target.id);
      });
    },
  },

  references: {
    'Mutation.recordCareMoment(input.personId)': { type: 'Person', run: (c, id) => run(c, RECORD, { p: id }) },
    'Mutation.addCareAction(input.momentId)': { type: 'CareMoment', run: (c, id) => run(c, ADD_ACTION, { m: id }) },
    'Mutation.addCareAction(input.byStaffId)': { type: 'Staff', run: (c, id) => run(c, ADD_ACTION, { m: c.visible.CareMoment, s: id }) },
    'Mutation.closeCareMoment(id)': { type: 'CareMoment', run: (c, id) => run(c, CLOSE, { id }) },
    'Subscription.careMomentRecorded(after)': topicResumeProbe({
      type: 'CareMomentNotice',
      topic: CARE_MOMENT_RECORDED_TOPIC,
      publish: (t, hidden) => recordMoment(t, hidden.Person!),
      subscription: `subscription($after: ID) { careMomentRecorded(after: $after) { careMoment { id } } }`,
    }),
  },

  cursors,
};
