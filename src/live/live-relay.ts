/**
 * One relay per API instance between pub/sub and the instance's live
 * subscribers, so that dashboards scale and lose nothing:
 *
 * - Per event, not per subscriber: an event's facts (its account with the
 *   team, the subscribed staff as they are now) are loaded once and every
 *   subscriber is judged on them in memory (AccessControl.judgeLive). SQL per
 *   event does not grow with the number of subscribers.
 * - Lossless: every message has a sequence under which it is stored (the
 *   outbox, the health history). The relay remembers the last one it
 *   delivered; when pub/sub comes back after an outage (or every
 *   `catchUpEveryMs` over Redis, in case a publisher lost its link alone) it
 *   reads what was stored meanwhile and delivers it, in order, once: messages
 *   already delivered are recognised by sequence and dropped.
 * - Resumable: a client that reconnects passes the last event id it saw and
 *   first receives what it missed, from storage, then the live stream.
 */
import { Repeater } from 'graphql-yoga';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { RequestLoaders } from '../schema/request-loaders.js';
import { createFactsLoader, type AccountFacts, type FactsLoader, type StaffFacts } from './account-facts.js';
import type { LiveMessage, LiveTopic } from './live-topic.js';
import type { SharedPayload } from './live-socket.js';

/** A message as subscribers receive it, with the facts it is judged on and the loaders its fields share. */
export interface LiveEvent<M extends LiveMessage = LiveMessage> {
  topic: string;
  message: M;
  account: AccountFacts | null;
  staff: ReadonlyMap<string, StaffFacts>;
  /** Shared by every subscriber this event is delivered to: a field that loads costs one batch per event. */
  loaders: RequestLoaders;
  /** The event's results, per group of receivers that resolve alike (src/live/shared-results.ts). */
  results: Map<string, SharedPayload>;
}

const liveEvents = new WeakSet<object>();
const liveStreams = new WeakSet<object>();

/** Whether a subscription's payload is an event this relay made (and may share results). */
export function isLiveEvent(value: unknown): value is LiveEvent {
  return typeof value === 'object' && value !== null && liveEvents.has(value);
}

/** Whether a subscription's event stream comes from this relay (and can hand its events over directly). */
export function isLiveStream(value: unknown): value is LiveStream<LiveMessage> {
  return typeof value === 'object' && value !== null && liveStreams.has(value);
}

/** Takes one subscriber's events as they are delivered: synchronously, in order, each once. */
export type LiveSink<M extends LiveMessage = LiveMessage> = (event: LiveEvent<M>) => void;

/** Handing events to a sink: iterated, it yields nothing and ends with the subscription (return(), or an error). */
export interface LiveDelivery extends AsyncIterableIterator<never> {
  /** Ends the subscription with an error (its iterator rejects): the sink cannot go on. */
  fail(error: unknown): void;
}

/** A subscriber's events: iterated one by one, or handed over to a sink without a promise per event. */
export interface LiveStream<M extends LiveMessage> extends AsyncIterableIterator<LiveEvent<M>> {
  /** Instead of iterating: `sink` gets the subscriber's events (what it missed after `after` first), from the delivery's first next() until it ends; then `onEnd` runs. */
  deliverTo(sink: LiveSink<M>, onEnd?: () => void): LiveDelivery;
}

export interface LiveSubscriber<M extends LiveMessage> {
  /** The staff member to keep current for the judgement (none for service accounts). */
  staffId?: string;
  /** Whether this subscriber receives the event: judged in memory, from the event. */
  accept(event: LiveEvent<M>): boolean;
}

/** What a relay needs of pub/sub: the topics' messages, and when the connection went away and came back. */
export interface LiveTransport {
  subscribe(topic: string): AsyncIterable<unknown>;
  onStateChange?(listener: (state: 'connecting' | 'up' | 'down') => void): void;
}

export interface LiveRelayOptions {
  prisma: PrismaClient;
  transport: LiveTransport;
  topics: readonly LiveTopic[];
  /** Reads storage for missed messages this often (Redis only); default off. */
  catchUpEveryMs?: number;
  log?: (message: string) => void;
}

/** Resuming replays at most this many events; a client further behind re-reads the state instead. */
export const MAX_RESUME_EVENTS = 10_000;
const PAGE = 500;
/** Sequences remembered to drop duplicates (a catch-up that overlaps live delivery). */
const REMEMBERED = 10_000;

export class ResumeTooFarError extends Error {
  constructor() {
    super(`More than ${MAX_RESUME_EVENTS} events were missed: read the current state again, then subscribe without a resume point.`);
  }
}

interface Entry<M extends LiveMessage> {
  subscriber: LiveSubscriber<M>;
  /** Events delivered while the subscriber still replays stored ones. */
  buffer: LiveEvent<M>[] | null;
  last: number;
  push(event: LiveEvent<M>): unknown;
}

class TopicState {
  /** Sequences up to here count as delivered (or as before this instance started). */
  floor = 0;
  last = 0;
  readonly seen = new Set<number>();
  readonly entries = new Set<Entry<LiveMessage>>();
  chain: Promise<void> = Promise.resolve();
  missedSomething = false;
}

export class LiveRelay {
  readonly #prisma: PrismaClient;
  readonly #topics = new Map<string, { topic: LiveTopic; state: TopicState }>();
  readonly #facts: FactsLoader;
  readonly #log: (message: string) => void;
  /** Staff ids of subscribers, counted, so each event reads only them. */
  readonly #watched = new Map<string, number>();
  readonly #ready: Promise<void>;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #isReady = false;

  constructor(options: LiveRelayOptions) {
    this.#prisma = options.prisma;
    this.#facts = createFactsLoader(options.prisma);
    this.#log = options.log ?? (() => undefined);
    for (const topic of options.topics) this.#topics.set(topic.name, { topic, state: new TopicState() });
    options.transport.onStateChange?.((state) => {
      if (state === 'down') for (const { state: s } of this.#topics.values()) s.missedSomething = true;
      if (state === 'up') this.catchUp();
    });
    this.#ready = this.#start(options.transport);
    if (options.catchUpEveryMs) {
      this.#timer = setInterval(() => this.catchUp(), options.catchUpEveryMs);
      this.#timer.unref();
    }
  }

  /** Resolves once the relay listens on every topic and knows where each stands. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  async #start(transport: LiveTransport): Promise<void> {
    const started = [...this.#topics.values()].map(async ({ topic, state }) => {
      // Listening starts at once; messages wait in the topic's queue behind the read of where storage stands.
      const head = topic.head(this.#prisma).then((seq) => void (state.floor = state.last = seq));
      this.#enqueue(state, () => head);
      void (async () => {
        for await (const message of transport.subscribe(topic.name)) {
          if (this.#stopped) return;
          this.#enqueue(state, () => this.#receive(topic, state, message as LiveMessage));
        }
      })();
      await head;
    });
    await Promise.all(started);
    this.#isReady = true;
  }

  /** Reads what storage has beyond the last delivered message of every topic, and delivers it. */
  catchUp(): void {
    for (const { topic, state } of this.#topics.values()) this.#enqueue(state, () => this.#catchUp(topic, state));
  }

  /**
   * Events of `topicName` for one subscriber; after `after` (an event id it
   * saw), what it missed first. Iterated, it starts on the first `next()`;
   * or its events can be handed over as they come (LiveStream.deliverTo).
   */
  subscribe<M extends LiveMessage>(topicName: string, subscriber: LiveSubscriber<M>, after?: number): LiveStream<M> {
    const found = this.#topics.get(topicName);
    if (!found) throw new Error(`no live topic named ${topicName}`);
    const { topic, state } = found;
    let repeater: Repeater<LiveEvent<M>> | undefined;
    const iterate = () =>
      (repeater ??= new Repeater<LiveEvent<M>>(async (push, stop) => {
        // Registered at once when the relay is up, so nothing published after the subscription started is missed.
        if (!this.#isReady) await this.#ready;
        const entry = this.#add(state, subscriber, after, push);
        try {
          if (after !== undefined) await this.#resume(topic, entry, after, push);
        } catch (error) {
          stop(error);
        }
        await stop;
        this.#remove(state, entry);
      }));
    const stream: LiveStream<M> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: () => iterate().next(),
      return: (value?: unknown) => iterate().return(value as never),
      throw: (error?: unknown) => iterate().throw(error),
      deliverTo: (sink, onEnd) => this.#deliverTo(topic, state, subscriber, after, sink, onEnd),
    };
    liveStreams.add(stream);
    return stream;
  }

  /** The subscriber's events handed to `sink` synchronously and in order, from the first `next()` of the returned iterator, which only ends. */
  #deliverTo<M extends LiveMessage>(
    topic: LiveTopic,
    state: TopicState,
    subscriber: LiveSubscriber<M>,
    after: number | undefined,
    sink: LiveSink<M>,
    onEnd?: () => void,
  ): LiveDelivery {
    let entry: Entry<M> | undefined;
    let started = false;
    let ended = false;
    let settle!: { resolve(result: IteratorResult<never>): void; reject(error: unknown): void };
    const done = new Promise<IteratorResult<never>>((resolve, reject) => (settle = { resolve, reject }));
    const push = (event: LiveEvent<M>) => {
      if (!ended) sink(event);
    };
    const end = (error?: unknown) => {
      if (ended) return;
      ended = true;
      if (entry) this.#remove(state, entry);
      onEnd?.();
      if (error === undefined) settle.resolve({ done: true, value: undefined });
      else settle.reject(error);
    };
    const start = async () => {
      if (!this.#isReady) await this.#ready;
      if (ended) return;
      entry = this.#add(state, subscriber, after, push);
      if (after !== undefined) await this.#resume(topic, entry, after, push);
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      next() {
        if (!started) {
          started = true;
          start().catch(end);
        }
        return done;
      },
      async return() {
        end();
        return { done: true, value: undefined };
      },
      async throw(error: unknown) {
        end();
        throw error;
      },
      fail: (error: unknown) => end(error ?? new Error('live delivery failed')),
    };
  }

  #add<M extends LiveMessage>(state: TopicState, subscriber: LiveSubscriber<M>, after: number | undefined, push: (event: LiveEvent<M>) => unknown): Entry<M> {
    const entry: Entry<M> = { subscriber, buffer: after === undefined ? null : [], last: after ?? state.last, push };
    state.entries.add(entry as unknown as Entry<LiveMessage>);
    this.#watch(subscriber.staffId, 1);
    return entry;
  }

  #remove<M extends LiveMessage>(state: TopicState, entry: Entry<M>): void {
    if (!state.entries.delete(entry as unknown as Entry<LiveMessage>)) return;
    this.#watch(entry.subscriber.staffId, -1);
  }

  /** What the relay holds for its subscribers now: nothing once they are all gone. */
  retained(): { subscribers: number; watchedStaff: number } {
    let subscribers = 0;
    for (const { state } of this.#topics.values()) subscribers += state.entries.size;
    return { subscribers, watchedStaff: this.#watched.size };
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
  }

  #enqueue(state: TopicState, work: () => Promise<void>): void {
    state.chain = state.chain.then(work).catch((error: unknown) => this.#log(`live: ${error instanceof Error ? error.message : String(error)}`));
  }

  async #receive(topic: LiveTopic, state: TopicState, message: LiveMessage): Promise<void> {
    // After an outage, what was stored meanwhile comes first, so the order holds.
    if (state.missedSomething) await this.#catchUp(topic, state);
    await this.#deliver(topic, state, message);
  }

  async #catchUp(topic: LiveTopic, state: TopicState): Promise<void> {
    state.missedSomething = false;
    for (;;) {
      const page = await topic.replay(this.#prisma, state.last, PAGE);
      for (const message of page) await this.#deliver(topic, state, message);
      if (page.length < PAGE) return;
    }
  }

  async #deliver(topic: LiveTopic, state: TopicState, message: LiveMessage): Promise<void> {
    const seq = message.seq;
    if (!Number.isSafeInteger(seq) || seq <= state.floor || state.seen.has(seq)) return;
    let event: LiveEvent | undefined;
    if (state.entries.size > 0) {
      try {
        event = await this.#event(topic, message);
      } catch (error) {
        // Not counted as delivered: the next catch-up (the next message, or the timer) reads it again from storage, in order.
        state.missedSomething = true;
        throw error;
      }
    }
    state.seen.add(seq);
    if (state.seen.size > REMEMBERED) {
      const oldest = state.seen.values().next().value!;
      state.seen.delete(oldest);
      state.floor = Math.max(state.floor, oldest);
    }
    state.last = Math.max(state.last, seq);
    if (!event) return;
    for (const entry of state.entries) {
      if (entry.buffer) entry.buffer.push(event);
      else offer(entry, event);
    }
  }

  async #event(topic: LiveTopic, message: LiveMessage): Promise<LiveEvent> {
    const accountId = topic.accountOf(message);
    const [account, staff] = await Promise.all([accountId ? this.#facts.account(accountId) : null, this.#facts.staff([...this.#watched.keys()])]);
    const event: LiveEvent = { topic: topic.name, message, account, staff, loaders: new RequestLoaders(), results: new Map() };
    liveEvents.add(event);
    return event;
  }

  async #resume<M extends LiveMessage>(topic: LiveTopic, entry: Entry<M>, after: number, push: (event: LiveEvent<M>) => unknown): Promise<void> {
    let cursor = after;
    let replayed = 0;
    for (;;) {
      const page = (await topic.replay(this.#prisma, cursor, PAGE)) as M[];
      replayed += page.length;
      if (replayed > MAX_RESUME_EVENTS) throw new ResumeTooFarError();
      for (const message of page) {
        cursor = message.seq;
        const event = (await this.#event(topic, message)) as LiveEvent<M>;
        entry.last = message.seq;
        if (entry.subscriber.accept(event)) await push(event);
      }
      if (page.length < PAGE) break;
    }
    const buffered = entry.buffer ?? [];
    entry.buffer = null;
    for (const event of buffered) offer(entry, event);
  }

  #watch(staffId: string | undefined, delta: number): void {
    if (!staffId) return;
    const count = (this.#watched.get(staffId) ?? 0) + delta;
    if (count > 0) this.#watched.set(staffId, count);
    else this.#watched.delete(staffId);
  }
}

function offer<M extends LiveMessage>(entry: Entry<M>, event: LiveEvent<M>): void {
  if (event.message.seq <= entry.last) return;
  entry.last = event.message.seq;
  if (!entry.subscriber.accept(event)) return;
  try {
    // A subscriber that stopped reading does not hold up the others.
    const pushed = entry.push(event);
    if (pushed instanceof Promise) pushed.catch(() => undefined);
  } catch {
    // Its queue is full (over a thousand unread events): it misses this one, as a client that is gone would.
  }
}
