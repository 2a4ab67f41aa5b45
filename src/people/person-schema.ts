import { coreOf } from '../server/core-request.js';
import { DecisionRole } from '../generated/prisma-sqlite/enums.js';
import type { Prisma } from '../generated/prisma-sqlite/client.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import type { GraphQLContext } from '../schema/context.js';
import { decodeGlobalIdOrThrow, idOf } from '../schema/global-id.js';
import { runMutation, type MutationErrorRefs } from '../schema/mutation-errors.js';
import { rootConnection } from '../schema/connections/connection-fields.js';
import { PEOPLE_BY_NAME } from './person-order.js';
import { orderByOf } from '../schema/connections/keyset.js';

export function registerPersonSchema(builder: KamSchemaBuilder, { payload }: MutationErrorRefs) {
  const DecisionRoleEnum = builder.enumType(DecisionRole, {
    name: 'DecisionRole',
    description: "The person's part in the customer's buying decisions.",
  });

  const Person = builder.prismaNode('Person', {
    id: { field: 'id' },
    // An unknown or deleted id resolves to null through node/nodes instead of failing.
    nullable: true,
    description: 'A contact on the customer side, belonging to one account.',
    fields: (t) => ({
      name: t.exposeString('name'),
      title: t.exposeString('title', { nullable: true }),
      department: t.exposeString('department', { nullable: true }),
      email: t.exposeString('email', { nullable: true }),
      phone: t.exposeString('phone', { nullable: true }),
      decisionRole: t.expose('decisionRole', { type: DecisionRoleEnum }),
      isKeyPerson: t.exposeBoolean('isKeyPerson', { description: 'A key decision maker whose relationship is maintained by top management.' }),
      account: t.relation('account'),
      reportsTo: t.relation('reportsTo', { nullable: true, description: 'The person this contact reports to, within the same account.' }),
      directReports: t.relation('directReports', { query: () => ({ orderBy: orderByOf(PEOPLE_BY_NAME) }) }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    }),
  });

  const PersonFilter = builder.inputType('PersonFilter', {
    fields: (t) => ({
      accountId: t.id({ description: 'Only contacts of this account.' }),
      isKeyPerson: t.boolean(),
      decisionRoles: t.field({ type: [DecisionRoleEnum] }),
      search: t.string({ description: 'Case-insensitive text contained in the name.' }),
    }),
  });

  const visiblePeople = (ctx: GraphQLContext, filter: Parameters<typeof personWhere>[0]) => ({
    AND: [personWhere(filter), ctx.access.ownedWhere('Query.people') ?? {}],
  });
  /** A `reportsToId`: null or undefined as given, else a person the caller can see. */
  const manager = async (ctx: GraphQLContext, globalId: string | null | undefined) => {
    if (globalId == null) return globalId;
    const id = idOf(globalId, 'Person', ['input', 'reportsToId']);
    await ctx.access.reference('Person', id, ['input', 'reportsToId']);
    return id;
  };

  builder.queryFields((t) => ({
    people: rootConnection(t, {
      type: Person,
      model: 'Person',
      args: { filter: t.arg({ type: PersonFilter }) },
      totalCount: true,
      scopedBy: 'Query.people',
      order: () => PEOPLE_BY_NAME,
      where: (args, ctx) => visiblePeople(ctx, args.filter),
    }),
  }));

  const PersonPayload = payload('PersonPayload', 'person', Person);

  const AddPersonInput = builder.inputType('AddPersonInput', {
    fields: (t) => ({
      accountId: t.id({ required: true }),
      name: t.string({ required: true }),
      title: t.string(),
      department: t.string(),
      email: t.string(),
      phone: t.string(),
      decisionRole: t.field({ type: DecisionRoleEnum, description: 'Defaults to OTHER.' }),
      isKeyPerson: t.boolean(),
      reportsToId: t.id({ description: 'A person of the same account.' }),
    }),
  });
  const UpdatePersonInput = builder.inputType('UpdatePersonInput', {
    description: 'Only the fields given change; null clears an optional field.',
    fields: (t) => ({
      name: t.string(),
      title: t.string(),
      department: t.string(),
      email: t.string(),
      phone: t.string(),
      decisionRole: t.field({ type: DecisionRoleEnum }),
      isKeyPerson: t.boolean(),
      reportsToId: t.id(),
    }),
  });

  builder.mutationFields((t) => ({
    addPerson: t.field({
      type: PersonPayload,
      args: { input: t.arg({ type: AddPersonInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('person', async () => {
          const accountId = idOf(input.accountId, 'Account', ['input', 'accountId']);
          await ctx.access.authorizeAccount('Mutation.addPerson', accountId, ['input', 'accountId']);
          return coreOf(ctx).services.people.add({ ...input, accountId, reportsToId: await manager(ctx, input.reportsToId) });
        }),
    }),
    updatePerson: t.field({
      type: PersonPayload,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdatePersonInput, required: true }) },
      resolve: (_root, { id, input }, ctx) =>
        runMutation('person', async () => {
          const personId = idOf(id, 'Person', ['id']);
          await ctx.access.authorizeRecord('Mutation.updatePerson', 'Person', personId, ['id']);
          return coreOf(ctx).services.people.update(personId, { ...input, reportsToId: await manager(ctx, input.reportsToId) });
        }),
    }),
    removePerson: t.field({
      type: PersonPayload,
      description: 'Removes a contact; returns the removed record. Direct reports are kept with no manager.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx) =>
        runMutation('person', async () => {
          const personId = idOf(id, 'Person', ['id']);
          await ctx.access.authorizeRecord('Mutation.removePerson', 'Person', personId, ['id']);
          return coreOf(ctx).services.people.remove(personId);
        }),
    }),
  }));

  return { Person, DecisionRoleEnum };
}

function personWhere(
  filter: { accountId?: string | null; isKeyPerson?: boolean | null; decisionRoles?: DecisionRole[] | null; search?: string | null } | null | undefined,
): Prisma.PersonWhereInput {
  const and: Prisma.PersonWhereInput[] = [];
  if (filter?.accountId) {
    const { typename, id } = decodeGlobalIdOrThrow(filter.accountId);
    // An ID of another type can match no account: answer with an empty page.
    and.push(typename === 'Account' ? { accountId: id } : { accountId: { in: [] } });
  }
  if (filter?.isKeyPerson != null) and.push({ isKeyPerson: filter.isKeyPerson });
  if (filter?.decisionRoles?.length) and.push({ decisionRole: { in: [...new Set(filter.decisionRoles)] } });
  if (filter?.search?.trim()) and.push({ searchName: { contains: filter.search.trim().toLowerCase().slice(0, 200) } });
  return { AND: and };
}
