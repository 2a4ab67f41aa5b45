import type { PrismaClient } from './generated/prisma-sqlite/client.js';
import type { RunInTransaction } from './events/unit-of-work.js';
import type { PersonalDataHookRegistration } from './people/personal-data-hooks.js';
import type { TeamRuleSettings } from './teams/team-rules.js';

/** What every core service needs; handed in so tests can swap the clock. */
export interface ServiceDeps {
  prisma: PrismaClient;
  /** One transaction whose emitted events land in the outbox. */
  transaction: RunInTransaction;
  now: () => Date;
  rules: TeamRuleSettings;
  /**
   * Every installed plugin's personal-data hooks, enabled or not (`personalDataHooksOf(plugins)`),
   * called by the export and the erasure of a person's data; none when omitted.
   */
  personalDataHooks?: readonly PersonalDataHookRegistration[];
}
