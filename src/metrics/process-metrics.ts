/**
 * The process's own metrics (CPU, memory, heap, event-loop lag, GC, handles,
 * Node version), as prom-client collects them, named `kam_process_*` and
 * `kam_nodejs_*`. They belong to the process, not to an app: collected once
 * per process, on first use, however many apps run in it (tests start many),
 * and never in a process that serves no metrics.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export const METRIC_PREFIX = 'kam_';

let processRegistry: Registry | undefined;

export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: METRIC_PREFIX });
  }
  return processRegistry;
}
