import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { CoreServices } from '../core-services.js';
import type { KamPubSub } from '../server/pubsub.js';

/** Per-request context, identical for HTTP and websocket operations. */
export interface GraphQLContext {
  prisma: PrismaClient;
  services: CoreServices;
  pubsub: KamPubSub;
  now: () => Date;
}
