/**
 * Every event core emits, from the leaf modules that declare them (no
 * service is imported to list them). Plugins may handle these but never
 * declare them.
 */
import { accountEventSchemas } from '../accounts/account-events.js';
import { personEventSchemas } from '../people/person-events.js';
import { staffEventSchemas } from '../staff/staff-events.js';
import { teamEventSchemas } from '../teams/team-events.js';
import { EventCatalog } from './event-catalog.js';

export const CORE_EVENT_SCHEMAS = { ...accountEventSchemas, ...personEventSchemas, ...staffEventSchemas, ...teamEventSchemas };

export const CORE_EVENTS: readonly string[] = Object.keys(CORE_EVENT_SCHEMAS);

/** Core's declarations, to which the enabled plugins' are added. */
export function coreEventCatalog(): EventCatalog {
  return new EventCatalog().add('core', CORE_EVENT_SCHEMAS);
}
