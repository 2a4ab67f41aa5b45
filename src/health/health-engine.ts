/**
 * The health engine: scores accounts by the short-board law (the account is
 * as healthy as its weakest stave), stores the current health and a history
 * row per change, and publishes one message per change after commit.
 *
 * Every SQL statement it sends is per batch, never per account: the staves
 * score a whole batch, current rows are read with one `in` query and written
 * with bulk statements in one transaction.
 */
import { performance } from 'node:perf_hooks';
import { isUniqueViolation } from '../errors/prisma-errors.js';
import type { Prisma, PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { HealthLevel } from '../generated/prisma-sqlite/enums.js';
import type { EventHandlerRegistration } from '../events/dispatcher.js';
import type { Transaction } from '../events/unit-of-work.js';
import { isTopicName } from '../events/event-catalog.js';
import { parseDuration } from '../plugins/duration.js';
import type { KamPubSub } from '../server/pubsub.js';
import {
  HEALTH_CHANGED_TOPIC,
  toSnapshotMessage,
  type HealthCause,
  type HealthChange,
  type HealthSnapshot,
  type StoredHealth,
  type StoredStave,
} from './health-types.js';
import { loadHealth, type HealthRow } from './health-loader.js';
import type { StaveDefinition, StaveFactor, StaveScore } from './stave.js';

export * from './health-types.js';
export { createHealthLoader, loadHealth, parseHealthRow, type HealthLoader } from './health-loader.js';

export interface HealthThresholds {
  /** Scores at or above are HEALTHY. */
  healthy: number;
  /** Scores at or above (and below `healthy`) are AT_RISK; below, CRITICAL. */
  atRisk: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: Readonly<HealthThresholds> = Object.freeze({ healthy: 70, atRisk: 40 });

export interface EnabledStave {
  plugin: string;
  stave: StaveDefinition;
}

export interface HealthEngineOptions {
  prisma: PrismaClient;
  now: () => Date;
  /** The enabled staves, in display order. */
  staves: readonly EnabledStave[];
  thresholds?: HealthThresholds;
  pubsub: KamPubSub;
  /** Accounts per batch: per-batch statements stay constant, so this bounds statement count. Default 500. */
  batchSize?: number;
  /** Interval of the periodic pass (`1h`, `15m`, or ms). Default `1h`. */
  periodicEvery?: number | string;
  log?: (message: string) => void;
  /** Told of every recomputation once it is over, failed or not (for metrics); must not throw. */
  onRecomputed?: (recomputation: HealthRecomputation) => void;
}

/** One recomputation: the accounts of an event batch (or a rescoring), or a periodic pass over all. */
export interface HealthRecomputation {
  /** `incremental`: given accounts (events, changed staves); `periodic`: every active account (recomputeAll). */
  mode: 'incremental' | 'periodic';
  /** Active accounts scored and stored (until the failure, when it failed). */
  accounts: number;
  /** Of them, those whose score, level or shortest staves changed. */
  changed: number;
  /** From its start (not its wait in the queue) to its end. */
  seconds: number;
  failed: boolean;
}

/** Structurally the job scheduler's ScheduledJob (src/plugins/job-scheduler.ts). */
export interface HealthPeriodicJob {
  name: 'health-periodic';
  every: number | string;
  run(): Promise<void>;
}

export interface RecomputeAllSummary {
  /** Active accounts scored. */
  accounts: number;
  /** Accounts whose score, level or shortest staves changed. */
  changed: number;
  batches: number;
}

export const PERIODIC_CAUSE = 'health.periodic';
/** The cause named when health is rescored because the enabled staves changed. */
export const STAVES_CHANGED_CAUSE = 'health.staves-changed';

/** Bulk inserts are slow in Prisma's client (about 1 ms a row): allow more than the 5 s default. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 60_000 };
const MAX_STORE_ATTEMPTS = 3;

type Verdict = { accountId: string; cause: HealthCause; next: ReturnType<HealthEngine['evaluate']> };

/** Level of a score under the thresholds. */
export function levelOf(score: number, thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): HealthLevel {
  if (score >= thresholds.healthy) return 'HEALTHY';
  if (score >= thresholds.atRisk) return 'AT_RISK';
  return 'CRITICAL';
}

export class HealthEngine {
  readonly staves: readonly EnabledStave[];
  readonly thresholds: Readonly<HealthThresholds>;
  readonly batchSize: number;
  readonly periodicEvery: number | string;
  private readonly prisma: PrismaClient;
  private readonly now: () => Date;
  private readonly pubsub: KamPubSub;
  private readonly log: (message: string) => void;
  private readonly onRecomputed: ((recomputation: HealthRecomputation) => void) | undefined;
  /** Recomputations run one at a time: two overlapping ones would both read the old row and double the history. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: HealthEngineOptions) {
    this.prisma = options.prisma;
    this.now = options.now;
    this.pubsub = options.pubsub;
    this.log = options.log ?? (() => {});
    this.onRecomputed = options.onRecomputed;
    this.thresholds = Object.freeze({ ...(options.thresholds ?? DEFAULT_HEALTH_THRESHOLDS) });
    const { healthy, atRisk } = this.thresholds;
    if (!(Number.isFinite(healthy) && Number.isFinite(atRisk) && atRisk >= 0 && atRisk <= healthy && healthy <= 100)) {
      throw new Error(`health thresholds must satisfy 0 <= atRisk <= healthy <= 100, got healthy=${healthy} atRisk=${atRisk}`);
    }
    this.batchSize = options.batchSize ?? 500;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error(`health batchSize must be a positive integer, got ${this.batchSize}`);
    this.periodicEvery = options.periodicEvery ?? '1h';
    parseDuration(this.periodicEvery); // fail at boot, not at the first tick
    const seen = new Map<string, string>();
    for (const { plugin, stave } of options.staves) {
      const other = seen.get(stave.id);
      if (other !== undefined) throw new Error(`stave ${stave.id} is contributed twice (plugins ${other} and ${plugin})`);
      seen.set(stave.id, plugin);
    }
    this.staves = Object.freeze([...options.staves]);
    this.staveIds = this.staves.map((s) => s.stave.id).sort().join(',');
  }

  /** The enabled staves' ids as stored with each account's health. */
  readonly staveIds: string;

  /**
   * Recomputes every account whose stored health was computed with other
   * staves than those enabled now (a plugin was disabled, enabled, added):
   * at boot, so a disabled plugin's stave leaves stored health at once, and
   * the changes are published like any other. Returns the accounts rescored.
   */
  async reconcileStaves(): Promise<number> {
    let rescored = 0;
    for (;;) {
      const stale = await this.prisma.accountHealth.findMany({
        where: { staveIds: { not: this.staveIds }, account: { status: 'ACTIVE' } },
        select: { accountId: true },
        take: this.batchSize,
      });
      if (stale.length === 0) break;
      await this.recompute(stale.map((s) => s.accountId), { name: STAVES_CHANGED_CAUSE });
      rescored += stale.length;
      if (stale.length < this.batchSize) break;
    }
    if (rescored > 0) this.log(`health: ${rescored} account(s) rescored for the staves enabled now (${this.staveIds || 'none'})`);
    return rescored;
  }

  /**
   * Recomputes the given accounts (archived or unknown ids are skipped) and
   * returns the changes, each already stored and published.
   */
  recompute(accountIds: readonly string[], cause: HealthCause): Promise<HealthChange[]> {
    const causes = new Map<string, HealthCause>();
    for (const id of accountIds) causes.set(id, cause);
    return this.recomputeWithCauses(causes);
  }

  /** The periodic pass: every ACTIVE account, by id pages, so time-based factors decay. */
  recomputeAll(cause: HealthCause = { name: PERIODIC_CAUSE }): Promise<RecomputeAllSummary> {
    return this.serialized(() => this.observed('periodic', { accounts: 0, changed: 0, batches: 0 }, async (summary): Promise<RecomputeAllSummary> => {
      let after: string | undefined;
      for (;;) {
        // Keyset pagination: each page costs the same, however deep.
        const page = await this.prisma.account.findMany({
          where: { status: 'ACTIVE', ...(after === undefined ? {} : { id: { gt: after } }) },
          orderBy: { id: 'asc' },
          take: this.batchSize,
          select: { id: true },
        });
        if (page.length === 0) break;
        after = page[page.length - 1]!.id;
        const changes = await this.scoreBatch(page.map((a) => [a.id, cause] as const));
        summary.accounts += page.length;
        summary.changed += changes.length;
        summary.batches += 1;
        if (page.length < this.batchSize) break;
      }
      this.log(`health: ${cause.name} pass scored ${summary.accounts} accounts in ${summary.batches} batches, ${summary.changed} changed`);
      return summary;
    }));
  }

  /** Registration for the outbox dispatcher: recomputes the accounts the events touch. */
  handler(): EventHandlerRegistration {
    return {
      name: 'health-engine',
      events: '*',
      batchSize: 200,
      handle: async (events) => {
        const causes = new Map<string, HealthCause>();
        // The latest event touching an account is named as its cause.
        for (const event of [...events].sort((a, b) => a.id - b.id)) {
          // Live topic messages ride the outbox too, but say nothing new about an account.
          if (event.accountId && !isTopicName(event.name)) causes.set(event.accountId, { name: event.name, eventId: event.id });
        }
        if (causes.size > 0) await this.recomputeWithCauses(causes);
      },
    };
  }

  periodicJob(): HealthPeriodicJob {
    return {
      name: 'health-periodic',
      every: this.periodicEvery,
      run: async () => {
        await this.recomputeAll({ name: PERIODIC_CAUSE });
      },
    };
  }

  /** Stored health by account id (absent: never computed). */
  getHealth(accountIds: readonly string[]): Promise<Map<string, StoredHealth>> {
    return loadHealth(this.prisma, accountIds);
  }

  /** Scores one account from stave results, without storing anything. */
  evaluate(results: readonly (StaveScore | undefined)[]): { score: number; level: HealthLevel; shortestStaves: string[]; staves: StoredStave[] } {
    const staves: StoredStave[] = this.staves.map(({ plugin, stave }, i) => {
      const result = results[i];
      return {
        id: stave.id,
        label: stave.label,
        plugin,
        // Stored as a whole number; a stave that says nothing counts as full.
        score: result ? Math.round(result.score) : 100,
        factors: result ? result.factors.map(copyFactor) : [],
      };
    });
    // No staves enabled: nothing can be short, so the barrel is full.
    const score = staves.length === 0 ? 100 : Math.min(...staves.map((s) => s.score));
    const shortestStaves = staves.length === 0 ? [] : staves.filter((s) => s.score === score).map((s) => s.id).sort();
    return { score, level: levelOf(score, this.thresholds), shortestStaves, staves };
  }

  private recomputeWithCauses(causes: ReadonlyMap<string, HealthCause>): Promise<HealthChange[]> {
    return this.serialized(() => this.observed('incremental', { accounts: 0, changed: 0 }, async (tally) => {
      const ids = [...causes.keys()];
      const changes: HealthChange[] = [];
      for (let i = 0; i < ids.length; i += this.batchSize) {
        const batch = ids.slice(i, i + this.batchSize);
        // Archived and deleted accounts drop out here, in one statement.
        const active = await this.prisma.account.findMany({
          where: { id: { in: batch }, status: 'ACTIVE' },
          select: { id: true },
        });
        if (active.length === 0) continue;
        const batchChanges = await this.scoreBatch(active.map((a) => [a.id, causes.get(a.id)!] as const));
        changes.push(...batchChanges);
        tally.accounts += active.length;
        tally.changed += batchChanges.length;
      }
      return changes;
    }));
  }

  /** Runs a recomputation that keeps its counts in `tally`, and reports it to onRecomputed however it ends. */
  private async observed<T, Tally extends { accounts: number; changed: number }>(
    mode: HealthRecomputation['mode'],
    tally: Tally,
    work: (tally: Tally) => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    let failed = true;
    try {
      const result = await work(tally);
      failed = false;
      return result;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      try {
        this.onRecomputed?.({ mode, accounts: tally.accounts, changed: tally.changed, seconds, failed });
      } catch {
        // An observer's failure is not the recomputation's.
      }
    }
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Scores, stores and publishes one batch of active accounts. */
  private async scoreBatch(entries: readonly (readonly [string, HealthCause])[]): Promise<HealthChange[]> {
    const now = this.now();
    const ids = entries.map(([id]) => id);
    // Staves read outside the transaction: no lock is held while plugins query.
    const results = await Promise.all(this.staves.map((enabled) => this.runStave(enabled, ids, now)));
    const verdicts = entries.map(([accountId, cause]) => ({ accountId, cause, next: this.evaluate(results.map((r) => r.get(accountId))) }));
    for (let attempt = 1; ; attempt += 1) {
      try {
        const changes = await this.prisma.$transaction((tx) => this.store(tx, verdicts, now), TRANSACTION_OPTIONS);
        // Only after commit: subscribers must never hear of a change that was rolled back.
        for (const change of changes) {
          this.pubsub.publish(HEALTH_CHANGED_TOPIC, {
            seq: change.id,
            accountId: change.accountId,
            previous: change.previous ? toSnapshotMessage(change.previous) : null,
            current: toSnapshotMessage(change.current),
            cause: change.cause,
          });
        }
        return changes;
      } catch (error) {
        // Another engine (another instance, PostgreSQL) stored one of these accounts between our read and our insert: read again.
        if (attempt < MAX_STORE_ATTEMPTS && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  /**
   * Compares with the stored rows and writes, in the caller's transaction.
   * Reading inside it means a change is decided on the rows it replaces.
   */
  private async store(tx: Transaction, verdicts: readonly Verdict[], now: Date): Promise<HealthChange[]> {
    const currentRows = await tx.accountHealth.findMany({ where: { accountId: { in: verdicts.map((v) => v.accountId) } } });
    const current = new Map(currentRows.map((row) => [row.accountId, row]));
    const changes: HealthChange[] = [];
    const rewrite: HealthRow[] = [];
    const history: Prisma.AccountHealthChangeCreateManyInput[] = [];
    const touch: string[] = [];
    for (const { accountId, cause, next } of verdicts) {
      const before = current.get(accountId);
      const shortestJson = JSON.stringify(next.shortestStaves);
      const stavesJson = JSON.stringify(next.staves);
      const changed = !before || before.score !== next.score || before.level !== next.level || before.shortestStaves !== shortestJson;
      if (changed) {
        rewrite.push({ accountId, score: next.score, level: next.level, shortestStaves: shortestJson, staves: stavesJson, staveIds: this.staveIds, computedAt: now, cause: cause.name });
        history.push({
          accountId,
          score: next.score,
          level: next.level,
          previousScore: before?.score ?? null,
          previousLevel: before?.level ?? null,
          previousShortestStaves: before?.shortestStaves ?? null,
          previousComputedAt: before?.computedAt ?? null,
          shortestStaves: shortestJson,
          staves: stavesJson,
          cause: cause.name,
          causeEventId: cause.eventId ?? null,
          computedAt: now,
        });
        changes.push({
          id: 0, // the history row's, once written
          accountId,
          previous: before ? snapshotOf(before) : null,
          current: { score: next.score, level: next.level, shortestStaves: next.shortestStaves, computedAt: now },
          cause: { ...cause },
        });
      } else if (before.staves !== stavesJson) {
        // Same verdict, new explanation (e.g. "33 days since the last visit"): refresh the row, no history, no publish.
        rewrite.push({ ...before, staves: stavesJson, staveIds: this.staveIds, computedAt: now });
      } else {
        touch.push(accountId);
      }
    }

    if (rewrite.length > 0) {
      // Delete + bulk insert is a batched upsert: Prisma has no multi-row upsert, and one upsert per row is N statements.
      await tx.accountHealth.deleteMany({ where: { accountId: { in: rewrite.map((r) => r.accountId) } } });
      await tx.accountHealth.createMany({ data: rewrite });
    }
    if (history.length > 0) {
      // Their ids are the changes' places in the live topic (createManyAndReturn keeps the order of `data`).
      const written = await tx.accountHealthChange.createManyAndReturn({ data: history, select: { id: true } });
      written.forEach((row, i) => (changes[i]!.id = row.id));
    }
    // computedAt means "last computed", so unchanged rows are touched too: one statement for all of them.
    if (touch.length > 0) await tx.accountHealth.updateMany({ where: { accountId: { in: touch } }, data: { computedAt: now } });
    return changes;
  }

  private async runStave({ plugin, stave }: EnabledStave, ids: readonly string[], now: Date): Promise<Map<string, StaveScore>> {
    let scores: Map<string, StaveScore>;
    try {
      scores = await stave.compute(ids, { prisma: this.prisma, now });
    } catch (error) {
      throw new Error(`stave ${stave.id} (plugin ${plugin}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!(scores instanceof Map)) throw new Error(`stave ${stave.id} (plugin ${plugin}) must return a Map of account id to score`);
    // Out-of-range output is a plugin bug: clamping would hide it behind a plausible number.
    for (const [accountId, result] of scores) {
      const where = `stave ${stave.id} (plugin ${plugin}) for account ${accountId}`;
      if (!isScore(result?.score)) throw new Error(`${where}: score must be a finite number from 0 to 100, got ${String(result?.score)}`);
      if (!Array.isArray(result.factors)) throw new Error(`${where}: factors must be an array`);
      for (const factor of result.factors) {
        if (!isScore(factor?.score)) throw new Error(`${where}: factor ${String(factor?.key)} score must be a finite number from 0 to 100, got ${String(factor?.score)}`);
        if (typeof factor.weight !== 'number' || !Number.isFinite(factor.weight) || factor.weight < 0) {
          throw new Error(`${where}: factor ${factor.key} weight must be a finite number >= 0, got ${String(factor.weight)}`);
        }
      }
    }
    return scores;
  }
}


function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
}

function copyFactor(f: StaveFactor): StaveFactor {
  return { key: f.key, label: f.label, score: f.score, weight: f.weight, reason: f.reason, suggestedAction: f.suggestedAction ?? null };
}

function snapshotOf(row: HealthRow): HealthSnapshot {
  return { score: row.score, level: row.level, shortestStaves: JSON.parse(row.shortestStaves) as string[], computedAt: row.computedAt };
}
