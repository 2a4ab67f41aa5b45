/**
 * Delivers committed outbox events to in-process handlers.
 *
 * - At least once: an event stays undispatched (`dispatchedAt` null) until
 *   every matching handler is DONE or PARKED, so whatever a crash interrupts
 *   is simply found again by the next pass, on this or another instance.
 * - In order per account and handler: while a handler's delivery of an event
 *   awaits a retry, that handler gets no later event of the same account
 *   (events without an account form one more such sequence). Other accounts
 *   and other handlers go on.
 * - Failures are retried with backoff on the injected clock, then PARKED for
 *   an operator (see event-schema.ts); a parked delivery blocks nothing.
 * - One instance dispatches at a time: the holder of the `DispatcherLease`.
 *
 * A pass reads undispatched events in id order, a page at a time, and records
 * a page's outcomes for all handlers in one transaction (createMany +
 * updateMany), so its SQL grows with pages, not with events × handlers.
 */
import { randomUUID } from 'node:crypto';
import type { OutboxEvent, PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { DeliveryStatus } from '../generated/prisma-sqlite/enums.js';
import { DispatcherLease } from './dispatcher-lease.js';
import type { DomainEvent } from './domain-event.js';
import { logger } from '../log.js';

export interface EventHandlerRegistration {
  /** Unique handler name, e.g. 'core.account-changes', 'health-engine', 'payment-discipline:core.account.archived'. */
  name: string;
  /** Event names this handler receives, or '*' for all events. */
  events: readonly string[] | '*';
  /** Receives events in outbox order (ordered per account). Throwing fails every event of the call: they are retried. */
  handle(events: readonly DomainEvent[]): Promise<void>;
  /** Largest batch per call (default 1: one event at a time). The health engine uses a large batch. */
  batchSize?: number;
}

export interface DispatcherOptions {
  prisma: PrismaClient;
  /** Injectable clock: backoff due times and the lease use it. */
  now: () => Date;
  /** Default random. */
  instanceId?: string;
  /** Failed attempts before a delivery is PARKED (default 5). */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1 after the first failure); default 1 s doubling, capped at 5 min. */
  backoffMs?: (attempt: number) => number;
  /** Default 1000: real timer for retries and for events committed by other instances. */
  pollIntervalMs?: number;
  /** Default 15000. */
  leaseMs?: number;
  /** Outbox events read per page of a pass (default 200, at least the largest handler batchSize). */
  pageSize?: number;
  log?: (message: string) => void;
}

export const defaultBackoffMs = (attempt: number): number => Math.min(1000 * 2 ** Math.max(0, attempt - 1), 5 * 60_000);

/** Longest `lastError` kept: enough to diagnose, never a whole stack or payload dump. */
export const MAX_ERROR_LENGTH = 1000;

function errorMessage(error: unknown): string {
  let message: string;
  try {
    message = error instanceof Error ? error.message : String(error);
  } catch {
    message = 'unprintable error';
  }
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

function parsePayload(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    // Written by JSON.stringify in the unit of work; a hand-written row still reaches handlers.
    return payload;
  }
}

interface Handler {
  name: string;
  matches: (eventName: string) => boolean;
  handle: (events: readonly DomainEvent[]) => Promise<void>;
  batchSize: number;
}

interface ExistingDelivery {
  id: number;
  eventId: number;
  handler: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
}

/** What one pass decided for one (event, handler). */
interface Outcome {
  event: OutboxEvent;
  handler: string;
  existing: ExistingDelivery | undefined;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
}

const deliveryKey = (eventId: number, handler: string) => `${eventId}\u0000${handler}`;

export class EventDispatcher {
  readonly instanceId: string;
  private readonly prisma: PrismaClient;
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly pollIntervalMs: number;
  private readonly pageSizeOption: number | undefined;
  private readonly log: (message: string) => void;
  private readonly lease: DispatcherLease;
  private readonly handlers = new Map<string, Handler>();

  private started = false;
  private stopping = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private kickScheduled: NodeJS.Immediate | null = null;
  private running: Promise<boolean> | null = null;
  private queued: Promise<boolean> | null = null;

  constructor(options: DispatcherOptions) {
    this.prisma = options.prisma;
    this.now = options.now;
    this.instanceId = options.instanceId ?? randomUUID();
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.pageSizeOption = options.pageSize;
    this.log = options.log ?? ((message) => logger.info(`[dispatcher] ${message}`));
    this.lease = new DispatcherLease({
      prisma: options.prisma,
      now: options.now,
      holder: this.instanceId,
      leaseMs: options.leaseMs ?? 15_000,
      log: this.log,
    });
  }

  /** Before start(): the set of handlers decides when an event counts as dispatched. */
  register(handler: EventHandlerRegistration): void {
    if (this.started) throw new Error(`cannot register event handler ${handler.name} after the dispatcher started`);
    if (this.handlers.has(handler.name)) throw new Error(`event handler ${handler.name} is registered twice`);
    const batchSize = handler.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`event handler ${handler.name}: batchSize must be a positive integer`);
    }
    const names = handler.events === '*' ? null : new Set(handler.events);
    this.handlers.set(handler.name, {
      name: handler.name,
      matches: names ? (eventName) => names.has(eventName) : () => true,
      handle: (events) => handler.handle(events),
      batchSize,
    });
  }

  /** Registered handler names, e.g. for an operator view. */
  get handlerNames(): string[] {
    return [...this.handlers.keys()];
  }

  /** True while this instance holds the dispatch lease. */
  get isLeader(): boolean {
    return this.lease.held;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.kick();
    this.schedulePoll();
  }

  /** Asks for a pass soon; many kicks before it starts make one pass. No-op unless started. */
  kick(): void {
    if (!this.started || this.stopping || this.kickScheduled) return;
    this.kickScheduled = setImmediate(() => {
      this.kickScheduled = null;
      this.requestPass().catch((error) => this.log(`dispatch pass failed: ${errorMessage(error)}`));
    });
    this.kickScheduled.unref();
  }

  /** Runs passes until one finds nothing to deliver now. Database errors reject; handler errors never do. */
  async drain(): Promise<void> {
    while (await this.requestPass()) {
      // Each pass that delivered or dispatched something may have unblocked more.
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.started = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.kickScheduled) clearImmediate(this.kickScheduled);
    this.pollTimer = null;
    this.kickScheduled = null;
    await Promise.allSettled([this.running, this.queued]);
    try {
      await this.lease.release();
    } catch (error) {
      this.log(`could not release the lease: ${errorMessage(error)}`);
    }
    this.stopping = false;
  }

  private schedulePoll(): void {
    // One timer at a time, even when start() follows stop() while a polled pass still runs.
    if (!this.started || this.pollTimer) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.requestPass()
        .catch((error) => this.log(`dispatch pass failed: ${errorMessage(error)}`))
        .finally(() => this.schedulePoll());
    }, this.pollIntervalMs);
    this.pollTimer.unref();
  }

  /**
   * Passes never overlap. A request during a pass queues one more pass (which
   * sees what committed meanwhile); further requests share that queued pass.
   */
  private requestPass(): Promise<boolean> {
    if (this.queued) return this.queued;
    if (!this.running) return this.startPass();
    const queued = this.running
      .catch(() => false)
      .then(() => {
        if (this.queued === queued) this.queued = null;
        return this.startPass();
      });
    this.queued = queued;
    return queued;
  }

  private startPass(): Promise<boolean> {
    const pass = this.pass().finally(() => {
      if (this.running === pass) this.running = null;
    });
    this.running = pass;
    return pass;
  }

  private pageSize(): number {
    const largestBatch = Math.max(1, ...[...this.handlers.values()].map((h) => h.batchSize));
    return Math.max(this.pageSizeOption ?? 200, largestBatch);
  }

  /** One pass over every undispatched event; true if it delivered, failed or dispatched anything. */
  private async pass(): Promise<boolean> {
    const handlers = [...this.handlers.values()];
    // Accounts (null: events without one) each handler must not advance on in this pass.
    const blocked = new Map(handlers.map((h) => [h.name, new Set<string | null>()]));
    const pageSize = this.pageSize();
    let cursor = 0;
    let progressed = false;
    for (;;) {
      // Renews the lease when due, so a long pass keeps it (or stops once another instance took over).
      if (this.stopping || !(await this.lease.hold())) break;
      const events = await this.prisma.outboxEvent.findMany({
        where: { dispatchedAt: null, id: { gt: cursor } },
        orderBy: { id: 'asc' },
        take: pageSize,
      });
      if (events.length === 0) break;
      cursor = events[events.length - 1]!.id;
      if (await this.processPage(events, handlers, blocked)) progressed = true;
      if (events.length < pageSize) break;
    }
    return progressed;
  }

  private async processPage(
    events: OutboxEvent[],
    handlers: Handler[],
    blocked: Map<string, Set<string | null>>,
  ): Promise<boolean> {
    const handlerNames = handlers.map((h) => h.name);
    const existing = new Map<string, ExistingDelivery>();
    if (handlers.length > 0) {
      const rows = await this.prisma.eventDelivery.findMany({
        where: { eventId: { in: events.map((e) => e.id) }, handler: { in: handlerNames } },
        select: { id: true, eventId: true, handler: true, status: true, attempts: true, nextAttemptAt: true },
      });
      for (const row of rows) existing.set(deliveryKey(row.eventId, row.handler), row);
    }

    const now = this.now();
    const outcomes = new Map<string, Outcome>();
    let called = false;
    let interrupted = false;

    for (const handler of handlers) {
      if (interrupted) break;
      const blockedAccounts = blocked.get(handler.name)!;
      let chunk: { event: OutboxEvent; existing: ExistingDelivery | undefined }[] = [];

      const flush = async () => {
        if (chunk.length === 0) return;
        const batch = chunk;
        chunk = [];
        if (this.stopping || !(await this.lease.hold())) {
          interrupted = true;
          return;
        }
        called = true;
        const failure = await this.invoke(handler, batch.map((c) => c.event));
        for (const { event, existing: row } of batch) {
          const outcome = this.outcome(event, handler.name, row, failure, now);
          outcomes.set(deliveryKey(event.id, handler.name), outcome);
          // Only a retry to come holds the account back; a parked event is the operator's.
          if (outcome.status === 'PENDING') blockedAccounts.add(event.accountId);
        }
      };

      for (const event of events) {
        if (interrupted) break;
        if (!handler.matches(event.name)) continue;
        const row = existing.get(deliveryKey(event.id, handler.name));
        if (row && row.status !== 'PENDING') continue; // DONE, or PARKED: finished, blocks nothing
        if (blockedAccounts.has(event.accountId)) continue;
        if (row?.nextAttemptAt && row.nextAttemptAt.getTime() > now.getTime()) {
          blockedAccounts.add(event.accountId);
          continue;
        }
        chunk.push({ event, existing: row });
        if (chunk.length >= handler.batchSize) await flush();
      }
      if (!interrupted) await flush();
    }

    // Finished: every handler that matches it is DONE or PARKED, counting this pass.
    const finished = events
      .filter((event) =>
        handlers.every((h) => {
          if (!h.matches(event.name)) return true;
          const key = deliveryKey(event.id, h.name);
          const status = outcomes.get(key)?.status ?? existing.get(key)?.status;
          return status === 'DONE' || status === 'PARKED';
        }),
      )
      .map((e) => e.id);

    const dispatched = await this.record([...outcomes.values()], finished, handlerNames, now);
    return called || dispatched > 0;
  }

  /** Calls a handler; a handler error becomes a value, never an exception of the dispatcher. */
  private async invoke(handler: Handler, events: OutboxEvent[]): Promise<string | null> {
    const domainEvents: DomainEvent[] = events.map((e) => ({
      id: e.id,
      name: e.name,
      accountId: e.accountId,
      // Parsed per handler, so a handler that mutates its payload cannot affect another.
      payload: parsePayload(e.payload),
      occurredAt: e.occurredAt,
    }));
    try {
      await handler.handle(domainEvents);
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  }

  private outcome(
    event: OutboxEvent,
    handler: string,
    existing: ExistingDelivery | undefined,
    failure: string | null,
    now: Date,
  ): Outcome {
    const base = { event, handler, existing };
    if (failure === null) return { ...base, status: 'DONE', attempts: (existing?.attempts ?? 0) + 1, nextAttemptAt: null, lastError: null };
    const attempts = (existing?.attempts ?? 0) + 1;
    if (attempts >= this.maxAttempts) {
      this.log(`parked event ${event.id} (${event.name}) for handler ${handler} after ${attempts} attempts: ${failure}`);
      return { ...base, status: 'PARKED', attempts, nextAttemptAt: null, lastError: failure };
    }
    const wanted = this.backoffMs(attempts);
    // A bad policy value must not become an invalid date that fails the whole page's write.
    const delay = Number.isFinite(wanted) ? Math.max(0, wanted) : 0;
    return { ...base, status: 'PENDING', attempts, nextAttemptAt: new Date(now.getTime() + delay), lastError: failure };
  }

  /**
   * Writes a page's outcomes in one transaction: new rows in one createMany,
   * changed rows in one updateMany per distinct new state, then dispatchedAt.
   * Returns how many events were marked dispatched.
   */
  private async record(outcomes: Outcome[], finished: number[], handlerNames: string[], now: Date): Promise<number> {
    const { prisma } = this;
    const creates = outcomes
      .filter((o) => !o.existing)
      .map((o) => ({
        eventId: o.event.id,
        handler: o.handler,
        status: o.status,
        attempts: o.attempts,
        nextAttemptAt: o.nextAttemptAt,
        lastError: o.lastError,
        updatedAt: now,
      }));
    const updates = new Map<string, { ids: number[]; data: Omit<Outcome, 'event' | 'handler' | 'existing'> }>();
    for (const o of outcomes) {
      if (!o.existing) continue;
      const data = { status: o.status, attempts: o.attempts, nextAttemptAt: o.nextAttemptAt, lastError: o.lastError };
      const key = JSON.stringify(data);
      const group = updates.get(key) ?? { ids: [], data };
      group.ids.push(o.existing.id);
      updates.set(key, group);
    }

    const writes = [];
    if (creates.length > 0) writes.push(prisma.eventDelivery.createMany({ data: creates }));
    for (const { ids, data } of updates.values()) {
      // A successful retry keeps the last error: the operator can still see what had gone wrong.
      const { lastError, ...rest } = data;
      writes.push(
        prisma.eventDelivery.updateMany({
          where: { id: { in: ids } },
          data: { ...rest, ...(lastError !== null && { lastError }), updatedAt: now },
        }),
      );
    }
    const dispatchIndex = writes.length;
    if (finished.length > 0) {
      writes.push(
        prisma.outboxEvent.updateMany({
          // An operator may have re-queued a delivery since the page was read: then the event stays open.
          where: { id: { in: finished }, dispatchedAt: null, deliveries: { none: { status: 'PENDING', handler: { in: handlerNames } } } },
          data: { dispatchedAt: now },
        }),
      );
    }
    if (writes.length === 0) return 0;
    const results = await prisma.$transaction(writes);
    return finished.length > 0 ? (results[dispatchIndex] as { count: number }).count : 0;
  }
}
