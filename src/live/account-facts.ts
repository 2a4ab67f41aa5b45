/**
 * What a live event's receivers are judged on, loaded once per event (and
 * once per batch of events of one tick) instead of once per subscriber: the
 * account as filters see it, its team with departments (the reaches), and
 * the subscribed staff members as they are now (level, department, rights).
 */
import DataLoader from 'dataloader';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { AccountStatus, AccountTier, Industry, StaffLevel, TeamResponsibility } from '../generated/prisma-sqlite/enums.js';

export interface TeamFact {
  staffId: string;
  responsibility: TeamResponsibility;
  department: string;
}

export interface AccountFacts {
  id: string;
  name: string;
  searchName: string;
  industry: Industry;
  employees: number | null;
  annualSales: number | null;
  totalAssets: number | null;
  region: string | null;
  tier: AccountTier;
  status: AccountStatus;
  team: TeamFact[];
}

export interface StaffFacts {
  name: string;
  level: StaffLevel;
  department: string;
  isAdministrator: boolean;
}

const ACCOUNT_SELECT = {
  id: true,
  name: true,
  searchName: true,
  industry: true,
  employees: true,
  annualSales: true,
  totalAssets: true,
  region: true,
  tier: true,
  status: true,
  teamMembers: { select: { staffId: true, responsibility: true, staff: { select: { department: true } } } },
} as const;

export interface FactsLoader {
  account(id: string): Promise<AccountFacts | null>;
  /** The given staff members as they are now; a member who is gone is absent. */
  staff(ids: readonly string[]): Promise<ReadonlyMap<string, StaffFacts>>;
}

export function createFactsLoader(prisma: PrismaClient): FactsLoader {
  const accounts = new DataLoader<string, AccountFacts | null>(
    async (ids) => {
      const rows = await prisma.account.findMany({ where: { id: { in: [...ids] } }, select: ACCOUNT_SELECT });
      const byId = new Map(
        rows.map(({ teamMembers, ...account }) => [
          account.id,
          { ...account, team: teamMembers.map((m) => ({ staffId: m.staffId, responsibility: m.responsibility, department: m.staff.department })) },
        ]),
      );
      return ids.map((id) => byId.get(id) ?? null);
    },
    // Batched per tick, never cached: each event sees the account as it is.
    { cache: false, maxBatchSize: 500 },
  );
  // One staff read per tick for every event of it, whatever the number of subscribers.
  let pendingStaff: { ids: Set<string>; result: Promise<Map<string, StaffFacts>> } | undefined;
  return {
    account: (id) => accounts.load(id),
    staff(ids) {
      if (ids.length === 0) return Promise.resolve(new Map());
      if (!pendingStaff) {
        const batch = { ids: new Set<string>(), result: undefined as unknown as Promise<Map<string, StaffFacts>> };
        batch.result = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
          pendingStaff = undefined;
          const rows = await prisma.staff.findMany({
            where: { id: { in: [...batch.ids] } },
            select: { id: true, name: true, level: true, department: true, isAdministrator: true },
          });
          return new Map(rows.map(({ id, ...facts }) => [id, facts]));
        });
        pendingStaff = batch;
      }
      for (const id of ids) pendingStaff.ids.add(id);
      return pendingStaff.result;
    },
  };
}
