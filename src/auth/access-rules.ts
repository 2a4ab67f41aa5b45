/**
 * The vocabulary of access rules: who may run an operation (a root field of
 * Query, Mutation or Subscription) or read a guarded field, and on which
 * accounts. Core's rules are in access-policy.ts; plugins declare theirs in
 * definePlugin({ access }). docs/access-rules.md is printed from both.
 */
import type { StaffLevel } from '../generated/prisma-sqlite/enums.js';

/**
 * Which accounts a staff member reaches with an operation:
 * - `all`: every account;
 * - `department`: accounts whose team includes the member or anyone of the
 *   member's department, and accounts with no team yet (so they can be staffed);
 * - `team`: accounts whose team includes the member;
 * - `relationship`: accounts the member owns the relationship of (team member
 *   with responsibility RELATIONSHIP);
 * - `none`: denied.
 */
export type Reach = 'all' | 'department' | 'team' | 'relationship' | 'none';

export const REACHES: readonly Reach[] = ['all', 'department', 'team', 'relationship', 'none'];

export const STAFF_LEVELS: readonly StaffLevel[] = ['TOP', 'MIDDLE', 'FRONTLINE'];

export interface AccessRule {
  /** What the operation or field is for, in the words of the docs table. */
  summary: string;
  /** Reach per staff level. Administrators are staff too and keep their level's reach. */
  staff: Record<StaffLevel, Reach>;
  /** Administrators may always, on every account (operator and data-protection duties). */
  administrators?: boolean;
  /** A service account (partner integration) holding this scope may, on every account. */
  serviceScope?: string;
  /**
   * Types not owned by an account whose records `node`/`nodes` return to
   * whoever this rule allows (e.g. EventDelivery for `Query.eventDeliveries`).
   * On a field's rule, types owned through another record, returned where
   * the rule reaches that record's account (PersonAnniversary for
   * `Person.anniversaries`). Records of account-owned types follow their
   * account; any other type is never returned by `node`/`nodes`.
   */
  nodeTypes?: readonly string[];
}

/** `Query.accounts`, `Mutation.updateAccount`, `Person.profile`: the coordinate of a guarded field. */
export type FieldCoordinate = `${string}.${string}`;

export type AccessRules = Readonly<Record<FieldCoordinate, AccessRule>>;

export const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

export function isRootCoordinate(coordinate: string): boolean {
  return (ROOT_TYPES as readonly string[]).includes(coordinate.split('.')[0]!);
}

/** Reach of a staff level, widened to `all` for an administrator on an administrator rule. */
export function staffReach(rule: AccessRule, level: StaffLevel, isAdministrator: boolean): Reach {
  if (rule.administrators && isAdministrator) return 'all';
  return rule.staff[level];
}

const COORDINATE = /^[A-Z][A-Za-z0-9_]*\.[a-z_][A-Za-z0-9_]*$/;
const SCOPE = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;

/** Problems with a rule set, as sentences; empty when it is well-formed. */
export function accessRuleProblems(rules: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [coordinate, value] of Object.entries(rules)) {
    if (!COORDINATE.test(coordinate)) {
      problems.push(`access rule "${coordinate}" must name a field as Type.field`);
      continue;
    }
    const rule = value as Partial<AccessRule> | undefined;
    if (!rule || typeof rule !== 'object') {
      problems.push(`access rule "${coordinate}" must be an object`);
      continue;
    }
    if (typeof rule.summary !== 'string' || rule.summary.trim() === '') problems.push(`access rule "${coordinate}" needs a summary`);
    for (const level of STAFF_LEVELS) {
      const reach = rule.staff?.[level];
      if (!REACHES.includes(reach as Reach)) {
        problems.push(`access rule "${coordinate}" needs staff.${level} as one of ${REACHES.join(', ')}`);
      }
    }
    if (rule.serviceScope !== undefined && !SCOPE.test(rule.serviceScope)) {
      problems.push(`access rule "${coordinate}" has serviceScope "${rule.serviceScope}"; scopes look like "invoices:read"`);
    }
  }
  return problems;
}
