/**
 * Turns enabled plugins into running parts: a runtime object per plugin,
 * their event handlers as dispatcher registrations, their jobs and staves.
 */
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { EventHandlerRegistration } from '../events/dispatcher.js';
import type { RunInTransaction } from '../events/unit-of-work.js';
import type { PluginRuntime, StaveDefinition } from './contract.js';
import type { ScheduledJob } from './job-scheduler.js';
import type { LoadedPlugin } from './plugin-loader.js';

export interface RuntimeDeps {
  prisma: PrismaClient;
  now: () => Date;
  transaction: RunInTransaction;
  log?: (message: string) => void;
}

export function runtimeFor(loaded: LoadedPlugin, deps: RuntimeDeps): PluginRuntime<unknown> {
  const log = deps.log ?? ((message: string) => console.log(message));
  return {
    prisma: deps.prisma,
    options: loaded.options,
    now: deps.now,
    transaction: deps.transaction,
    log: (message) => log(`[${loaded.plugin.name}] ${message}`),
  };
}

const enabledOnly = (plugins: readonly LoadedPlugin[]) => plugins.filter((p) => p.enabled);

/** One dispatcher handler per (plugin, event): a failing handler never holds up another. */
export function pluginEventHandlers(plugins: readonly LoadedPlugin[], deps: RuntimeDeps): EventHandlerRegistration[] {
  return enabledOnly(plugins).flatMap((loaded) => {
    const runtime = runtimeFor(loaded, deps);
    return Object.entries(loaded.plugin.on ?? {}).map(([eventName, handle]) => ({
      name: `${loaded.plugin.name}:${eventName}`,
      events: [eventName],
      handle: async (events) => {
        for (const event of events) await handle(event, runtime);
      },
    }));
  });
}

export function pluginJobs(plugins: readonly LoadedPlugin[], deps: RuntimeDeps): ScheduledJob[] {
  return enabledOnly(plugins).flatMap((loaded) => {
    const runtime = runtimeFor(loaded, deps);
    return (loaded.plugin.jobs ?? []).map((job) => ({
      name: `${loaded.plugin.name}:${job.name}`,
      every: job.every,
      run: () => job.run(runtime),
    }));
  });
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
    if (loaded.plugin.seed) await loaded.plugin.seed({ ...runtimeFor(loaded, deps), seed });
  }
}
