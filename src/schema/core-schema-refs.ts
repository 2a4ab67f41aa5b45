/**
 * The core GraphQL types and helpers that plugins may extend or reference,
 * named from the modules that register them (not from the assembler, which
 * imports the plugin host: naming it here would close a type cycle).
 */
import type { registerAccountSchema } from '../accounts/account-schema.js';
import type { registerPersonSchema } from '../people/person-schema.js';
import type { registerStaffSchema } from '../staff/staff-schema.js';
import type { registerTeamSchema } from '../teams/team-schema.js';
import type { MutationErrorRefs } from './mutation-errors.js';

export type CoreSchemaRefs = { errors: MutationErrorRefs } & ReturnType<typeof registerAccountSchema> &
  ReturnType<typeof registerPersonSchema> &
  ReturnType<typeof registerStaffSchema> &
  ReturnType<typeof registerTeamSchema>;
