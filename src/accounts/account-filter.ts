/**
 * Turns the `accounts` filter into a Prisma where clause. Shared by every
 * query that takes "the same filters as accounts" (portfolio views too).
 */
import { badUserInput } from '../errors/bad-input.js';
import type { Prisma } from '../generated/prisma-sqlite/client.js';
import type { AccountStatus, AccountTier, Industry } from '../generated/prisma-sqlite/enums.js';
import type { SortKey } from '../schema/connections/keyset.js';
import { classifyEnterpriseSize, SME_STANDARD_2003, type CoveredIndustry, type EnterpriseSize } from './enterprise-size.js';

export interface AccountFilter {
  tier?: AccountTier | null;
  industries?: readonly Industry[] | null;
  sizes?: readonly EnterpriseSize[] | null;
  region?: string | null;
  statuses?: readonly AccountStatus[] | null;
  search?: string | null;
}

/**
 * The size classification expressed in SQL. Comparisons with NULL are never
 * true, which gives exactly the classifier's rule for missing data: a size is
 * matched only when the known measures decide it.
 */
function sizeWhere(size: EnterpriseSize): Prisma.AccountWhereInput {
  const perIndustry = (Object.entries(SME_STANDARD_2003) as [CoveredIndustry, (typeof SME_STANDARD_2003)[CoveredIndustry]][]).map(
    ([industry, thresholds]): Prisma.AccountWhereInput => {
      const underAnyBound = { OR: thresholds.map((t) => ({ [t.measure]: { lt: t.smeUpperBound } })) };
      switch (size) {
        case 'LARGE':
          return { industry, AND: thresholds.map((t) => ({ [t.measure]: { gte: t.smeUpperBound } })) };
        case 'MEDIUM':
          return { industry, AND: [underAnyBound, ...thresholds.map((t) => ({ [t.measure]: { gte: t.mediumFloor } }))] };
        case 'SMALL':
          return { industry, AND: [underAnyBound, { OR: thresholds.map((t) => ({ [t.measure]: { lt: t.mediumFloor } })) }] };
      }
    },
  );
  return { OR: perIndustry };
}

const MAX_SEARCH_LENGTH = 200;

/** The filter as a client sent it, refused with BAD_USER_INPUT when its search text is too long. */
export function checkedAccountFilter<T extends { search?: string | null } | null | undefined>(filter: T): T {
  if (filter?.search && filter.search.length > MAX_SEARCH_LENGTH) {
    throw badUserInput(`filter.search must be at most ${MAX_SEARCH_LENGTH} characters`);
  }
  return filter;
}

export function accountWhere(filter: AccountFilter | null | undefined): Prisma.AccountWhereInput {
  const and: Prisma.AccountWhereInput[] = [];
  // Enum lists are deduplicated: a list repeating a value thousands of times must not become thousands of SQL parameters.
  const statuses = filter?.statuses ?? ['ACTIVE'];
  and.push({ status: { in: [...new Set(statuses)] } });
  if (filter?.tier) and.push({ tier: filter.tier });
  if (filter?.industries?.length) and.push({ industry: { in: [...new Set(filter.industries)] } });
  if (filter?.region) and.push({ region: filter.region });
  if (filter?.search?.trim()) and.push({ searchName: { contains: filter.search.trim().toLowerCase() } });
  if (filter?.sizes?.length) and.push({ OR: [...new Set(filter.sizes)].map(sizeWhere) });
  return { AND: and };
}

/** The fields of an account the filter reads. */
export type FilterableAccount = Parameters<typeof classifyEnterpriseSize>[0] & {
  status: AccountStatus;
  tier: AccountTier;
  region: string | null;
  searchName: string;
};

/**
 * `accountWhere` judged in memory, for one account a live event is about:
 * the same rule (a test holds the two to each other on both databases).
 */
export function matchesAccountFilter(account: FilterableAccount, filter: AccountFilter | null | undefined): boolean {
  if (!(filter?.statuses ?? ['ACTIVE']).includes(account.status)) return false;
  if (filter?.tier && account.tier !== filter.tier) return false;
  if (filter?.industries?.length && !filter.industries.includes(account.industry)) return false;
  if (filter?.region && account.region !== filter.region) return false;
  const search = filter?.search?.trim();
  if (search && !account.searchName.includes(search.toLowerCase())) return false;
  if (filter?.sizes?.length) {
    const size = classifyEnterpriseSize(account).size;
    if (!size || !filter.sizes.includes(size)) return false;
  }
  return true;
}

export type AccountOrderField = 'NAME' | 'CREATED_AT' | 'ANNUAL_SALES';
export type SortDirection = 'ASC' | 'DESC';

/** Always ends with the id, so every account has exactly one position for keyset paging. */
export function accountOrder(field: AccountOrderField = 'NAME', direction: SortDirection = 'ASC'): SortKey[] {
  const sort = direction === 'ASC' ? 'asc' : 'desc';
  switch (field) {
    case 'NAME':
      return [{ field: 'searchName', direction: sort }, { field: 'id', direction: sort }];
    case 'CREATED_AT':
      return [{ field: 'createdAt', direction: sort }, { field: 'id', direction: sort }];
    case 'ANNUAL_SALES':
      return [{ field: 'annualSales', direction: sort, nulls: 'last' }, { field: 'id', direction: sort }];
  }
}
