/**
 * Live events written straight to graphql-ws sockets, so that an event for
 * 10,000 dashboards costs 10,000 socket writes and little else.
 *
 * graphql-ws, left to itself, takes each receiver's result through an async
 * iterator, its own `next` hook and a JSON.stringify of the whole message,
 * then waits for the write: several promises and one serialisation per
 * receiver and event. Here a group's result (src/live/shared-results.ts) is
 * serialised once, and each receiver's `next` message is that payload with
 * the receiver's subscription id spliced in front, written at once.
 *
 * What a receiver gets is the message graphql-ws would have sent (same id,
 * type and payload, errors masked as yoga masks them), in the order the relay
 * delivered the events, each once. A receiver that completed, or whose socket
 * closed, gets nothing more. A receiver that stops reading misses events once
 * its socket holds too much unsent data, as a relay queue that is full
 * would have it miss them.
 */
import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';

/** Where a subscription's messages go: its socket and the id the client gave it. */
export interface LiveSocketTarget {
  socket: WebSocket;
  id: string;
}

/** What writing live events straight to sockets did, counted (tests hold serialisations per event to the number of groups). */
export interface LiveSocketStats {
  /** Group results serialised (one per group and event, whatever the number of receivers). */
  serialisations: number;
  /** `next` messages written (one per receiver and event). */
  frames: number;
}

/** Unsent bytes past which a receiver that does not read misses events (about a thousand small ones). */
export const MAX_UNSENT_BYTES = 1 << 20;

const targets = new WeakMap<object, LiveSocketTarget>();

/** Marks an operation's context as a graphql-ws subscription whose live events may be written straight to its socket. */
export function setLiveSocket(context: object, target: LiveSocketTarget): void {
  targets.set(context, target);
}

export function liveSocketOf(context: unknown): LiveSocketTarget | undefined {
  return typeof context === 'object' && context !== null ? targets.get(context) : undefined;
}

const CLOSE = Buffer.from('}');

/**
 * One result shared by a group of receivers of one event, serialised on
 * first need, with the receivers that wait for it.
 */
export class SharedPayload {
  #settled: ExecutionResult | undefined;
  #payload: Buffer | undefined;
  #failure: { error: unknown } | undefined;
  #waiting: SocketReceiver[] | null = null;

  constructor(
    readonly result: ExecutionResult | Promise<ExecutionResult>,
    readonly prepare: (result: ExecutionResult) => ExecutionResult,
    readonly stats: LiveSocketStats,
  ) {
    if (result instanceof Promise) {
      result.then(
        (value) => this.#settle(value),
        (error: unknown) => this.#fail(error),
      );
    } else {
      this.#settled = result;
    }
  }

  /** The result as a `next` message's payload, serialised on the first receiver's need; undefined while the result is not there. */
  get payload(): Buffer | undefined {
    if (this.#payload === undefined && this.#settled !== undefined && !this.#failure) {
      try {
        this.stats.serialisations++;
        this.#payload = Buffer.from(JSON.stringify(this.prepare(this.#settled)));
      } catch (error) {
        this.#failure = { error };
      }
    }
    return this.#payload;
  }

  get failure(): { error: unknown } | undefined {
    return this.#failure;
  }

  /** `receiver.resume()` runs once the result is there (or failed). */
  wait(receiver: SocketReceiver): void {
    (this.#waiting ??= []).push(receiver);
  }

  #settle(result: ExecutionResult): void {
    this.#settled = result;
    this.#wake();
  }

  #fail(error: unknown): void {
    this.#failure = { error };
    this.#wake();
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    if (waiting) for (const receiver of waiting) receiver.resume();
  }
}

/** One subscription's receiving end on its socket: payloads in, `next` messages out, in order. */
export class SocketReceiver {
  readonly #socket: WebSocket;
  readonly #prefix: Buffer;
  readonly #stats: LiveSocketStats;
  readonly #fail: (error: unknown) => void;
  /** The payload the next message waits for, and those behind it. */
  #waitingOn: SharedPayload | null = null;
  #behind: SharedPayload[] | null = null;
  #closed = false;

  constructor(target: LiveSocketTarget, stats: LiveSocketStats, fail: (error: unknown) => void) {
    this.#socket = target.socket;
    // graphql-ws's `next` message: {"id":…,"type":"next","payload":…}
    this.#prefix = Buffer.from(`{"id":${JSON.stringify(target.id)},"type":"next","payload":`);
    this.#stats = stats;
    this.#fail = fail;
  }

  /** The next message is this payload (once it is there). */
  deliver(shared: SharedPayload): void {
    if (this.#closed) return;
    if (this.#waitingOn) {
      (this.#behind ??= []).push(shared);
      return;
    }
    if (!this.#send(shared)) {
      this.#waitingOn = shared;
      shared.wait(this);
    }
  }

  /** The payload waited for is there: it goes out, then whatever was behind it, until one is still missing. */
  resume(): void {
    const first = this.#waitingOn;
    this.#waitingOn = null;
    if (!first || this.#closed || !this.#send(first)) return;
    const behind = this.#behind;
    while (behind && behind.length > 0 && !this.#closed) {
      const next = behind.shift()!;
      if (!this.#send(next)) {
        this.#waitingOn = next;
        next.wait(this);
        return;
      }
    }
    this.#behind = null;
  }

  close(): void {
    this.#closed = true;
    this.#waitingOn = null;
    this.#behind = null;
  }

  /** Writes the message if its payload is there; false when it is not yet. */
  #send(shared: SharedPayload): boolean {
    if (this.#closed) return true;
    const payload = shared.payload;
    if (payload === undefined) {
      const failure = shared.failure;
      if (!failure) return false;
      this.close();
      this.#fail(failure.error);
      return true;
    }
    const socket = this.#socket;
    if (socket.readyState !== socket.OPEN || socket.bufferedAmount > MAX_UNSENT_BYTES) return true;
    this.#stats.frames++;
    socket.send(Buffer.concat([this.#prefix, payload, CLOSE], this.#prefix.length + payload.length + 1), { binary: false });
    return true;
  }
}
