import type { PrismaClient } from './generated/prisma-sqlite/client.js';
import type { EventBus } from './events/domain-event.js';
import type { TeamRuleSettings } from './teams/team-rules.js';

/** What every core service needs; handed in so tests can swap the clock. */
export interface ServiceDeps {
  prisma: PrismaClient;
  bus: EventBus;
  now: () => Date;
  rules: TeamRuleSettings;
}
