/**
 * A plugin's runtime over a test database, as core hands it to the plugin's
 * handlers, jobs and seed (its transactions check payloads against the event
 * catalog of the given plugins), plus what the test reads back: the events
 * committed, the log, and a clock it can move.
 */
import { coreEventCatalog } from '../../src/events/core-events.js';
import type { DomainEvent } from '../../src/events/domain-event.js';
import { createTransactionRunner } from '../../src/events/unit-of-work.js';
import type { PluginRuntime } from '../../src/plugins/contract.js';
import type { LoadedPlugin } from '../../src/plugins/plugin-loader.js';
import { eventCatalogFor, runtimeFor } from '../../src/plugins/plugin-runtime.js';
import type { TestDatabase } from './test-database.js';

export type CommittedEvent = Pick<DomainEvent, 'name' | 'accountId'> & {
  // Tests read payload fields freely, as handlers would.
  payload: any;
};

export interface TestPluginRuntime<Options> extends PluginRuntime<Options> {
  /** Events (and topic messages) of committed transactions, in emission order. */
  events: CommittedEvent[];
  logs: string[];
  setNow(date: Date): void;
}

export const TEST_PLUGIN_NOW = new Date('2025-07-01T00:00:00.000Z');

/** The runtime of the loaded plugin `name`, with its configured options unless `options` overrides some. */
export function testPluginRuntime<Options>(
  db: TestDatabase['db'],
  plugins: readonly LoadedPlugin[],
  name: string,
  options: { options?: Partial<Options>; now?: Date } = {},
): TestPluginRuntime<Options> {
  const loaded = plugins.find((p) => p.plugin.name === name);
  if (!loaded) throw new Error(`plugin ${name} is not loaded`);
  let now = options.now ?? TEST_PLUGIN_NOW;
  const events: CommittedEvent[] = [];
  const logs: string[] = [];
  const catalog = eventCatalogFor(coreEventCatalog(), plugins);
  const run = createTransactionRunner({ prisma: db.prisma, now: () => now, events: catalog });
  const transaction: PluginRuntime['transaction'] = async (work) => {
    const pending: CommittedEvent[] = [];
    const result = await run((tx, emit) =>
      work(tx, (eventName, accountId, payload) => {
        emit(eventName, accountId, payload);
        pending.push({ name: eventName, accountId, payload });
      }),
    );
    events.push(...pending);
    return result;
  };
  const withOptions = { ...loaded, options: { ...(loaded.options as object), ...options.options } };
  const runtime = runtimeFor(withOptions, { prisma: db.prisma, now: () => now, transaction, log: (message) => logs.push(message) }, undefined, plugins);
  return {
    ...(runtime as PluginRuntime<Options>),
    events,
    logs,
    setNow(date) {
      now = date;
    },
  };
}
