/**
 * GraphQL for data protection duties (administrators): the access log of
 * sensitive reads, the export of everything held about a person (right of
 * access) and the erasure of their personal data (right to erasure).
 */
import { coreOf } from '../server/core-request.js';
import type { ObjectRef } from '@pothos/core';
import type { Prisma } from '../generated/prisma-sqlite/client.js';
import type { KamSchemaBuilder, KamTypes } from '../schema/builder.js';
import { decodeGlobalIdOrThrow, encodeGlobalId, idOf } from '../schema/global-id.js';
import { runMutation, type MutationErrorRefs } from '../schema/mutation-errors.js';
import { rootConnection } from '../schema/connections/connection-fields.js';
import { actorFromContext, operationName } from './sensitive-read-log.js';

export function registerPersonalDataSchema(
  builder: KamSchemaBuilder,
  { UserError }: MutationErrorRefs,
  Person: ObjectRef<KamTypes, object>,
) {
  const SensitiveReadRef = builder.prismaObject('SensitiveRead', {
    description: 'One read of sensitive personal fields of one person: who, when, which fields, in which operation.',
    fields: (t) => ({
      at: t.expose('at', { type: 'DateTime' }),
      actorKind: t.exposeString('actorKind', { description: 'STAFF, SERVICE or SYSTEM.' }),
      actorId: t.exposeString('actorId', { description: 'Staff id, service-account name, or the job that read.' }),
      personId: t.id({ description: 'Global ID of the person read.', resolve: (r) => encodeGlobalId('Person', r.personId) }),
      fields: t.stringList({
        description: 'The fields read, e.g. `profile.healthNotes`, `anniversaries.label`, or `export`.',
        resolve: (r) => (r.fields === '' ? [] : r.fields.split(',')),
      }),
      operation: t.exposeString('operation', {
        nullable: true,
        description: 'The GraphQL operation name (for an anonymous one, its type and root fields).',
      }),
    }),
  });

  builder.queryFields((t) => ({
    sensitiveReads: rootConnection(t, {
      type: SensitiveReadRef,
      model: 'SensitiveRead',
      description: "Who read a person's sensitive data, newest first.",
      args: { personId: t.arg.id({ required: true }) },
      totalCount: true,
      order: () => [{ field: 'id', direction: 'desc' }],
      where: (args) => readsWhere(args.personId),
    }),
  }));

  const ExportPersonalDataPayload = builder.objectRef<{ document: string | null; errors: UserErrorList }>('ExportPersonalDataPayload').implement({
    fields: (t) => ({
      document: t.string({
        nullable: true,
        description:
          'Everything held about the person as JSON (format `kam.personal-data-export/2`): person, the reads of their data, ' +
          'the audit trail of their records and what each plugin holds (the key-person dossier under `plugins.relationship.dossier`).',
        resolve: (p) => p.document,
      }),
      errors: t.field({ type: [UserError], resolve: (p) => p.errors }),
    }),
  });

  const ErasePersonalDataPayload = builder
    .objectRef<{ person: object | null; alreadyErased: boolean | null; errors: UserErrorList }>('ErasePersonalDataPayload')
    .implement({
      fields: (t) => ({
        person: t.field({
          type: Person,
          nullable: true,
          description: 'The business record that remains (null when you may not read its account).',
          resolve: (p) => p.person,
        }),
        alreadyErased: t.boolean({
          nullable: true,
          description: 'True when the data had been erased before and nothing was left to erase.',
          resolve: (p) => p.alreadyErased,
        }),
        errors: t.field({ type: [UserError], resolve: (p) => p.errors }),
      }),
    });

  builder.mutationFields((t) => ({
    exportPersonalData: t.field({
      type: ExportPersonalDataPayload,
      description: "Everything personal held about a person, as one JSON document (right of access). The export is logged as a sensitive read.",
      args: { personId: t.arg.id({ required: true }) },
      resolve: (_root, { personId }, ctx, info) =>
        runMutation('document', async () => {
          const id = idOf(personId, 'Person', ['personId']);
          await ctx.access.authorizeRecord('Mutation.exportPersonalData', 'Person', id, ['personId']);
          const document = await coreOf(ctx).services.personalData.exportPersonalData(id, { actor: actorFromContext(ctx), operation: operationName(info) });
          return JSON.stringify(document);
        }),
    }),
    erasePersonalData: t.field({
      type: ErasePersonalDataPayload,
      description:
        "Erases a person's personal data (right to erasure): name, email, phone, what every installed plugin holds (the " +
        'key-person dossier included, enabled or not) and the values in the audit trail of those records. Title, role, ' +
        'reporting line and account stay. Idempotent.',
      args: { personId: t.arg.id({ required: true }) },
      resolve: async (_root, { personId }, ctx) => {
        const result = await runMutation('erasure', async () => {
          const id = idOf(personId, 'Person', ['personId']);
          await ctx.access.authorizeRecord('Mutation.erasePersonalData', 'Person', id, ['personId']);
          return coreOf(ctx).services.personalData.erasePersonalData(id);
        });
        const person = result.erasure?.person ?? null;
        // An administrator may erase on any account, but reads the remaining record only where they may read the account.
        const readable = person !== null && (await ctx.access.canRead(person.accountId));
        return { person: readable ? person : null, alreadyErased: result.erasure?.alreadyErased ?? null, errors: result.errors };
      },
    }),
  }));

  return { SensitiveRead: SensitiveReadRef };
}

type UserErrorList = Awaited<ReturnType<typeof runMutation>>['errors'];

function readsWhere(personId: string): Prisma.SensitiveReadWhereInput {
  const { typename, id } = decodeGlobalIdOrThrow(personId);
  // An ID of another type can match no person: answer with an empty page.
  return typename === 'Person' ? { personId: id } : { personId: { in: [] } };
}
