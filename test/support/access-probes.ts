/**
 * Access probes: each module (core, and every plugin in its own
 * `access-probes.ts`) says how to run each of its operations as a given
 * caller against a given account, and how to put an id or a cursor into
 * each of its arguments that name records. The role-by-operation matrix
 * (test/auth/access-matrix.test.ts) and the hidden-reference test
 * (test/auth/hidden-references.test.ts) run them for every role, for
 * whatever plugins the configuration installs.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { USER_ERROR_FIELDS, addPerson, assign, createAccount } from './fixtures.js';
import { liveClient, rawId, roundTrip, subscribe } from './live-client.js';
import type { GraphQLResponse, TestApp } from './test-app.js';

export type Outcome = 'allowed' | 'denied';

/** An account set up for a probe, inside or outside the caller's reach. */
export interface ProbeAccount {
  id: string;
  name: string;
  /** Staff on its team, with their responsibility, so look-alike accounts can be made. */
  team: { staffId: string; responsibility: string }[];
  /** A key person of the account (the modules' `prepareAccount` may give them more: the dossier plugin a profile and an anniversary). */
  personId: string;
  /**
   * Its records by type (global ids): Account, Person (the key person), AccountTeamMember (the first member),
   * and what the modules' `prepareAccount` made (a PersonAnniversary, when the relationship plugin is installed).
   */
  records: Record<string, string>;
}

export interface MatrixCall {
  t: TestApp;
  /** The caller's bearer token; null for an anonymous one. */
  token: string | null;
  account: ProbeAccount;
  /** A fresh account with the same team, for operations that use their target up. */
  lookAlike(): Promise<ProbeAccount>;
  /** Changes the account's health now (a stave moves), for live health probes. */
  changeHealth(): Promise<void>;
}

export interface ReferenceCall {
  t: TestApp;
  token: string | null;
  /** Global ids of records on an account every probing role reads and works on. */
  visible: Record<string, string>;
}

export interface ReferenceProbe {
  /** The type of record the argument names; the suite passes a hidden and a missing one of it. */
  type: string;
  /**
   * For ids that are not a record's global id (a live event's position in its topic): makes a hidden one
   * as the operator, on the hidden account, and names one that matches nothing.
   */
  ids?(t: TestApp, hidden: Record<string, string>): Promise<{ hidden: string; missing: string }>;
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

export interface AccessProbes {
  /** One call per row of the module's access rules (its root fields and guarded fields). */
  operations: Record<string, (call: MatrixCall) => Promise<Outcome>>;
  /** One call per ID argument or input field of the module's root fields. */
  references?: Record<string, ReferenceProbe>;
  /** One call per cursor argument of the module's connections. */
  cursors?: Record<string, CursorProbe>;
  /** Records the module's probes need on each probe account, made as the operator: global ids by type. */
  prepareAccount?(t: TestApp, accountId: string): Promise<Record<string, string>>;
}

const DENIAL_CODES = ['FORBIDDEN', 'UNAUTHENTICATED'];

/** Classifies a response: a FORBIDDEN/UNAUTHENTICATED error or a NOT_FOUND payload is a denial. */
export function outcomeOf(response: GraphQLResponse, payloadKey?: string, present?: (data: any) => boolean): Outcome {
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

/** Whether the caller's mutation was denied (FORBIDDEN or UNAUTHENTICATED), whatever its payload. */
export function deniedOrAllowed(response: GraphQLResponse): Outcome {
  return response.errors?.some((e) => DENIAL_CODES.includes(e.extensions?.code as string)) ? 'denied' : 'allowed';
}

/**
 * What a subscription answers the caller straight away: errors at once, or nothing until an event. For
 * comparing two arguments' answers, not for judging delivery (that is `subscriptionOutcome`).
 */
export async function subscriptionAnswer(
  call: { t: TestApp; token: string | null },
  query: string,
  variables: Record<string, unknown>,
): Promise<{ received: GraphQLResponse[]; errors: unknown[] }> {
  const client = call.token
    ? liveClient(call.t.wsUrl, call.token)
    : createClient({ url: call.t.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  try {
    const sub = subscribe(client, query, variables);
    await roundTrip(client).catch(() => undefined);
    await roundTrip(client).catch(() => undefined);
    sub.dispose();
    return { received: sub.received, errors: sub.errors };
  } finally {
    await client.dispose();
  }
}

/** Opens the subscription as the caller and as the operator, triggers a change, and sees whether the caller got it. */
export async function subscriptionOutcome(call: MatrixCall, query: string, variables: Record<string, unknown>, trigger: () => Promise<void>): Promise<Outcome> {
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
    if (sub.errors.length > 0) return denialOf(sub.errors);
    await trigger();
    await beacon.waitFor(1, 400);
    // The caller's judgement runs per event; give it the same few turns the beacon had.
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

/**
 * A subscription refused with FORBIDDEN or UNAUTHENTICATED, or a socket closed as unauthorised (4401, 4403),
 * is a denial; any other error (a typo in the probe's query) fails the probe.
 */
function denialOf(errors: unknown[]): Outcome {
  const denials = errors
    .flatMap((e) => (Array.isArray(e) ? e : [e]))
    .map((e) => e as { code?: unknown; extensions?: { code?: string } })
    .map((e) => (typeof e.code === 'number' ? [4401, 4403].includes(e.code) : DENIAL_CODES.includes(e.extensions?.code as string)));
  if (denials.length > 0 && denials.every(Boolean)) return 'denied';
  throw new Error(`unexpected subscription errors: ${JSON.stringify(errors)}`);
}

let counter = 0;
/** A name no other probe uses. */
export const unique = (prefix: string) => `${prefix} ${++counter}`;

/**
 * A probe account with the given team, a key person, and whatever each
 * module's `prepareAccount` makes (run in order, after the key person).
 */
export async function probeAccount(t: TestApp, label: string, team: ProbeAccount['team'], probes: readonly AccessProbes[]): Promise<ProbeAccount> {
  const name = unique(label);
  const id = await createAccount(t, { name });
  const members: string[] = [];
  for (const member of team) {
    const { teamMember, errors } = await assign(t, { accountId: id, ...member });
    if (errors.length > 0) throw new Error(`cannot staff ${name}: ${JSON.stringify(errors)}`);
    members.push(teamMember!.id);
  }
  const personId = await addPerson(t, id, { name: unique('Key Person'), isKeyPerson: true });
  const records: Record<string, string> = {
    Account: id,
    Person: personId,
    ...(members[0] && { AccountTeamMember: members[0] }),
  };
  for (const module of probes) Object.assign(records, await module.prepareAccount?.(t, id));
  return { id, name, team, personId, records };
}

export { USER_ERROR_FIELDS };

/**
 * The reference probe of a live topic's `after` argument: `publish` makes a message on the hidden
 * account (as the operator); its outbox id is the hidden id, the next one a missing id. `subscription`
 * takes `$after`.
 */
export function topicResumeProbe(options: {
  type: string;
  topic: string;
  publish(t: TestApp, hidden: Record<string, string>): Promise<unknown>;
  subscription: string;
}): ReferenceProbe {
  return {
    type: options.type,
    ids: async (t, hidden) => {
      await options.publish(t, hidden);
      await t.app.runtime.dispatcher.drain();
      const row = await t.db.prisma.outboxEvent.findFirstOrThrow({
        where: { accountId: rawId(hidden.Account!), name: options.topic },
        orderBy: { id: 'desc' },
      });
      return { hidden: String(row.id), missing: String(row.id + 1) };
    },
    run: (c, id) => subscriptionAnswer(c, options.subscription, { after: id }),
  };
}
