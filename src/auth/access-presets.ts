/**
 * The division of labour as reusable rules: core's access policy and every
 * plugin's are written with these, so the same intent reads the same way
 * everywhere (and the docs table shows it).
 */
import type { AccessRule } from './access-rules.js';

/** Frontline sees its own teams' accounts, middle management its department's, top management all. */
export const readPortfolio = (summary: string, serviceScope = 'accounts:read'): AccessRule => ({
  summary,
  staff: { TOP: 'all', MIDDLE: 'department', FRONTLINE: 'team' },
  serviceScope,
});

/** Changes any team member may make on the accounts they work on. */
export const teamWrite = (summary: string, serviceScope = 'accounts:write'): AccessRule => ({
  summary,
  staff: { TOP: 'all', MIDDLE: 'department', FRONTLINE: 'team' },
  serviceScope,
});

/** Sales management's work: middle management on its department's accounts, top management on all. */
export const salesManagement = (summary: string, serviceScope?: string): AccessRule => ({
  summary,
  staff: { TOP: 'all', MIDDLE: 'department', FRONTLINE: 'none' },
  ...(serviceScope && { serviceScope }),
});

/** Top management only, on every account. */
export const topManagement = (summary: string): AccessRule => ({
  summary,
  staff: { TOP: 'all', MIDDLE: 'none', FRONTLINE: 'none' },
});

/** Key-person data: top management and the account's relationship owner only. */
export const keyPersonPrivate = (summary: string): AccessRule => ({
  summary,
  staff: { TOP: 'all', MIDDLE: 'relationship', FRONTLINE: 'relationship' },
});

/** Operator and data-protection duties: administrators, on every account. */
export const administratorsOnly = (summary: string): AccessRule => ({
  summary,
  staff: { TOP: 'none', MIDDLE: 'none', FRONTLINE: 'none' },
  administrators: true,
});
