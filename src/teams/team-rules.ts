/**
 * The division of labour from the domain, as pure rules: who may own which
 * part of a key account's care. General accounts are not restricted.
 */
import type { AccountTier, StaffLevel, TeamResponsibility } from '../generated/prisma-sqlite/enums.js';
import { tenureInMonths } from '../staff/tenure.js';

export interface TeamRuleSettings {
  keyAccountMinTenureMonths: number;
}

export interface TeamAssignmentFacts {
  tier: AccountTier;
  responsibility: TeamResponsibility;
  staffLevel: StaffLevel;
  hireDate: Date;
  now: Date;
}

export interface TeamRuleViolation {
  rule: 'KEY_RELATIONSHIP_OWNER_TOP' | 'KEY_SALES_OWNER_MIDDLE' | 'KEY_SERVICE_LEVEL' | 'KEY_ACCOUNT_MIN_TENURE';
  message: string;
}

/** Levels allowed per responsibility on a key account. */
export const KEY_ACCOUNT_LEVELS: Record<TeamResponsibility, readonly StaffLevel[]> = {
  RELATIONSHIP: ['TOP'],
  SALES: ['MIDDLE'],
  SERVICE: ['FRONTLINE', 'MIDDLE', 'TOP'],
};

const levelRule: Record<TeamResponsibility, TeamRuleViolation['rule']> = {
  RELATIONSHIP: 'KEY_RELATIONSHIP_OWNER_TOP',
  SALES: 'KEY_SALES_OWNER_MIDDLE',
  SERVICE: 'KEY_SERVICE_LEVEL',
};

export function teamRuleViolations(facts: TeamAssignmentFacts, settings: TeamRuleSettings): TeamRuleViolation[] {
  if (facts.tier !== 'KEY') return [];
  const violations: TeamRuleViolation[] = [];
  const allowed = KEY_ACCOUNT_LEVELS[facts.responsibility];
  if (!allowed.includes(facts.staffLevel)) {
    violations.push({
      rule: levelRule[facts.responsibility],
      message: `${facts.responsibility} on a key account requires level ${allowed.join(' or ')}, not ${facts.staffLevel}`,
    });
  }
  const tenure = tenureInMonths(facts.hireDate, facts.now);
  if (tenure < settings.keyAccountMinTenureMonths) {
    violations.push({
      rule: 'KEY_ACCOUNT_MIN_TENURE',
      message: `staff dedicated to key accounts need at least ${settings.keyAccountMinTenureMonths} months of service, this member has ${tenure}`,
    });
  }
  return violations;
}
