/**
 * Connects the audit extension's hooks to the runner invocation they belong to.
 *
 * Why AsyncLocalStorage: a Prisma query extension is declared once per client
 * and its hooks receive only the model, operation and arguments: neither the
 * transaction client they run in nor anything about who is writing. The
 * runner knows both, but it hands `work` a plain transaction client, and the
 * work may pass that client through any number of service and plugin
 * functions. Storing the scope (the transaction client, for the before-reads,
 * and the collector, for the entries) in async-local storage for the duration
 * of `work` lets every hook find the invocation it is part of, without
 * changing a single signature, and keeps concurrent invocations apart.
 *
 * Nothing outside src/audit should read this; the runner only opens a scope.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditCollector } from './audit-collector.js';

/** A transaction client as the extension sees it: model delegates by name. */
export type AuditTx = Record<string, unknown>;

export interface AuditScope {
  /** The runner's transaction client: before-reads go through it, so they see the transaction's own writes. */
  tx: AuditTx;
  collector: AuditCollector;
}

const storage = new AsyncLocalStorage<AuditScope>();

/** Runs `work` with `scope` as the current audit scope (for it and everything it awaits). */
export function withAuditScope<T>(scope: AuditScope, work: () => Promise<T>): Promise<T> {
  // Awaited inside the scope: a Prisma query runs only when awaited, so work
  // that returns one unawaited (`run((tx) => tx.invoice.createMany(...))`) must be awaited here.
  return storage.run(scope, async () => await work());
}

/**
 * For work that must not copy the values it overwrites into the trail (the
 * erasure of a person's data): the entries of the current invocation keep
 * the field names and drop the values.
 */
export function recordFieldNamesOnly(): void {
  storage.getStore()?.collector.dropValues();
}

/** The audit scope of the runner invocation the caller is part of, if any. */
export function currentAuditScope(): AuditScope | undefined {
  return storage.getStore();
}
