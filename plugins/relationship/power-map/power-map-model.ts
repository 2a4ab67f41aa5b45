/**
 * The account's power map: its people with their decision role, the
 * relationship owner's judgement of their influence and of our relationship
 * with them, what the current MAN assessment says of their authority, and the
 * last time top management met them; plus the reporting lines between them.
 * Assembled from rows already loaded (pure, no database).
 */
import { z, type InfluenceLevel, type Person, type RelationshipStrength } from 'kam-graphql/plugin';

export const INFLUENCE_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const satisfies readonly InfluenceLevel[];
export const RELATIONSHIP_STRENGTHS = ['NONE', 'WEAK', 'GOOD', 'STRONG'] as const satisfies readonly RelationshipStrength[];

export const setPersonStandingInput = z
  .object({
    personId: z.string().min(1),
    /** Omitted: unchanged; null: not judged. */
    influence: z.enum(INFLUENCE_LEVELS).nullable().optional(),
    strength: z.enum(RELATIONSHIP_STRENGTHS).nullable().optional(),
  })
  .refine((v) => v.influence !== undefined || v.strength !== undefined, { path: ['influence'], message: 'give influence, strength or both' });

export type SetPersonStandingInput = z.input<typeof setPersonStandingInput>;

export interface ManAuthorityOnMap {
  /** Named as holding decision authority by the current assessment. */
  holdsAuthority: boolean;
  /** When they hold it: whether our top management has a direct relationship with them; null otherwise. */
  directTopRelationship: boolean | null;
}

export interface TopContact {
  at: Date;
  staffId: string;
}

export interface RelationshipMapNode {
  person: Person;
  influence: InfluenceLevel | null;
  strength: RelationshipStrength | null;
  /** Null when the account has no MAN assessment. */
  manAuthority: ManAuthorityOnMap | null;
  lastTopContact: TopContact | null;
}

export interface RelationshipMapEdge {
  /** The person who reports... */
  from: Person;
  /** ...to this one. */
  to: Person;
}

export interface RelationshipMap {
  accountId: string;
  nodes: RelationshipMapNode[];
  edges: RelationshipMapEdge[];
}

export interface MapRows {
  /** Not erased, in display order. */
  people: readonly Person[];
  standings: readonly { personId: string; influence: InfluenceLevel | null; strength: RelationshipStrength | null }[];
  /** Newest first per account. */
  assessments: readonly { id: string; accountId: string }[];
  authorities: readonly { assessmentId: string; personId: string; directTopRelationship: boolean }[];
  /** DONE visits with TOP-level staff (by level at the visit). */
  topVisits: readonly { id: string; at: Date }[];
  topVisitPeople: readonly { visitId: string; personId: string }[];
  topVisitStaff: readonly { visitId: string; staffId: string }[];
}

/** One map per account asked for (empty when it has no people). */
export function buildRelationshipMaps(accountIds: readonly string[], rows: MapRows): Map<string, RelationshipMap> {
  const maps = new Map<string, RelationshipMap>(accountIds.map((id) => [id, { accountId: id, nodes: [], edges: [] }]));

  const standing = new Map(rows.standings.map((s) => [s.personId, s]));
  const current = new Map<string, string>();
  for (const a of rows.assessments) if (!current.has(a.accountId)) current.set(a.accountId, a.id);
  const currentIds = new Set(current.values());
  const authority = new Map<string, boolean>();
  for (const a of rows.authorities) if (currentIds.has(a.assessmentId)) authority.set(a.personId, a.directTopRelationship);

  const visitAt = new Map(rows.topVisits.map((v) => [v.id, v]));
  const staffOf = new Map<string, string>();
  for (const s of [...rows.topVisitStaff].sort((a, b) => a.staffId.localeCompare(b.staffId))) if (!staffOf.has(s.visitId)) staffOf.set(s.visitId, s.staffId);
  const lastContact = new Map<string, TopContact & { visitId: string }>();
  for (const vp of rows.topVisitPeople) {
    const visit = visitAt.get(vp.visitId);
    const staffId = staffOf.get(vp.visitId);
    if (!visit || !staffId) continue;
    const known = lastContact.get(vp.personId);
    const newer = !known || visit.at.getTime() > known.at.getTime() || (visit.at.getTime() === known.at.getTime() && visit.id > known.visitId);
    if (newer) lastContact.set(vp.personId, { at: visit.at, staffId, visitId: visit.id });
  }

  const byId = new Map(rows.people.map((p) => [p.id, p]));
  for (const person of rows.people) {
    const map = maps.get(person.accountId);
    if (!map) continue;
    const s = standing.get(person.id);
    const contact = lastContact.get(person.id);
    const assessed = current.has(person.accountId);
    map.nodes.push({
      person,
      influence: s?.influence ?? null,
      strength: s?.strength ?? null,
      manAuthority: assessed ? { holdsAuthority: authority.has(person.id), directTopRelationship: authority.get(person.id) ?? null } : null,
      lastTopContact: contact ? { at: contact.at, staffId: contact.staffId } : null,
    });
    const manager = person.reportsToId ? byId.get(person.reportsToId) : undefined;
    if (manager && manager.accountId === person.accountId) map.edges.push({ from: person, to: manager });
  }
  return maps;
}
