/**
 * The `DispatcherLease` row that makes one instance the dispatcher: handlers
 * then never race each other across instances. Acquiring and renewing are one
 * conditional UPDATE (holder = me OR expired), atomic on SQLite and
 * PostgreSQL alike; the row is created by whoever first finds it missing.
 */
import { isUniqueViolation } from '../errors/prisma-errors.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';

export const OUTBOX_LEASE = 'outbox';

export interface LeaseOptions {
  prisma: PrismaClient;
  now: () => Date;
  holder: string;
  leaseMs: number;
  log: (message: string) => void;
  name?: string;
}


export class DispatcherLease {
  readonly name: string;
  #held = false;
  /** Injected-clock time of the last successful renewal. */
  #renewedAt = 0;
  /** Once the row is known to exist, followers stop trying to create it (no unique-violation noise). */
  #rowExists = false;

  constructor(private readonly options: LeaseOptions) {
    this.name = options.name ?? OUTBOX_LEASE;
  }

  get held(): boolean {
    return this.#held;
  }

  /**
   * True while this instance holds the lease. Hits the database only when not
   * holding it or when a third of the lease has passed since the last renewal,
   * so a busy pass costs no extra statements.
   */
  async hold(): Promise<boolean> {
    const now = this.options.now().getTime();
    if (this.#held && now - this.#renewedAt < this.options.leaseMs / 3) return true;

    const { prisma, holder, leaseMs } = this.options;
    const expiresAt = new Date(now + leaseMs);
    const { count } = await prisma.dispatcherLease.updateMany({
      where: { name: this.name, OR: [{ holder }, { expiresAt: { lt: new Date(now) } }] },
      data: { holder, expiresAt },
    });
    let acquired = count > 0;
    if (acquired) this.#rowExists = true;
    if (!acquired && !this.#rowExists) {
      try {
        await prisma.dispatcherLease.create({ data: { name: this.name, holder, expiresAt } });
        acquired = true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      this.#rowExists = true;
    }

    if (acquired !== this.#held) this.options.log(acquired ? `acquired the ${this.name} lease` : `lost the ${this.name} lease`);
    this.#held = acquired;
    if (acquired) this.#renewedAt = now;
    return acquired;
  }

  /** Lets another instance take over at once instead of after expiry. */
  async release(): Promise<void> {
    if (!this.#held) return;
    this.#held = false;
    await this.options.prisma.dispatcherLease.updateMany({
      where: { name: this.name, holder: this.options.holder },
      data: { expiresAt: new Date(0) },
    });
  }
}
