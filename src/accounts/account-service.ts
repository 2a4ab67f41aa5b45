import type { Account } from '../generated/prisma-sqlite/client.js';
import { accountEvents } from './account-events.js';
import { NotFoundError, RuleViolationError, ConflictError } from '../errors/domain-errors.js';
import { parseInput } from '../errors/validate.js';
import type { Transaction } from '../events/unit-of-work.js';
import type { ServiceDeps } from '../service-deps.js';
import { teamViolationsForTier } from '../teams/team-compliance.js';
import { createAccountInput, updateAccountInput, type CreateAccountInput, type UpdateAccountInput } from './account-input.js';
import { accountNameKey, assertAccountNameFree } from './account-name.js';

export async function loadAccount(tx: Transaction, id: string): Promise<Account> {
  const account = await tx.account.findUnique({ where: { id } });
  if (!account) throw new NotFoundError('Account', id);
  return account;
}

/** Archived accounts are read-only until restored, so history stays as it was left. */
export function assertActive(account: Account): void {
  if (account.status === 'ARCHIVED') {
    throw new RuleViolationError('ACCOUNT_ARCHIVED', `account ${account.id} is archived; restore it first`);
  }
}

function changedFields(before: Account, after: Account): string[] {
  return (Object.keys(after) as (keyof Account)[]).filter(
    (k) => k !== 'updatedAt' && String(before[k]) !== String(after[k]),
  );
}

export function createAccountService(deps: ServiceDeps) {
  const run = deps.transaction;

  return {
    create(input: CreateAccountInput): Promise<Account> {
      const data = parseInput(createAccountInput, input);
      return run(async (tx, emit) => {
        if (!data.allowDuplicateName) await assertAccountNameFree(tx, data.name);
        const account = await tx.account.create({
          data: {
            name: data.name,
            searchName: data.name.toLowerCase(),
            industry: data.industry,
            employees: data.employees ?? null,
            annualSales: data.annualSales ?? null,
            totalAssets: data.totalAssets ?? null,
            region: data.region ?? null,
            tier: data.tier ?? 'GENERAL',
          },
        });
        emit(accountEvents.created, account.id, { accountId: account.id });
        return account;
      });
    },

    update(id: string, input: UpdateAccountInput): Promise<Account> {
      const data = parseInput(updateAccountInput, input);
      return run(async (tx, emit) => {
        const before = await loadAccount(tx, id);
        assertActive(before);
        // A rename that only changes case, spacing or punctuation keeps the account's own key: nothing to check.
        if (data.name != null && !data.allowDuplicateName && accountNameKey(data.name) !== accountNameKey(before.name)) {
          await assertAccountNameFree(tx, data.name, id);
        }
        const tier = data.tier ?? before.tier;
        if (tier === 'KEY' && before.tier !== 'KEY') {
          // Promotion must not leave a key account with a team that breaks the division of labour.
          const violations = await teamViolationsForTier(tx, id, 'KEY', deps.now(), deps.rules);
          if (violations.length > 0) {
            throw new RuleViolationError(
              violations[0]!.rule,
              `cannot make this a key account: ${violations.map((v) => v.message).join('; ')}`,
            );
          }
        }
        const after = await tx.account.update({
          where: { id },
          data: {
            ...(data.name != null && { name: data.name, searchName: data.name.toLowerCase() }),
            ...(data.industry != null && { industry: data.industry }),
            ...(data.employees !== undefined && { employees: data.employees }),
            ...(data.annualSales !== undefined && { annualSales: data.annualSales }),
            ...(data.totalAssets !== undefined && { totalAssets: data.totalAssets }),
            ...(data.region !== undefined && { region: data.region }),
            ...(data.tier != null && { tier: data.tier }),
          },
        });
        const changed = changedFields(before, after);
        if (changed.length > 0) emit(accountEvents.updated, id, { accountId: id, changed });
        return after;
      });
    },

    archive(id: string): Promise<Account> {
      return run(async (tx, emit) => {
        const account = await loadAccount(tx, id);
        if (account.status === 'ARCHIVED') throw new ConflictError(`account ${id} is already archived`);
        const archived = await tx.account.update({ where: { id }, data: { status: 'ARCHIVED', archivedAt: deps.now() } });
        emit(accountEvents.archived, id, { accountId: id });
        return archived;
      });
    },

    restore(id: string): Promise<Account> {
      return run(async (tx, emit) => {
        const account = await loadAccount(tx, id);
        if (account.status === 'ACTIVE') throw new ConflictError(`account ${id} is not archived`);
        const restored = await tx.account.update({ where: { id }, data: { status: 'ACTIVE', archivedAt: null } });
        emit(accountEvents.restored, id, { accountId: id });
        return restored;
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
