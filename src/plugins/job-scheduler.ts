/**
 * Periodic jobs (core's and plugins'). Each job runs on its own interval,
 * never overlaps itself, and a failure is logged without stopping the others.
 */
import { parseDuration } from './duration.js';
import { logger } from '../log.js';

export interface ScheduledJob {
  name: string;
  every: number | string;
  run(): Promise<void> | void;
}

export class JobScheduler {
  private readonly jobs = new Map<string, { job: ScheduledJob; intervalMs: number; running: Promise<void> | null }>();
  private timers: NodeJS.Timeout[] = [];

  /**
   * @param isDue checked on every tick: with several instances only the
   *   outbox lease holder runs periodic jobs, so a pass is not done N times.
   */
  constructor(
    private readonly log: (message: string) => void = (m) => logger.error(m),
    private readonly isDue: () => boolean = () => true,
  ) {}

  add(job: ScheduledJob): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
    this.jobs.set(job.name, { job, intervalMs: parseDuration(job.every), running: null });
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  /** Runs a job now (and waits); a run already in progress is awaited instead of doubled. */
  async run(name: string): Promise<void> {
    const entry = this.jobs.get(name);
    if (!entry) throw new Error(`no job named ${name}`);
    if (entry.running) return entry.running;
    entry.running = (async () => {
      try {
        await entry.job.run();
      } catch (error) {
        this.log(`job ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        entry.running = null;
      }
    })();
    return entry.running;
  }

  start(): void {
    for (const [name, entry] of this.jobs) {
      const timer = setInterval(() => {
        if (this.isDue()) void this.run(name);
      }, entry.intervalMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.all([...this.jobs.values()].map((e) => e.running));
  }
}
