/**
 * The moving parts behind the API: the outbox dispatcher and its handlers,
 * the health engine, and periodic jobs, wired from core and enabled plugins.
 */
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { accountChangesHandler } from '../accounts/account-changes.js';
import { EventDispatcher } from '../events/dispatcher.js';
import type { Actor } from '../auth/actor.js';
import { createTransactionRunnerFor, SYSTEM_ACTOR, type RunInTransaction } from '../events/unit-of-work.js';
import { HealthEngine } from '../health/health-engine.js';
import { JobScheduler } from '../plugins/job-scheduler.js';
import type { LoadedPlugin } from '../plugins/plugin-loader.js';
import { pluginEventHandlers, pluginJobs, pluginStaves, type RuntimeDeps } from '../plugins/plugin-runtime.js';
import type { KamPubSub } from './pubsub.js';

export interface RuntimeOptions {
  prisma: PrismaClient;
  provider: 'sqlite' | 'postgresql';
  now: () => Date;
  pubsub: KamPubSub;
  plugins: readonly LoadedPlugin[];
  config: {
    /** false: this instance serves the API only and leaves the outbox to others. */
    dispatchEvents?: boolean;
    healthThresholds?: { healthy: number; atRisk: number };
    healthPeriodicEvery?: number | string;
  };
  log?: (message: string) => void;
}

export interface Runtime {
  /** For jobs, handlers and seeds: the audit trail names the system (`system`) unless they use transactionFor. */
  transaction: RunInTransaction;
  /** A runner whose writes the audit trail attributes to `actor`, as part of `operation` (a mutation field, job or handler). */
  transactionFor(actor: Actor, operation: string): RunInTransaction;
  dispatcher: EventDispatcher;
  health: HealthEngine;
  jobs: JobScheduler;
  /** Everything a plugin's handlers, jobs and seed need. */
  pluginDeps: RuntimeDeps;
  start(): void;
  stop(): Promise<void>;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const { prisma, now, pubsub, plugins, config, provider } = options;
  const log = options.log ?? ((message: string) => console.log(message));
  const dispatcher = new EventDispatcher({ prisma, now, log });
  const transactionFor = createTransactionRunnerFor({
    prisma,
    now,
    afterCommit: () => dispatcher.kick(),
    serializePerAccount: provider === 'postgresql',
  });
  const transaction = transactionFor(SYSTEM_ACTOR, SYSTEM_ACTOR.id);
  const pluginDeps: RuntimeDeps = { prisma, now, transaction, transactionFor, log };

  const health = new HealthEngine({
    prisma,
    now,
    pubsub,
    staves: pluginStaves(plugins),
    thresholds: config.healthThresholds,
    periodicEvery: config.healthPeriodicEvery,
    log,
  });

  dispatcher.register(accountChangesHandler(pubsub));
  dispatcher.register(health.handler());
  for (const handler of pluginEventHandlers(plugins, pluginDeps)) dispatcher.register(handler);

  const jobs = new JobScheduler(log, () => dispatcher.isLeader);
  jobs.add(health.periodicJob());
  for (const job of pluginJobs(plugins, pluginDeps)) jobs.add(job);

  let started = false;
  return {
    transaction,
    transactionFor,
    dispatcher,
    health,
    jobs,
    pluginDeps,
    start() {
      if (started) return;
      started = true;
      if (config.dispatchEvents !== false) dispatcher.start();
      jobs.start();
    },
    async stop() {
      await jobs.stop();
      await dispatcher.stop();
    },
  };
}
