/**
 * Core's own part of a request: its services (bound to the caller's
 * transaction in mutations) and the dispatcher. Under a symbol of its own on
 * the context, so resolvers of core reach it and plugins, which only see
 * `PluginContext`, do not.
 */
import type { CoreServices } from '../core-services.js';
import type { EventDispatcher } from '../events/dispatcher.js';
import type { Agenda } from '../agenda/agenda-service.js';
import { CORE_REQUEST, type GraphQLContext } from '../schema/context.js';

export interface CoreRequest {
  services: CoreServices;
  dispatcher: EventDispatcher;
  agenda: Agenda;
}

export function coreOf(ctx: GraphQLContext): CoreRequest {
  return ctx[CORE_REQUEST] as CoreRequest;
}
