/**
 * Shapes shared by the health engine, its GraphQL layer and the pub/sub
 * topic. Kept apart from the engine so src/server/pubsub.ts can name the
 * message type without importing engine code.
 */
import type { HealthLevel } from '../generated/prisma-sqlite/enums.js';
import type { StaveFactor } from './stave.js';

export type { HealthLevel };

export const HEALTH_CHANGED_TOPIC = 'health:accountChanged' as const;

/** What made the engine recompute: an event (name and outbox id) or `health.periodic`. */
export interface HealthCause {
  name: string;
  eventId?: number;
}

export interface HealthSnapshot {
  score: number;
  level: HealthLevel;
  /** Ids of the shortest staves, sorted; all of them on a tie. */
  shortestStaves: string[];
  computedAt: Date;
}

export interface HealthChange {
  /** The AccountHealthChange row that records it. */
  id: number;
  accountId: string;
  /** null on the account's first computation. */
  previous: HealthSnapshot | null;
  current: HealthSnapshot;
  cause: HealthCause;
}

/** HealthSnapshot as published: JSON-safe, so it survives a Redis event target. */
export interface HealthSnapshotMessage {
  score: number;
  level: HealthLevel;
  shortestStaves: string[];
  /** ISO-8601. */
  computedAt: string;
}

/** The message on HEALTH_CHANGED_TOPIC: one per changed account, after commit. */
export interface HealthChangedMessage {
  /** The health-change row's id: its place in the topic, and how it is read back. */
  seq: number;
  accountId: string;
  previous: HealthSnapshotMessage | null;
  current: HealthSnapshotMessage;
  cause: HealthCause;
}

/** One stave's verdict on one account, as stored in AccountHealth.staves. */
export interface StoredStave {
  id: string;
  label: string;
  /** The plugin that contributed the stave. */
  plugin: string;
  /** Whole number 0-100; 100 when the stave said nothing about the account. */
  score: number;
  factors: StaveFactor[];
}

/** An AccountHealth row with its JSON columns parsed. */
export interface StoredHealth {
  accountId: string;
  score: number;
  level: HealthLevel;
  shortestStaves: string[];
  /** Every enabled stave at computation time, in registration order. */
  staves: StoredStave[];
  computedAt: Date;
  /** Cause (event name) of the latest change. */
  cause: string;
}

export function toSnapshotMessage(snapshot: HealthSnapshot): HealthSnapshotMessage {
  return { ...snapshot, shortestStaves: [...snapshot.shortestStaves], computedAt: snapshot.computedAt.toISOString() };
}
