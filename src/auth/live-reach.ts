/**
 * A reach judged in memory, from an account's team as a live event carries
 * it: the same rule as the SQL filters of AccessControl.accountWhere (a test
 * holds the two to each other), so a subscriber is authorised per event
 * without a query of its own.
 */
import type { TeamFact } from '../live/account-facts.js';
import type { Reach } from './access-rules.js';
import type { Viewer } from './viewer.js';

export function reachIncludes(reach: Reach, viewer: Viewer, team: readonly TeamFact[]): boolean {
  switch (reach) {
    case 'all':
      return true;
    case 'none':
      return false;
  }
  if (viewer.kind !== 'staff') return false;
  switch (reach) {
    case 'team':
      return team.some((m) => m.staffId === viewer.staffId);
    case 'relationship':
      return team.some((m) => m.staffId === viewer.staffId && m.responsibility === 'RELATIONSHIP');
    case 'department':
      return team.length === 0 || team.some((m) => m.staffId === viewer.staffId || m.department === viewer.department);
  }
}
