/**
 * Health recomputations (src/health/health-engine.ts): how long each takes
 * and how many accounts they score, by mode: `incremental` (accounts touched
 * by events, or rescored for changed staves) or `periodic` (every active
 * account, so time-based factors decay). The periodic pass's duration should
 * stay well below its interval (`health.periodicEvery`).
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { HealthRecomputation } from '../health/health-engine.js';

export function createHealthMetrics(registry: Registry): (recomputation: HealthRecomputation) => void {
  const duration = new Histogram({
    name: 'kam_health_recompute_duration_seconds',
    help: 'Duration of one health recomputation (an event batch, or a periodic pass over every active account), by mode and outcome.',
    labelNames: ['mode', 'outcome'] as const,
    // From a small event batch to a pass over tens of thousands of accounts.
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const accounts = new Counter({
    name: 'kam_health_accounts_recomputed_total',
    help: 'Active accounts whose health was scored and stored, by mode.',
    labelNames: ['mode'] as const,
    registers: [registry],
  });
  const changed = new Counter({
    name: 'kam_health_changes_total',
    help: 'Account health changes (score, level or shortest staves) stored and published, by mode.',
    labelNames: ['mode'] as const,
    registers: [registry],
  });
  return ({ mode, seconds, accounts: scored, changed: changes, failed }) => {
    duration.observe({ mode, outcome: failed ? 'error' : 'ok' }, seconds);
    accounts.inc({ mode }, scored);
    changed.inc({ mode }, changes);
  };
}
