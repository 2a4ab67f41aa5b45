/**
 * The plugin contract: everything a plugin (first-party or partner) may
 * contribute, declared in one object. Plugins depend on this module and on
 * the types it re-exports, never on core internals.
 */
import type { AccessRules } from '../auth/access-rules.js';
import type { z } from 'zod';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { DomainEvent } from '../events/domain-event.js';
import type { Emit, Transaction } from '../events/unit-of-work.js';
import type { StaveDefinition } from '../health/stave.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import type { CoreSchemaRefs } from '../schema/core-schema.js';

export type { StaveDefinition, StaveFactor, StaveScore, StaveContext } from '../health/stave.js';
export { weightedScore } from '../health/stave.js';
export type { DomainEvent } from '../events/domain-event.js';
export type { KamSchemaBuilder } from '../schema/builder.js';
export type { CoreSchemaRefs } from '../schema/core-schema.js';
export { runMutation } from '../schema/mutation-errors.js';
export { relationConnection, rootConnection } from '../schema/connections/connection-fields.js';
export type { SortKey } from '../schema/connections/keyset.js';
export { idOf } from '../schema/global-id.js';
export { ValidationError, NotFoundError, ConflictError, RuleViolationError } from '../errors/domain-errors.js';
export { parseInput } from '../errors/validate.js';
export type { GraphQLContext } from '../schema/context.js';
export type { AccessRule, AccessRules, Reach } from '../auth/access-rules.js';
export type { AccessControl } from '../auth/access-control.js';

/** Runs work in one database transaction; events it emits are written to the outbox in it. */
export type RunInTransaction = <T>(work: (tx: Transaction, emit: Emit) => Promise<T>) => Promise<T>;

/** What a plugin's handlers, jobs and seed receive at run time. */
export interface PluginRuntime<Options = unknown> {
  prisma: PrismaClient;
  options: Options;
  now(): Date;
  transaction: RunInTransaction;
  log(message: string): void;
}

export interface SchemaContribution<Options = unknown> {
  options: Options;
  /** Core GraphQL types to extend or reference (Account, Person, Staff, ...). */
  core: CoreSchemaRefs;
}

export type EventHandler<Options = unknown> = (event: DomainEvent, runtime: PluginRuntime<Options>) => Promise<void> | void;

export interface JobDefinition<Options = unknown> {
  /** Unique within the plugin. */
  name: string;
  /** Interval in milliseconds, or a duration such as `30s`, `15m`, `1h`, `1d`. */
  every: number | string;
  run(runtime: PluginRuntime<Options>): Promise<void> | void;
}

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
 * visit reports, gift lists...) takes part in the right of access and the
 * right of erasure. Both are called with a Person id.
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
}

/** What a plugin's `erase` reports back to core. */
export interface PersonalDataErasure {
  /** Audited rows about the person: `entityType` is the model name, `entityId` its primary key as a string. */
  auditRecords?: readonly { entityType: string; entityId: string }[];
}

export interface SeedContext<Options = unknown> extends PluginRuntime<Options> {
  /** The demo seed number, for deterministic data. */
  seed: number;
}

/**
 * A plugin's Prisma models live in the `prisma/` folder next to its entry
 * module, by convention, so they can be composed into the schema without
 * running plugin code (see docs/writing-a-plugin.md).
 */
export interface PluginDefinition<Options = Record<string, never>> {
  /** Unique, kebab-case: `payment-discipline`. */
  name: string;
  /** Semantic version of the plugin. */
  version: string;
  /** Semver range of core versions the plugin supports, e.g. `^1.0.0`. */
  core: string;
  /** Names of plugins that must be enabled and are set up before this one. */
  requires?: readonly string[];
  /** Validates (and defaults) the options given in the configuration. */
  options?: z.ZodType<Options>;
  /** Event names this plugin emits: `<plugin-name>.<entity>.<action>`. */
  events?: readonly string[];
  /**
   * Who may use what this plugin adds to the schema: one rule for each of its
   * root fields (queries, mutations, subscriptions), and for any other field
   * that needs more than read access to its account. The boot fails without them.
   */
  access?: AccessRules;
  /** GraphQL contributions on the shared builder. */
  schema?: (builder: KamSchemaBuilder, contribution: SchemaContribution<Options>) => void;
  /** Handlers of core or other plugins' events, by event name. */
  on?: Readonly<Record<string, EventHandler<Options>>>;
  /** This plugin's dimension of account health. */
  stave?: StaveDefinition<Options>;
  jobs?: readonly JobDefinition<Options>[];
  /** Demo data, run after the core demo seed. */
  seed?: (context: SeedContext<Options>) => Promise<void>;
  /** Export and erasure of the personal data the plugin holds about a person. */
  personalData?: PersonalDataHooks<Options>;
}

export interface KamPlugin<Options = unknown> extends PluginDefinition<Options> {
  readonly kind: 'kam-plugin';
}

/** Declares a plugin. The loader validates it at boot. */
export function definePlugin<Options = Record<string, never>>(definition: PluginDefinition<Options>): KamPlugin<Options> {
  return Object.freeze({ ...definition, kind: 'kam-plugin' as const });
}
