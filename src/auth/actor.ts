/**
 * Who is making a change, as the audit trail records it: a staff member, a
 * partner integration's service account, or the system itself (a job or an
 * event handler acting on its own).
 */
export type ActorKind = 'STAFF' | 'SERVICE' | 'SYSTEM';

export interface Actor {
  kind: ActorKind;
  /** Staff id, service-account name, or the job/handler name. */
  id: string;
}

export const systemActor = (name: string): Actor => ({ kind: 'SYSTEM', id: name });
