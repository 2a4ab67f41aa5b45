/**
 * A live event's selection is resolved once per group of receivers, not once
 * per receiver. Receivers whose subscriptions have the same document,
 * variables and operation, and whose viewer is the same (same staff member
 * with the same level, department and rights, or the same service account
 * and scopes), get the same result: the first of them executes the
 * selection, the others reuse it. With 10,000 dashboards open on three
 * kinds of viewer, an event costs three executions instead of 10,000.
 *
 * Nothing else changes: the relay still judges every receiver on its own
 * (AccessControl.judgeLive, before a receiver's group is known, so a change
 * of reach applies at once), each receiver keeps its own stream (order,
 * exactly-once, `after` resume), and the group is keyed on the viewer as the
 * judgement left it: a demoted viewer falls into another group that same
 * event. Payloads that are not live events (none today) execute per receiver.
 */
import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';
import type { GraphQLContext } from '../schema/context.js';
import { isLiveEvent, isLiveStream, type LiveEvent } from './live-relay.js';
import { liveSocketOf, SharedPayload, SocketReceiver, type LiveSocketStats } from './live-socket.js';

/** What the sharing saves, counted (tests hold executions and serialisations per event to the number of groups). */
export interface SharedResultStats extends LiveSocketStats {
  /** Selections executed for an event (one per group). */
  executions: number;
  /** Results handed to receivers (one per receiver and event). */
  results: number;
}

export interface SharedResultOptions {
  stats: SharedResultStats;
  /**
   * What the server does to every result before a client sees it (masking
   * errors, as yoga does for the results it streams; the websocket's own
   * `next` hook): applied once per group to results written straight to
   * sockets, which pass neither.
   */
  prepareForSocket?: (result: ExecutionResult) => ExecutionResult;
}

const documentKeys = new WeakMap<DocumentNode, string>();
const viewerKeys = new WeakMap<Viewer, string>();

function documentKey(document: DocumentNode): string {
  let key = documentKeys.get(document);
  if (key === undefined) documentKeys.set(document, (key = print(document)));
  return key;
}

/** Everything about a viewer that a resolver may act on; equal keys resolve alike. */
export function viewerKey(viewer: Viewer): string {
  let key = viewerKeys.get(viewer);
  if (key === undefined) {
    switch (viewer.kind) {
      case 'staff':
        key = JSON.stringify(['staff', viewer.staffId, viewer.name, viewer.level, viewer.department, viewer.isAdministrator]);
        break;
      case 'service':
        key = JSON.stringify(['service', viewer.name, [...viewer.scopes].sort()]);
        break;
      default:
        key = 'anonymous';
    }
    viewerKeys.set(viewer, key);
  }
  return key;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** An envelop plugin: subscriptions map their events through a result shared by the event's receivers of one group. */
export function useSharedLiveResults(options: SharedResultOptions): Plugin<GraphQLContext> {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn((args) => subscribeSharing(args, options) as never);
    },
  };
}

const asIs = (result: ExecutionResult) => result;

async function subscribeSharing(args: ExecutionArgs, options: SharedResultOptions): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const { stats } = options;
  const prepare = options.prepareForSocket ?? asIs;
  const stream = await createSourceEventStream(args);
  if (!isAsyncIterable(stream)) return stream;
  // Fixed for the subscription's life: what it selects and with which variables.
  const selection = JSON.stringify([documentKey(args.document), args.operationName ?? null, args.variableValues ?? {}]);
  const context = args.contextValue as Partial<GraphQLContext> | undefined;
  const executeFor = (payload: unknown): ExecutionResult | Promise<ExecutionResult> => {
    stats.executions++;
    return execute({ ...args, rootValue: payload });
  };
  // The group key, remade only when the viewer's key changes (a judgement that demoted them).
  let keyedViewer: string | undefined;
  let key = '';
  /** The event's result for this receiver's group: executed by the group's first receiver, shared by the others. */
  const sharedFor = (event: LiveEvent, access: NonNullable<GraphQLContext['access']>): SharedPayload => {
    stats.results++;
    // The viewer as this event's judgement left it.
    const viewer = viewerKey(access.viewer);
    if (viewer !== keyedViewer) {
      keyedViewer = viewer;
      key = `${selection}\n${viewer}`;
    }
    let shared = event.results.get(key);
    if (shared === undefined) event.results.set(key, (shared = new SharedPayload(executeFor(event), prepare, stats)));
    return shared;
  };

  // Over graphql-ws: every event goes straight to the socket, as a message made from its group's serialised result.
  const socket = liveSocketOf(context);
  if (socket && context?.access && isLiveStream(stream)) {
    const access = context.access;
    const delivery = stream.deliverTo(
      (event) => receiver.deliver(sharedFor(event, access)),
      // Completed, its socket closed, or failed: nothing more goes out, not even what waits for a result.
      () => receiver.close(),
    );
    const receiver = new SocketReceiver(socket, stats, (error) => delivery.fail(error));
    return delivery;
  }

  const resultOf = (payload: unknown): ExecutionResult | Promise<ExecutionResult> => {
    if (!isLiveEvent(payload) || !context?.access) {
      stats.results++;
      return executeFor(payload);
    }
    return sharedFor(payload, context.access).result;
  };
  return mapEvents(stream[Symbol.asyncIterator](), resultOf);
}

/** The source stream with every event mapped to its result; ending it (a client's complete, a closed socket) ends the source. */
function mapEvents<T, R>(source: AsyncIterator<T>, map: (value: T) => R | Promise<R>): AsyncIterableIterator<R> {
  const close = async () => {
    await source.return?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const step = await source.next();
      if (step.done) return { done: true, value: undefined };
      try {
        return { done: false, value: await map(step.value) };
      } catch (error) {
        await close().catch(() => undefined);
        throw error;
      }
    },
    async return() {
      await close();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await close();
      throw error;
    },
  };
}
