/**
 * A stave is one dimension of an account's health (relationship, sales,
 * service, or a partner's), scored 0-100 from named factors.
 */
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';

export interface StaveFactor {
  /** Stable identifier, e.g. `overdue-invoices`. */
  key: string;
  label: string;
  /** 0 (worst) to 100 (best). */
  score: number;
  /** Relative importance within the stave. */
  weight: number;
  /** Why the factor scored as it did, for people. */
  reason: string;
  /** What to do about it; null when nothing needs doing. */
  suggestedAction: string | null;
}

export interface StaveScore {
  score: number;
  factors: StaveFactor[];
}

export interface StaveContext<Options = unknown> {
  /** The contributing plugin's validated options. */
  options?: Options;
  prisma: PrismaClient;
  /** The engine's clock: time-based factors must use it, never Date.now(). */
  now: Date;
}

export interface StaveDefinition<Options = unknown> {
  /** Upper-case identifier, e.g. `PAYMENT`; unique across plugins. */
  id: string;
  label: string;
  /**
   * Scores a batch of accounts. Must cost a fixed number of queries per call
   * (load the batch with `in` filters), never one per account. Accounts the
   * stave has nothing to say about may be left out: they count as 100.
   */
  compute(accountIds: readonly string[], ctx: StaveContext<Options>): Promise<Map<string, StaveScore>>;
}

/** Weighted mean of factor scores, rounded; 100 when there are no factors. */
export function weightedScore(factors: readonly StaveFactor[]): number {
  const total = factors.reduce((sum, f) => sum + f.weight, 0);
  if (total <= 0) return 100;
  return Math.round(factors.reduce((sum, f) => sum + f.score * f.weight, 0) / total);
}
