/**
 * The moving parts behind the API: the outbox dispatcher and its handlers,
 * the health engine, and periodic jobs, wired from core and enabled plugins.
 */
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { accountChangesHandler } from '../accounts/account-changes.js';
import { EventDispatcher } from '../events/dispatcher.js';
import type { Actor } from '../auth/actor.js';
import { createTransactionRunnerFor, SYSTEM_ACTOR, type RunInTransaction } from '../events/unit-of-work.js';
import { withholdAuditValues } from '../audit/audit-models.js';
import { HealthEngine, type HealthRecomputation } from '../health/health-engine.js';
import { JobScheduler } from '../plugins/job-scheduler.js';
import type { LoadedPlugin } from '../plugins/plugin-loader.js';
import { agendaChangeEvents, agendaSourcesOf, eventCatalogFor, pluginEventHandlers, pluginJobs, pluginStaves, type RuntimeDeps } from '../plugins/plugin-runtime.js';
import { coreEventCatalog } from '../events/core-events.js';
import type { EventCatalog } from '../events/event-catalog.js';
import type { LiveTopic } from '../live/live-topic.js';
import { outboxTopic, outboxTopicPublisher } from '../live/outbox-topics.js';
import { AGENDA_CHANGED_TOPIC } from '../agenda/agenda-topic.js';
import { createAgenda, type Agenda } from '../agenda/agenda-service.js';
import type { KamPubSub } from './pubsub.js';
import { logger } from '../log.js';

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
  /** Told of every health recomputation (metrics). */
  onHealthRecomputed?: (recomputation: HealthRecomputation) => void;
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
  /** Core's and the enabled plugins' events and topics, with their payload schemas. */
  events: EventCatalog;
  /** The live topics of the plugins and of the agenda, for the live relay. */
  liveTopics: LiveTopic[];
  /** What the plugins have due for each staff member. */
  agenda: Agenda;
  start(): void;
  stop(): Promise<void>;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const { prisma, now, pubsub, plugins, config, provider } = options;
  const log = options.log ?? ((message: string) => logger.info(message));
  const dispatcher = new EventDispatcher({ prisma, now, log });
  const events = eventCatalogFor(coreEventCatalog(), plugins);
  const transactionFor = createTransactionRunnerFor({
    prisma,
    now,
    afterCommit: () => dispatcher.kick(),
    serializePerAccount: provider === 'postgresql',
    events,
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
    onRecomputed: options.onHealthRecomputed,
  });

  dispatcher.register(accountChangesHandler(pubsub));
  dispatcher.register(health.handler());
  for (const handler of pluginEventHandlers(plugins, pluginDeps, events)) dispatcher.register(handler);
  // Installed plugins' sensitive models, enabled or not: their rows stay, and so does their history.
  for (const { plugin } of plugins) withholdAuditValues(plugin.withheldAuditValues ?? []);
  // Plugin topics and the agenda's change notices: outbox rows published after commit, under their ids.
  const liveTopics: LiveTopic[] = [];
  for (const { plugin } of plugins.filter((p) => p.enabled)) {
    for (const topic of Object.keys(plugin.topics ?? {})) {
      liveTopics.push(outboxTopic(topic, [topic]));
      dispatcher.register(outboxTopicPublisher(pubsub, topic, [topic]));
    }
  }
  const agendaEvents = agendaChangeEvents(plugins);
  liveTopics.push(outboxTopic(AGENDA_CHANGED_TOPIC, agendaEvents));
  if (agendaEvents.length > 0) dispatcher.register(outboxTopicPublisher(pubsub, AGENDA_CHANGED_TOPIC, agendaEvents));
  const agenda = createAgenda(agendaSourcesOf(plugins, pluginDeps), pluginDeps);

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
    events,
    liveTopics,
    agenda,
    start() {
      if (started) return;
      started = true;
      if (config.dispatchEvents !== false) {
        dispatcher.start();
        // Health computed with a stave that is no longer enabled (or without one that now is) is rescored at boot.
        health.reconcileStaves().catch((error: unknown) => log(`health: rescoring for the enabled staves failed: ${error instanceof Error ? error.message : String(error)}`));
      }
      jobs.start();
    },
    async stop() {
      await jobs.stop();
      await dispatcher.stop();
    },
  };
}
