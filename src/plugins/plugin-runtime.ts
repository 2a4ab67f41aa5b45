/**
 * Turns enabled plugins into running parts: a runtime object per plugin
 * task, their event handlers as dispatcher registrations (payloads parsed by
 * their declaring module's schema), their jobs, staves, services and the
 * event catalog they extend.
 */
import type { AgendaSource } from '../agenda/agenda-item.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { systemActor } from '../auth/actor.js';
import type { EventHandlerRegistration } from '../events/dispatcher.js';
import type { DomainEvent } from '../events/domain-event.js';
import { EventCatalog } from '../events/event-catalog.js';
import type { RunInTransaction, TransactionRunnerFor } from '../events/unit-of-work.js';
import type { PersonalDataHookRegistration } from '../people/personal-data-hooks.js';
import type { PluginServiceDirectory } from '../schema/plugin-context.js';
import type { BatchEventHandler, EventHandler, PluginRuntime, StaveDefinition } from './contract.js';
import type { ScheduledJob } from './job-scheduler.js';
import type { LoadedPlugin } from './plugin-loader.js';
import { logger } from '../log.js';

export interface RuntimeDeps {
  prisma: PrismaClient;
  now: () => Date;
  transaction: RunInTransaction;
  /** When given, each job, handler and seed audits its writes as `plugin:<name>/<task>`. */
  transactionFor?: TransactionRunnerFor;
  log?: (message: string) => void;
}

const enabledOnly = (plugins: readonly LoadedPlugin[]) => plugins.filter((p) => p.enabled);

/**
 * The services of the enabled plugins, made on first use with the given
 * transaction and clock, once per directory (per request, job or handler).
 */
export function createServiceDirectory(
  plugins: readonly LoadedPlugin[],
  deps: { prisma: PrismaClient; now: () => Date; transaction: () => RunInTransaction },
): PluginServiceDirectory {
  const byName = new Map(enabledOnly(plugins).map((p) => [p.plugin.name, p]));
  const made = new Map<string, unknown>();
  const directory: PluginServiceDirectory = {
    get(name) {
      if (made.has(name)) return made.get(name) as never;
      const loaded = byName.get(name);
      if (!loaded?.plugin.services) return undefined;
      const services = loaded.plugin.services({ prisma: deps.prisma, options: loaded.options, now: deps.now, transaction: deps.transaction(), plugins: directory });
      made.set(name, services);
      return services as never;
    },
    require(name) {
      const services = directory.get(name);
      if (services === undefined) throw new Error(`plugin ${name} is not enabled or offers no services`);
      return services;
    },
  };
  return directory;
}

/**
 * The runtime a plugin's `task` (a job name, an event name, or `seed`) receives.
 * Its transactions are audited as the system actor `plugin:<name>/<task>`.
 */
export function runtimeFor(loaded: LoadedPlugin, deps: RuntimeDeps, task?: string, plugins: readonly LoadedPlugin[] = []): PluginRuntime<unknown> {
  const log = deps.log ?? ((message: string) => logger.info(message));
  const auditName = `plugin:${loaded.plugin.name}/${task}`;
  const transaction = task !== undefined && deps.transactionFor ? deps.transactionFor(systemActor(auditName), auditName) : deps.transaction;
  // Only what the plugin declared it depends on.
  const dependencies = new Set([...(loaded.plugin.requires ?? []), ...(loaded.plugin.optional ?? [])]);
  return {
    prisma: deps.prisma,
    options: loaded.options,
    now: deps.now,
    transaction,
    plugins: createServiceDirectory(
      plugins.filter((p) => dependencies.has(p.plugin.name)),
      { prisma: deps.prisma, now: deps.now, transaction: () => transaction },
    ),
    log: (message) => log(`[${loaded.plugin.name}] ${message}`),
  };
}

/** Core's events and topics plus those of every enabled plugin: what `emit` accepts. */
export function eventCatalogFor(core: EventCatalog, plugins: readonly LoadedPlugin[]): EventCatalog {
  for (const { plugin } of enabledOnly(plugins)) {
    core.add(plugin.name, plugin.events ?? {});
    core.add(plugin.name, plugin.topics ?? {});
  }
  return core;
}

function isBatchHandler(handler: EventHandler | BatchEventHandler): handler is BatchEventHandler {
  return typeof handler === 'object' && handler !== null && typeof (handler as BatchEventHandler).handleBatch === 'function';
}

/** One dispatcher handler per (plugin, event): a failing handler never holds up another. */
export function pluginEventHandlers(plugins: readonly LoadedPlugin[], deps: RuntimeDeps, catalog: EventCatalog): EventHandlerRegistration[] {
  return enabledOnly(plugins).flatMap((loaded) =>
    Object.entries(loaded.plugin.on ?? {}).map(([eventName, declared]) => {
      const runtime = runtimeFor(loaded, deps, eventName, plugins);
      const handler = declared as EventHandler | BatchEventHandler;
      // The payload as its declaring module's schema reads it: a row that no longer fits fails (and is retried, then parked).
      const typed = (events: readonly DomainEvent[]) => events.map((event) => ({ ...event, payload: catalog.parse(event.name, event.payload) }));
      return {
        name: `${loaded.plugin.name}:${eventName}`,
        events: [eventName],
        batchSize: isBatchHandler(handler) ? (handler.batchSize ?? 100) : 1,
        handle: async (events) => {
          if (isBatchHandler(handler)) await handler.handleBatch(typed(events) as never, runtime);
          else for (const event of typed(events)) await handler(event as never, runtime);
        },
      };
    }),
  );
}

export function pluginJobs(plugins: readonly LoadedPlugin[], deps: RuntimeDeps): ScheduledJob[] {
  return enabledOnly(plugins).flatMap((loaded) =>
    (loaded.plugin.jobs ?? []).map((job) => {
      const runtime = runtimeFor(loaded, deps, job.name, plugins);
      return {
        name: `${loaded.plugin.name}:${job.name}`,
        every: job.every,
        run: () => job.run(runtime),
      };
    }),
  );
}

/** Enabled plugins' staves, each handed its plugin's options when it computes. */
export function pluginStaves(plugins: readonly LoadedPlugin[]): { plugin: string; stave: StaveDefinition }[] {
  return enabledOnly(plugins).flatMap((loaded) => {
    const stave = loaded.plugin.stave;
    if (!stave) return [];
    return [{ plugin: loaded.plugin.name, stave: { ...stave, compute: (ids, ctx) => stave.compute(ids, { ...ctx, options: loaded.options }) } }];
  });
}

/** Runs each enabled plugin's demo seed, in dependency order. */
export async function seedPlugins(plugins: readonly LoadedPlugin[], deps: RuntimeDeps, seed: number): Promise<void> {
  for (const loaded of enabledOnly(plugins)) {
    if (loaded.plugin.seed) await loaded.plugin.seed({ ...runtimeFor(loaded, deps, 'seed', plugins), seed });
  }
}

/** The enabled plugins' agenda contributions, each bound to its plugin's runtime. */
export function agendaSourcesOf(plugins: readonly LoadedPlugin[], deps: RuntimeDeps): AgendaSource[] {
  return plugins
    .filter((p) => p.enabled && p.plugin.agenda)
    .map((loaded) => {
      const runtime = runtimeFor(loaded, deps, 'agenda', plugins);
      return { plugin: loaded.plugin.name, items: (query) => loaded.plugin.agenda!.items(query, runtime) };
    });
}

/** The events after which some enabled plugin's agenda items may differ. */
export function agendaChangeEvents(plugins: readonly LoadedPlugin[]): string[] {
  return [...new Set(plugins.filter((p) => p.enabled).flatMap((p) => p.plugin.agenda?.changedBy ?? []))];
}

/** Every installed plugin's personal-data hooks, enabled or not: a disabled plugin keeps its rows, and an erasure must reach them. */
export function personalDataHooksOf(plugins: readonly LoadedPlugin[]): PersonalDataHookRegistration[] {
  return plugins.flatMap((loaded) =>
    loaded.plugin.personalData ? [{ plugin: loaded.plugin.name, options: loaded.options, hooks: loaded.plugin.personalData }] : [],
  );
}
