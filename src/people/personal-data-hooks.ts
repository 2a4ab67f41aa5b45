/**
 * How a plugin that holds personal data about customer-side people takes
 * part in the rights of access and erasure. A leaf module: the plugin
 * contract re-exports these types and the personal-data service runs them,
 * and neither has to know the other.
 */
import type { Transaction } from '../events/unit-of-work.js';

/**
 * What personal-data hooks receive: the transaction of the export or erasure
 * (read and write through `tx` only, so an erasure is all or nothing), the
 * plugin's options and the clock.
 */
export interface PersonalDataContext<Options = unknown> {
  tx: Transaction;
  options: Options;
  now(): Date;
}

/**
 * A plugin that stores personal data about customer-side people (notes,
 * visit reports, care moments, gift lists...) takes part in the right of
 * access and the right of erasure. Both are called with a Person id, for
 * every installed plugin, enabled or not: a disabled plugin keeps its rows.
 */
export interface PersonalDataHooks<Options = unknown> {
  /** Everything the plugin holds about the person, as JSON-serialisable data; `{}` when nothing. */
  export(personId: string, ctx: PersonalDataContext<Options>): Promise<Record<string, unknown>>;
  /**
   * Deletes or anonymises it, inside the erasure's transaction. Must be
   * idempotent: erasing an already erased person calls it again. Return the
   * rows whose audit-trail entries hold personal values (the rows just
   * deleted or anonymised, and earlier ones of the person): core scrubs their
   * entries, those this erasure writes included, as it does for its own.
   */
  erase(personId: string, ctx: PersonalDataContext<Options>): Promise<void | PersonalDataErasure>;
  /**
   * Optional: the plugin's audited rows about the person, now and in the
   * past (`auditedRecordsOf` finds rows deleted long ago). Their audit-trail
   * entries are listed in the export and scrubbed by the erasure, as core's
   * own are. Called before `erase`.
   */
  auditRecords?(personId: string, ctx: PersonalDataContext<Options>): Promise<readonly AuditRecordRef[]>;
}

/** An audited row: `entityType` is the model name, `entityId` its primary key as a string. */
export interface AuditRecordRef {
  entityType: string;
  entityId: string;
}

/** What a plugin's `erase` reports back to core. */
export interface PersonalDataErasure {
  /** Audited rows about the person: `entityType` is the model name, `entityId` its primary key as a string. */
  auditRecords?: readonly AuditRecordRef[];
}

/** One installed plugin's personal-data hooks, with the options they receive. */
export interface PersonalDataHookRegistration {
  plugin: string;
  options: unknown;
  hooks: PersonalDataHooks<unknown>;
}
