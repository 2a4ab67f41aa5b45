/**
 * Turns enabled plugins into running parts: a runtime object per plugin,
 * their event handlers as dispatcher registrations, their jobs and staves.
 */
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { systemActor } from '../auth/actor.js';
import type { EventHandlerRegistration } from '../events/dispatcher.js';
import type { RunInTransaction, TransactionRunnerFor } from '../events/unit-of-work.js';
import type { PluginRuntime, StaveDefinition } from './contract.js';
import type { ScheduledJob } from './job-scheduler.js';
import type { LoadedPlugin } from './plugin-loader.js';

export interface RuntimeDeps {
  prisma: PrismaClient;
  now: () => Date;
  transaction: RunInTransaction;
  /** When given, each job, handler and seed audits its writes as `plugin:<name>/<task>`. */
  transactionFor?: TransactionRunnerFor;
  log?: (message: string) => void;
}

/**
 * The runtime a plugin's `task` (a job name, an event name, or `seed`) receives.
 * Its transactions are audited as the system actor `plugin:<name>/<task>`.
 */
export function runtimeFor(loaded: LoadedPlugin, deps: RuntimeDeps, task?: string): PluginRuntime<unknown> {
  const log = deps.log ?? ((message: string) => console.log(message));
  const auditName = `plugin:${loaded.plugin.name}/${task}`;
  const transaction = task !== undefined && deps.transactionFor ? deps.transactionFor(systemActor(auditName), auditName) : deps.transaction;
  return {
    prisma: deps.prisma,
    options: loaded.options,
    now: deps.now,
    transaction,
    log: (message) => log(`[${loaded.plugin.name}] ${message}`),
  };
}

const enabledOnly = (plugins: readonly LoadedPlugin[]) => plugins.filter((p) => p.enabled);

/** One dispatcher handler per (plugin, event): a failing handler never holds up another. */
export function pluginEventHandlers(plugins: readonly LoadedPlugin[], deps: RuntimeDeps): EventHandlerRegistration[] {
  return enabledOnly(plugins).flatMap((loaded) =>
    Object.entries(loaded.plugin.on ?? {}).map(([eventName, handle]) => {
      const runtime = runtimeFor(loaded, deps, eventName);
      return {
        name: `${loaded.plugin.name}:${eventName}`,
        events: [eventName],
        handle: async (events) => {
          for (const event of events) await handle(event, runtime);
        },
      };
    }),
  );
}

export function pluginJobs(plugins: readonly LoadedPlugin[], deps: RuntimeDeps): ScheduledJob[] {
  return enabledOnly(plugins).flatMap((loaded) =>
    (loaded.plugin.jobs ?? []).map((job) => {
      const runtime = runtimeFor(loaded, deps, job.name);
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
    if (loaded.plugin.seed) await loaded.plugin.seed({ ...runtimeFor(loaded, deps, 'seed'), seed });
  }
}
