import type { PluginContext } from './plugin-context.js';

/** Where core keeps its own services on a request (src/server/core-request.ts reads them). */
export const CORE_REQUEST = Symbol('core request');

/**
 * Per-request context, identical for HTTP and websocket operations: what a
 * plugin sees, plus core's own services under a key the plugin kit does not
 * export.
 */
export interface GraphQLContext extends PluginContext {
  readonly [CORE_REQUEST]: unknown;
}
