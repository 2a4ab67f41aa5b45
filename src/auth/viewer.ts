/**
 * Who is calling, as established from the bearer token for one request or
 * one websocket connection. Staff details come from the database on every
 * request, so a changed level or a revoked administrator right applies at once.
 */
import type { StaffLevel } from '../generated/prisma-sqlite/enums.js';
import type { Actor } from './actor.js';

export interface StaffViewer {
  kind: 'staff';
  staffId: string;
  name: string;
  level: StaffLevel;
  department: string;
  isAdministrator: boolean;
  expiresAt: Date;
}

export interface ServiceViewer {
  kind: 'service';
  /** The service account's name (the token subject without its "service:" prefix). */
  name: string;
  scopes: ReadonlySet<string>;
  expiresAt: Date;
}

export interface AnonymousViewer {
  kind: 'anonymous';
}

export type Viewer = StaffViewer | ServiceViewer | AnonymousViewer;

export const anonymousViewer: AnonymousViewer = { kind: 'anonymous' };

/** How the audit trail and the access log name the viewer. */
export function actorOf(viewer: Viewer): Actor {
  switch (viewer.kind) {
    case 'staff':
      return { kind: 'STAFF', id: viewer.staffId };
    case 'service':
      return { kind: 'SERVICE', id: viewer.name };
    default:
      return { kind: 'SYSTEM', id: 'anonymous' };
  }
}
