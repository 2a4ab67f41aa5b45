import { coreOf } from '../server/core-request.js';
import { StaffLevel } from '../generated/prisma-sqlite/enums.js';
import type { Prisma } from '../generated/prisma-sqlite/client.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import { idOf } from '../schema/global-id.js';
import { runMutation, type MutationErrorRefs } from '../schema/mutation-errors.js';
import { tenureInMonths } from './tenure.js';
import { rootConnection } from '../schema/connections/connection-fields.js';

export function registerStaffSchema(builder: KamSchemaBuilder, { payload }: MutationErrorRefs) {
  const StaffLevelEnum = builder.enumType(StaffLevel, {
    name: 'StaffLevel',
    description: 'Division of labour: TOP owns key-person relationships, MIDDLE owns sales plans, FRONTLINE runs service.',
  });

  const Staff = builder.prismaNode('Staff', {
    id: { field: 'id' },
    // An unknown or deleted id resolves to null through node/nodes instead of failing.
    nullable: true,
    description: "An employee of the SME.",
    fields: (t) => ({
      name: t.exposeString('name'),
      email: t.exposeString('email'),
      level: t.expose('level', { type: StaffLevelEnum }),
      department: t.exposeString('department'),
      hireDate: t.expose('hireDate', { type: 'DateTime' }),
      leftAt: t.expose('leftAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When the staff member left the SME (or leaves, once notice is given); null while employed.',
      }),
      tenureMonths: t.int({
        description: 'Whole months of service completed so far.',
        resolve: (s, _args, ctx) => tenureInMonths(s.hireDate, ctx.now()),
      }),
      isAdministrator: t.exposeBoolean('isAdministrator', {
        description: 'May export and erase personal data, read the audit trail and manage staff.',
      }),
      assignments: t.relation('assignments', {
        description: "Account teams this staff member belongs to (of the accounts the viewer may read).",
        query: (_args, ctx) => ({ where: ctx.access.ownedWhere() ?? {}, orderBy: [{ assignedAt: 'asc' }, { id: 'asc' }] }),
      }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    }),
  });

  const StaffFilter = builder.inputType('StaffFilter', {
    fields: (t) => ({
      levels: t.field({ type: [StaffLevelEnum] }),
      department: t.string(),
      search: t.string({ description: 'Case-insensitive text contained in the name.' }),
    }),
  });

  builder.queryFields((t) => ({
    staff: rootConnection(t, {
      type: Staff,
      model: 'Staff',
      args: { filter: t.arg({ type: StaffFilter }) },
      totalCount: true,
      order: () => [
        { field: 'searchName', direction: 'asc' },
        { field: 'id', direction: 'asc' },
      ],
      where: (args) => staffWhere(args.filter),
    }),
  }));

  const StaffPayload = payload('StaffPayload', 'staff', Staff);

  const CreateStaffInput = builder.inputType('CreateStaffInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      email: t.string({ required: true }),
      level: t.field({ type: StaffLevelEnum, required: true }),
      department: t.string({ required: true }),
      hireDate: t.field({ type: 'DateTime', required: true }),
      isAdministrator: t.boolean({ description: 'Defaults to false.' }),
    }),
  });
  const UpdateStaffInput = builder.inputType('UpdateStaffInput', {
    fields: (t) => ({
      name: t.string(),
      email: t.string(),
      level: t.field({ type: StaffLevelEnum }),
      department: t.string(),
      hireDate: t.field({ type: 'DateTime' }),
      isAdministrator: t.boolean(),
      leftAt: t.field({ type: 'DateTime', description: 'When the staff member left the SME; null to undo a departure recorded by mistake.' }),
    }),
  });

  builder.mutationFields((t) => ({
    createStaff: t.field({
      type: StaffPayload,
      args: { input: t.arg({ type: CreateStaffInput, required: true }) },
      resolve: (_root, { input }, ctx) => runMutation('staff', () => coreOf(ctx).services.staff.create({ ...input, isAdministrator: input.isAdministrator ?? undefined })),
    }),
    updateStaff: t.field({
      type: StaffPayload,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateStaffInput, required: true }) },
      resolve: (_root, { id, input }, ctx) =>
        runMutation('staff', () =>
          coreOf(ctx).services.staff.update(idOf(id, 'Staff', ['id']), {
            name: input.name ?? undefined,
            email: input.email ?? undefined,
            level: input.level ?? undefined,
            department: input.department ?? undefined,
            hireDate: input.hireDate ?? undefined,
            isAdministrator: input.isAdministrator ?? undefined,
            leftAt: input.leftAt,
          }),
        ),
    }),
  }));

  return { Staff, StaffLevelEnum };
}

function staffWhere(filter: { levels?: StaffLevel[] | null; department?: string | null; search?: string | null } | null | undefined) {
  const and: Prisma.StaffWhereInput[] = [];
  if (filter?.levels?.length) and.push({ level: { in: [...new Set(filter.levels)] } });
  if (filter?.department) and.push({ department: filter.department });
  if (filter?.search?.trim()) and.push({ searchName: { contains: filter.search.trim().toLowerCase().slice(0, 200) } });
  return { AND: and };
}
