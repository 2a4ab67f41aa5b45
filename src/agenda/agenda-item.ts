/**
 * What the agenda is made of: the items plugins contribute and the query
 * they answer. A leaf module, so the agenda service and the plugin contract
 * share it without knowing each other.
 */
import type { TeamResponsibility } from '../generated/prisma-sqlite/enums.js';

/** One thing to do, on someone's agenda: a visit due, an anniversary coming, an SLA deadline... */
export interface AgendaItem {
  /** Stable across reads (the same occurrence keeps its key), unique within the plugin. */
  key: string;
  /** What sort of item, e.g. `relationship.visit-due`. */
  kind: string;
  title: string;
  accountId: string;
  /** The strategy it belongs to: it lands on the agenda of the team member with this responsibility (unless `staffId` names one). */
  responsibility: TeamResponsibility;
  /** The staff member it is for, when it is someone's in particular. */
  staffId: string | null;
  dueAt: Date;
  /** The action to take, in a sentence. */
  action: string;
}

/** Whose agenda is being read: a staff member, their team memberships and the time window. */
export interface AgendaQuery {
  staffId: string;
  /** The accounts whose team the member is on, with the member's responsibility there. */
  memberships: readonly { accountId: string; responsibility: TeamResponsibility }[];
  from: Date;
  to: Date;
}

/** One plugin's contribution, bound to its runtime by the plugin host. */
export interface AgendaSource {
  plugin: string;
  items(query: AgendaQuery): Promise<AgendaItem[]>;
}
