/**
 * What a resolver sees of a request: who asks, what they may reach, the
 * clock, the transaction for writes, the request's loaders and the plugins'
 * services. It is all a plugin sees; core's own services live under a key
 * of their own (src/server/core-request.ts) that the plugin kit never exports.
 */
import type { AccessControl } from '../auth/access-control.js';
import type { Actor } from '../auth/actor.js';
import type { Viewer } from '../auth/viewer.js';
import type { RunInTransaction } from '../events/unit-of-work.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { LiveRelay } from '../live/live-relay.js';
import type { CursorCodec } from './connections/cursor-codec.js';
import type { RequestLoaders } from './request-loaders.js';

declare global {
  /**
   * The services each plugin offers to others, by plugin name; a plugin that
   * offers services extends it:
   *   declare global { interface KamPluginServices { relationship: RelationshipServices } }
   */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface KamPluginServices {}
}

/** Other plugins' services, bound to the caller's request (or job, handler): `requires` and `optional` dependencies only. */
export interface PluginServiceDirectory {
  /** The services of `name`, or undefined when that plugin is not installed and enabled (an optional dependency). */
  get<N extends keyof KamPluginServices & string>(name: N): KamPluginServices[N] | undefined;
  /** The services of `name`; throws when it is missing (a required dependency never is). */
  require<N extends keyof KamPluginServices & string>(name: N): KamPluginServices[N];
}

export interface PluginContext {
  viewer: Viewer;
  /** The access rules applied to the viewer: `accountWhere`, `canRead`, `reference`, `authorizeRecord`... */
  access: AccessControl;
  actor: Actor;
  /** For reads; writes go through `transaction`. */
  prisma: PrismaClient;
  now: () => Date;
  /** In mutations, bound to the caller: the audit trail names them, emitted events land in the outbox with the change. */
  transaction: RunInTransaction;
  /** This request's loaders (one set per live event for subscriptions): `ctx.loaders.get(key, () => new DataLoader(...))`. */
  loaders: RequestLoaders;
  plugins: PluginServiceDirectory;
  /** Live topics, for subscription fields (the kit's `liveSubscription`). */
  live: LiveRelay;
  /** Signs connection cursors (used by the kit's connection helpers). */
  cursors: CursorCodec;
}
