/**
 * Core's access policy: the division of labour turned into rules. Every root
 * field of core has exactly one rule here (the schema build refuses one
 * without), and docs/access-rules.md is printed from this table together
 * with the enabled plugins' rules, so the two cannot drift.
 *
 * Reading an account's records (its people, team, health) follows the read
 * reach of `Query.account`; the rules below narrow writes and sensitive data.
 */
import { administratorsOnly, readPortfolio, teamWrite } from './access-presets.js';
import type { AccessRules } from './access-rules.js';

export const CORE_ACCESS_RULES: AccessRules = {
  // Reading the portfolio
  'Query.account': readPortfolio('Read one account and its records'),
  'Query.accounts': readPortfolio('List and filter accounts'),
  'Query.node': readPortfolio('Fetch any record by global id (each as its own rules allow)'),
  'Query.nodes': readPortfolio('Fetch records by global ids (each as its own rules allow)'),
  'Query.people': readPortfolio("List the customers' contacts"),
  'Query.portfolioHealth': readPortfolio('Health counts over the accounts one may read'),
  'Query.nextBestActions': readPortfolio("An account's most valuable next actions"),
  'Query.staff': {
    summary: "List the SME's staff (the internal directory)",
    staff: { TOP: 'all', MIDDLE: 'all', FRONTLINE: 'all' },
    nodeTypes: ['Staff'],
  },

  // Accounts and contacts
  'Mutation.createAccount': {
    summary: 'Create an account',
    staff: { TOP: 'all', MIDDLE: 'all', FRONTLINE: 'none' },
    serviceScope: 'accounts:write',
  },
  'Mutation.updateAccount': {
    summary: "Change an account's data or tier",
    staff: { TOP: 'all', MIDDLE: 'department', FRONTLINE: 'none' },
    serviceScope: 'accounts:write',
  },
  'Mutation.archiveAccount': {
    summary: 'Archive an account',
    staff: { TOP: 'all', MIDDLE: 'none', FRONTLINE: 'none' },
  },
  'Mutation.restoreAccount': {
    summary: 'Restore an archived account',
    staff: { TOP: 'all', MIDDLE: 'none', FRONTLINE: 'none' },
  },
  'Mutation.addPerson': teamWrite('Add a contact to an account'),
  'Mutation.updatePerson': teamWrite("Change a contact's business data"),
  'Mutation.removePerson': teamWrite('Remove a contact'),

  // Key-person privacy: the mechanism (the key-person dossier itself is the relationship plugin's)
  'Mutation.exportPersonalData': administratorsOnly("Export one person's personal data (right of access)"),
  'Mutation.erasePersonalData': administratorsOnly("Erase one person's personal data (right to erasure)"),
  'Query.sensitiveReads': administratorsOnly('Who read which sensitive data'),

  // Staff and teams
  'Mutation.createStaff': administratorsOnly('Register a staff member'),
  'Mutation.updateStaff': administratorsOnly("Change a staff member's level, department or hire date"),
  'Mutation.assignTeamMember': {
    summary: 'Put a staff member on an account team',
    staff: { TOP: 'all', MIDDLE: 'department', FRONTLINE: 'none' },
  },
  'Mutation.unassignTeamMember': {
    summary: 'Take a staff member off an account team',
    staff: { TOP: 'all', MIDDLE: 'department', FRONTLINE: 'none' },
  },

  // Operations
  'Query.auditTrail': { ...administratorsOnly('Query the audit trail'), nodeTypes: ['AuditEntry'] },
  'Query.eventDeliveries': { ...administratorsOnly('Inspect event deliveries'), nodeTypes: ['EventDelivery'] },
  'Mutation.retryEventDelivery': administratorsOnly('Re-queue a parked event delivery'),

  // Agenda: everyone's own
  'Query.myAgenda': {
    summary: 'What is due for you, from every plugin, by the division of labour',
    staff: { TOP: 'all', MIDDLE: 'all', FRONTLINE: 'all' },
  },
  'Subscription.agendaChanged': {
    summary: 'Live: your agenda may have changed (accounts whose team you are on)',
    staff: { TOP: 'all', MIDDLE: 'all', FRONTLINE: 'all' },
  },

  // Live
  'Subscription.accountChanged': readPortfolio('Live account changes (only of accounts one may read)'),
  'Subscription.accountHealthChanged': readPortfolio("Live health of one account one may read"),
  'Subscription.portfolioHealthChanged': readPortfolio('Live health of the accounts one may read'),
};
