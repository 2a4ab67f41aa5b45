import type { AccountTier } from '../generated/prisma-sqlite/enums.js';
import type { Transaction } from '../events/unit-of-work.js';
import { teamRuleViolations, type TeamRuleSettings, type TeamRuleViolation } from './team-rules.js';

/** Violations the account's current team would have if the account had the given tier. */
export async function teamViolationsForTier(
  tx: Transaction,
  accountId: string,
  tier: AccountTier,
  now: Date,
  settings: TeamRuleSettings,
): Promise<TeamRuleViolation[]> {
  const members = await tx.accountTeamMember.findMany({ where: { accountId }, include: { staff: true } });
  return members.flatMap((m) =>
    teamRuleViolations(
      { tier, responsibility: m.responsibility, staffLevel: m.staff.level, hireDate: m.staff.hireDate, now },
      settings,
    ).map((v) => ({ ...v, message: `${m.staff.name} (${m.responsibility}): ${v.message}` })),
  );
}
