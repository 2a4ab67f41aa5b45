/**
 * Key-person privacy in GraphQL, registered from core in one call: when a
 * person's data was erased, and the data-protection operations (access log,
 * export, erasure). What is private about a person (the key-person dossier)
 * is contributed by plugins, with the kit's `loggedRead`.
 */
import type { KamSchemaBuilder } from '../schema/builder.js';
import type { MutationErrorRefs } from '../schema/mutation-errors.js';
import type { registerPersonSchema } from './person-schema.js';
import { registerPersonalDataSchema } from './personal-data-schema.js';

export function registerPrivacySchema(
  builder: KamSchemaBuilder,
  errors: MutationErrorRefs,
  people: Pick<ReturnType<typeof registerPersonSchema>, 'Person'>,
) {
  builder.prismaObjectFields('Person', (t) => ({
    erasedAt: t.expose('erasedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the personal data was erased on request; the business record (title, role, reporting line) stays.',
    }),
  }));
  return registerPersonalDataSchema(builder, errors, people.Person);
}
