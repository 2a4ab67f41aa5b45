import { coreOf } from '../server/core-request.js';
import { AccountStatus, AccountTier, Industry } from '../generated/prisma-sqlite/enums.js';
import type { KamSchemaBuilder } from '../schema/builder.js';
import { idOf } from '../schema/global-id.js';
import { runMutation, type MutationErrorRefs } from '../schema/mutation-errors.js';
import { relationConnection, rootConnection } from '../schema/connections/connection-fields.js';
import { PEOPLE_BY_NAME } from '../people/person-order.js';
import { accountOrder, accountWhere, checkedAccountFilter } from './account-filter.js';
import { classifyEnterpriseSize } from './enterprise-size.js';

const ALLOW_DUPLICATE_NAME =
  'true: give the name even though an active account already has it. Otherwise that is a ConflictError ' +
  '(names are compared ignoring case, spacing and punctuation; archived accounts do not count).';

export function registerAccountSchema(builder: KamSchemaBuilder, { payload }: MutationErrorRefs) {
  const IndustryEnum = builder.enumType(Industry, {
    name: 'Industry',
    description: 'Industry categories of the 2003 SME standard (circular 2003-143), plus OTHER.',
  });
  const TierEnum = builder.enumType(AccountTier, { name: 'AccountTier' });
  const StatusEnum = builder.enumType(AccountStatus, { name: 'AccountStatus' });
  const SizeEnum = builder.enumType('EnterpriseSize', {
    values: ['LARGE', 'MEDIUM', 'SMALL'] as const,
    description: 'Enterprise size by the 2003 SME standard.',
  });
  const SizeUnknownReasonEnum = builder.enumType('EnterpriseSizeUnknownReason', {
    values: ['INDUSTRY_NOT_COVERED', 'MISSING_EMPLOYEES', 'MISSING_ANNUAL_SALES', 'MISSING_TOTAL_ASSETS'] as const,
  });

  const Account = builder.prismaNode('Account', {
    id: { field: 'id' },
    // An unknown or deleted id resolves to null through node/nodes instead of failing.
    nullable: true,
    description: 'A customer enterprise the SME sells to; key accounts get the full maintenance programme.',
    fields: (t) => ({
      name: t.exposeString('name'),
      industry: t.expose('industry', { type: IndustryEnum }),
      employees: t.exposeInt('employees', { nullable: true }),
      annualSales: t.exposeFloat('annualSales', { nullable: true, description: 'Annual sales revenue in CNY.' }),
      totalAssets: t.exposeFloat('totalAssets', { nullable: true, description: 'Total assets in CNY.' }),
      region: t.exposeString('region', { nullable: true }),
      tier: t.expose('tier', { type: TierEnum }),
      status: t.expose('status', { type: StatusEnum }),
      archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
      enterpriseSize: t.field({
        type: SizeEnum,
        nullable: true,
        description: 'Size by the 2003 SME standard; null when the data cannot decide it (see enterpriseSizeUnknownReason).',
        resolve: (a) => classifyEnterpriseSize(a).size,
      }),
      enterpriseSizeUnknownReason: t.field({
        type: SizeUnknownReasonEnum,
        nullable: true,
        description: 'Why enterpriseSize is null; null when the size is known.',
        resolve: (a) => classifyEnterpriseSize(a).reason,
      }),
      people: relationConnection(t, {
        type: 'Person',
        model: 'Person',
        foreignKey: 'accountId',
        totalCount: true,
        description: 'Customer-side contacts, by name.',
        order: () => PEOPLE_BY_NAME,
      }),
      teamMembers: t.relation('teamMembers', {
        description: "The SME's staff assigned to this account.",
        query: () => ({ orderBy: [{ responsibility: 'asc' }, { assignedAt: 'asc' }, { id: 'asc' }] }),
      }),
    }),
  });

  const AccountFilter = builder.inputType('AccountFilter', {
    fields: (t) => ({
      tier: t.field({ type: TierEnum }),
      industries: t.field({ type: [IndustryEnum] }),
      sizes: t.field({ type: [SizeEnum], description: 'Matches accounts whose size the data decides.' }),
      region: t.string(),
      statuses: t.field({ type: [StatusEnum], description: 'Defaults to ACTIVE only.' }),
      search: t.string({ description: 'Case-insensitive text contained in the name.' }),
    }),
  });

  const AccountOrderField = builder.enumType('AccountOrderField', { values: ['NAME', 'CREATED_AT', 'ANNUAL_SALES'] as const });
  const SortDirection = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });
  const AccountOrder = builder.inputType('AccountOrder', {
    fields: (t) => ({
      field: t.field({ type: AccountOrderField, required: true }),
      direction: t.field({ type: SortDirection, defaultValue: 'ASC' }),
    }),
  });

  builder.queryFields((t) => ({
    account: t.prismaField({
      type: 'Account',
      nullable: true,
      args: { id: t.arg.globalID({ required: true, for: Account }) },
      resolve: async (query, _root, args, ctx) => {
        const account = await ctx.prisma.account.findFirst({ ...query, where: ctx.access.scopeAccounts('Query.account', { id: args.id.id }) });
        if (account) ctx.access.markReached('Query.account', [account.id]);
        return account;
      },
    }),
    accounts: rootConnection(t, {
      type: Account,
      model: 'Account',
      args: {
        filter: t.arg({ type: AccountFilter }),
        orderBy: t.arg({ type: AccountOrder }),
      },
      totalCount: true,
      scopedBy: 'Query.accounts',
      order: (args) => accountOrder(args.orderBy?.field ?? undefined, args.orderBy?.direction ?? 'ASC'),
      where: (args, ctx) => ctx.access.scopeAccounts('Query.accounts', accountWhere(checkedAccountFilter(args.filter))),
    }),
  }));

  const AccountPayload = payload('AccountPayload', 'account', Account);

  const CreateAccountInput = builder.inputType('CreateAccountInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      industry: t.field({ type: IndustryEnum, required: true }),
      employees: t.int(),
      annualSales: t.float({ description: 'CNY' }),
      totalAssets: t.float({ description: 'CNY' }),
      region: t.string(),
      tier: t.field({ type: TierEnum, description: 'Defaults to GENERAL.' }),
      allowDuplicateName: t.boolean({ description: ALLOW_DUPLICATE_NAME }),
    }),
  });
  const UpdateAccountInput = builder.inputType('UpdateAccountInput', {
    description: 'Only the fields given change; null clears an optional measure.',
    fields: (t) => ({
      name: t.string(),
      industry: t.field({ type: IndustryEnum }),
      employees: t.int(),
      annualSales: t.float(),
      totalAssets: t.float(),
      region: t.string(),
      tier: t.field({ type: TierEnum }),
      allowDuplicateName: t.boolean({ description: ALLOW_DUPLICATE_NAME }),
    }),
  });

  builder.mutationFields((t) => ({
    createAccount: t.field({
      type: AccountPayload,
      args: { input: t.arg({ type: CreateAccountInput, required: true }) },
      resolve: (_root, { input }, ctx) => runMutation('account', () => coreOf(ctx).services.accounts.create(input)),
    }),
    updateAccount: t.field({
      type: AccountPayload,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateAccountInput, required: true }) },
      resolve: (_root, { id, input }, ctx) =>
        runMutation('account', async () => {
          const accountId = idOf(id, 'Account', ['id']);
          await ctx.access.authorizeAccount('Mutation.updateAccount', accountId, ['id']);
          return coreOf(ctx).services.accounts.update(accountId, input);
        }),
    }),
    archiveAccount: t.field({
      type: AccountPayload,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx) =>
        runMutation('account', async () => {
          const accountId = idOf(id, 'Account', ['id']);
          await ctx.access.authorizeAccount('Mutation.archiveAccount', accountId, ['id']);
          return coreOf(ctx).services.accounts.archive(accountId);
        }),
    }),
    restoreAccount: t.field({
      type: AccountPayload,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx) =>
        runMutation('account', async () => {
          const accountId = idOf(id, 'Account', ['id']);
          await ctx.access.authorizeAccount('Mutation.restoreAccount', accountId, ['id']);
          return coreOf(ctx).services.accounts.restore(accountId);
        }),
    }),
  }));

  return { Account, AccountFilter, IndustryEnum, TierEnum, SizeEnum };
}
