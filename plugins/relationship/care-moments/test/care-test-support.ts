/**
 * Helpers for the care-moment tests: the relationship plugin loaded as a
 * configuration would, its runtime over a test database, and the tables a
 * care-moment operation may write, counted directly.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTestPlugins, testPluginRuntime, type TestDatabase, type TestPluginRuntime } from 'kam-graphql/testing';
import type { RelationshipOptions } from '../../options.js';

export { TEST_PLUGIN_NOW as NOW } from 'kam-graphql/testing';
export const DAY_MS = 86_400_000;
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
export const daysAfter = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS);

const here = dirname(fileURLToPath(import.meta.url));

/** The relationship plugin (this folder's parent's parent), enabled, with its options. */
export function loadRelationship(options: Record<string, unknown> = {}) {
  return loadTestPlugins([{ from: '../..', options }], here);
}

export type RelationshipRuntime = TestPluginRuntime<RelationshipOptions>;

export async function relationshipRuntime(db: TestDatabase['db'], options: Partial<RelationshipOptions> = {}): Promise<RelationshipRuntime> {
  return testPluginRuntime<RelationshipOptions>(db, await loadRelationship(), 'relationship', { options });
}

/** What a care-moment operation may write: its two tables, the outbox and the audit trail. */
export async function writes(db: TestDatabase['db']) {
  const p = db.prisma;
  const [moments, actions, outbox, audit] = await Promise.all([p.careMoment.count(), p.careAction.count(), p.outboxEvent.count(), p.auditEntry.count()]);
  return { moments, actions, outbox, audit };
}
