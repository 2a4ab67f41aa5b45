import type { AccessControl } from '../auth/access-control.js';
import type { Actor } from '../auth/actor.js';
import type { Viewer } from '../auth/viewer.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { CoreServices } from '../core-services.js';
import type { EventDispatcher } from '../events/dispatcher.js';
import type { RunInTransaction } from '../events/unit-of-work.js';
import type { HealthEngine } from '../health/health-engine.js';
import type { KamPubSub } from '../server/pubsub.js';
import type { CursorCodec } from './connections/cursor-codec.js';
import type { RequestLoaders } from './request-loaders.js';
import type { LiveRelay } from '../live/live-relay.js';

/** Per-request context, identical for HTTP and websocket operations. */
export interface GraphQLContext {
  /** Who is calling, from the bearer token (anonymous without one). */
  viewer: Viewer;
  /** The access rules applied to the viewer: guards, account filters, record checks. */
  access: AccessControl;
  /** The viewer as the audit trail and the access log name it. */
  actor: Actor;
  prisma: PrismaClient;
  services: CoreServices;
  pubsub: KamPubSub;
  now: () => Date;
  /** For plugin mutations: one transaction whose events land in the outbox. */
  transaction: RunInTransaction;
  dispatcher: EventDispatcher;
  health: HealthEngine;
  /** Live topics for subscriptions: judged per event in memory, lossless across outages. */
  live: LiveRelay;
  /** This request's DataLoaders (one set per live event for subscriptions). */
  loaders: RequestLoaders;
  /** Signs and checks connection cursors (src/schema/connections). */
  cursors: CursorCodec;
}
