/**
 * Key-person privacy in GraphQL, registered from core in one call: the
 * private profile and anniversaries, and the data-protection operations
 * (access log, export, erasure).
 */
import type { KamSchemaBuilder } from '../schema/builder.js';
import type { MutationErrorRefs } from '../schema/mutation-errors.js';
import type { registerPersonSchema } from './person-schema.js';
import { registerPersonProfileSchema } from './person-profile-schema.js';
import { registerPersonalDataSchema } from './personal-data-schema.js';

export function registerPrivacySchema(
  builder: KamSchemaBuilder,
  errors: MutationErrorRefs,
  people: Pick<ReturnType<typeof registerPersonSchema>, 'Person'>,
) {
  return {
    ...registerPersonProfileSchema(builder, errors),
    ...registerPersonalDataSchema(builder, errors, people.Person),
  };
}
