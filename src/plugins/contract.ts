/**
 * The plugin contract: everything a plugin (first-party or partner) may
 * contribute, declared in one object. Plugins reach it, and everything else
 * they may use of the host, through the kit's one entry point
 * (`kam-graphql/plugin`, src/plugin-kit/index.ts), never by path.
 */
import type { z } from 'zod';
import type { AccessRules } from '../auth/access-rules.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { DomainEvent } from '../events/domain-event.js';
import type { EventName, EventPayload, EventSchemas } from '../events/event-catalog.js';
import type { RunInTransaction } from '../events/unit-of-work.js';
import type { StaveDefinition } from '../health/stave.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import type { CoreSchemaRefs } from '../schema/core-schema-refs.js';
import type { PluginServiceDirectory } from '../schema/plugin-context.js';
import type { PersonalDataHooks } from '../people/personal-data-hooks.js';
import type { AgendaItem, AgendaQuery } from '../agenda/agenda-item.js';

export type { PluginContext, PluginServiceDirectory } from '../schema/plugin-context.js';
export type { StaveDefinition, StaveFactor, StaveScore, StaveContext } from '../health/stave.js';
export type { AuditRecordRef, PersonalDataContext, PersonalDataErasure, PersonalDataHooks } from '../people/personal-data-hooks.js';
export type { AgendaItem, AgendaQuery } from '../agenda/agenda-item.js';

/** What a plugin's handlers, jobs, seed and staves' helpers receive at run time. */
export interface PluginRuntime<Options = unknown> {
  prisma: PrismaClient;
  options: Options;
  now(): Date;
  /** Audited as the system actor `plugin:<name>/<task>`. */
  transaction: RunInTransaction;
  plugins: PluginServiceDirectory;
  log(message: string): void;
}

/** What a plugin's `services` factory receives: the request's (or the job's, handler's) transaction and clock. */
export interface ServiceContext<Options = unknown> {
  prisma: PrismaClient;
  options: Options;
  now(): Date;
  transaction: RunInTransaction;
  plugins: PluginServiceDirectory;
}

export interface SchemaContribution<Options = unknown> {
  options: Options;
  /** Core GraphQL types to extend or reference (Account, Person, Staff, ...). */
  core: CoreSchemaRefs;
}

/** Handles one event at a time, with its payload parsed by the declaring module's schema. */
export type EventHandler<Options = unknown, N extends EventName = EventName> = (
  event: DomainEvent<EventPayload<N>>,
  runtime: PluginRuntime<Options>,
) => Promise<void> | void;

/** Handles events in batches (in outbox order, per account), for work that is cheaper in bulk. */
export interface BatchEventHandler<Options = unknown, N extends EventName = EventName> {
  /** Largest batch per call; default 100. */
  batchSize?: number;
  handleBatch(events: readonly DomainEvent<EventPayload<N>>[], runtime: PluginRuntime<Options>): Promise<void>;
}

export type EventHandlers<Options = unknown> = { readonly [N in EventName]?: EventHandler<Options, N> | BatchEventHandler<Options, N> };

export interface JobDefinition<Options = unknown> {
  /** Unique within the plugin. */
  name: string;
  /** Interval in milliseconds, or a duration such as `30s`, `15m`, `1h`, `1d`. */
  every: number | string;
  run(runtime: PluginRuntime<Options>): Promise<void> | void;
}

export interface SeedContext<Options = unknown> extends PluginRuntime<Options> {
  /** The demo seed number, for deterministic data. */
  seed: number;
}

export interface AgendaContribution<Options = unknown> {
  /** The items due in the window for the member; core keeps those that are theirs by the division of labour. */
  items(query: AgendaQuery, runtime: PluginRuntime<Options>): Promise<AgendaItem[]>;
  /** Events after which an account's agenda may have changed: `agendaChanged` tells the account's team. */
  changedBy?: readonly EventName[];
}

/**
 * A plugin's Prisma models live in the `prisma/` folder next to its entry
 * module, by convention, so they can be composed into the schema without
 * running plugin code (see docs/writing-a-plugin.md).
 */
export interface PluginDefinition<Options = Record<string, never>, Services = never> {
  /** Unique, kebab-case: `payment-discipline`. */
  name: string;
  /** Semantic version of the plugin. */
  version: string;
  /** Semver range of core versions the plugin supports, e.g. `^1.0.0`. */
  core: string;
  /** Plugins that must be enabled; they are set up before this one. */
  requires?: readonly string[];
  /** Plugins used when they are installed and enabled (set up first then), and done without otherwise. */
  optional?: readonly string[];
  /** Validates (and defaults) the options given in the configuration. */
  options?: z.ZodType<Options>;
  /** The events this plugin emits, `<plugin-name>.<entity>.<action>`, with their payload schemas (`defineEvents`). */
  events?: EventSchemas;
  /** Live topics this plugin publishes, `<plugin-name>:<topic>`, with their payload schemas (`defineEvents`). */
  topics?: EventSchemas;
  /**
   * Who may use what this plugin adds to the schema: one rule for each of its
   * root fields (queries, mutations, subscriptions), and for any other field
   * that needs more than read access to its account. The boot fails without them.
   */
  access?: AccessRules;
  /** GraphQL contributions on the shared builder. */
  schema?: (builder: KamSchemaBuilder, contribution: SchemaContribution<Options>) => void;
  /** Handlers of core or other plugins' events, by event name. */
  on?: EventHandlers<Options>;
  /** This plugin's dimension of account health. */
  stave?: StaveDefinition<Options>;
  jobs?: readonly JobDefinition<Options>[];
  /** Demo data, run after the core demo seed. */
  seed?: (context: SeedContext<Options>) => Promise<void>;
  /** Export and erasure of the personal data the plugin holds about a person. */
  personalData?: PersonalDataHooks<Options>;
  /**
   * This plugin's models of sensitive personal data (the names of their
   * `model` blocks): the audit trail records which of their fields changed,
   * and whether set or cleared, never the values (`[withheld]`).
   */
  withheldAuditValues?: readonly string[];
  /** What this plugin offers the plugins that require it (or list it as optional), made per request, job or handler. */
  services?: (context: ServiceContext<Options>) => Services;
  /** What this plugin puts on staff members' agendas (`myAgenda`). */
  agenda?: AgendaContribution<Options>;
}

export interface KamPlugin<Options = unknown, Services = unknown> extends PluginDefinition<Options, Services> {
  readonly kind: 'kam-plugin';
}

/** Declares a plugin. The loader validates it at boot. */
export function definePlugin<Options = Record<string, never>, Services = never>(definition: PluginDefinition<Options, Services>): KamPlugin<Options, Services> {
  return Object.freeze({ ...definition, kind: 'kam-plugin' as const });
}
