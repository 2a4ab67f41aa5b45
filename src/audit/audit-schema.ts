/**
 * The audit trail, read-only: who changed what and when, newest first. There
 * is no mutation on it, and AuditEntry is deliberately not a Node, so the
 * `auditTrail` query (admin-only by access policy) is the one way to read it.
 */
import type { KamSchemaBuilder } from '../schema/builder.js';
import { encodeGlobalId } from '../schema/global-id.js';
import { rootConnection } from '../schema/connections/connection-fields.js';
import type { AuditAction, AuditValue } from './audit-collector.js';
import { auditWhere } from './audit-filter.js';

export interface AuditFieldChangeShape {
  field: string;
  before: string | null;
  after: string | null;
}

const encoded = (value: AuditValue | undefined) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The stored `changes` JSON as a list, in the entity's column order. */
export function parseChanges(changes: string): AuditFieldChangeShape[] {
  const parsed = JSON.parse(changes) as Record<string, { before?: AuditValue; after?: AuditValue }>;
  return Object.entries(parsed).map(([field, change]) => ({ field, before: encoded(change.before), after: encoded(change.after) }));
}

export function registerAuditSchema(builder: KamSchemaBuilder) {
  const ActorKindEnum = builder.enumType('ActorKind', {
    description: 'Who acts: a staff member, a partner integration, or the system itself (a job or event handler).',
    values: {
      STAFF: { description: 'A staff member of the SME; the id is their Staff id.' },
      SERVICE: { description: "A partner integration's service account; the id is its name." },
      SYSTEM: { description: 'The system itself; the id names the job or handler (e.g. `plugin:payment-discipline/overdue-scan`).' },
    } as const,
  });
  const AuditActionEnum = builder.enumType('AuditAction', { values: ['CREATE', 'UPDATE', 'DELETE'] as const });

  const AuditActor = builder.objectRef<{ kind: string; id: string }>('AuditActor').implement({
    description: 'Who made a change.',
    fields: (t) => ({
      kind: t.field({ type: ActorKindEnum, resolve: (a) => a.kind as 'STAFF' | 'SERVICE' | 'SYSTEM' }),
      id: t.exposeString('id', { description: 'Staff id, service-account name, or job/handler name.' }),
    }),
  });

  const AuditFieldChange = builder.objectRef<AuditFieldChangeShape>('AuditFieldChange').implement({
    description: 'One changed field; values are JSON-encoded (dates as ISO strings), null when the field had no value.',
    fields: (t) => ({
      field: t.exposeString('field'),
      before: t.exposeString('before', { nullable: true, description: 'JSON; null for a created entity or an empty field.' }),
      after: t.exposeString('after', { nullable: true, description: 'JSON; null for a deleted entity or a cleared field.' }),
    }),
  });

  const AuditEntryRef = builder.prismaObject('AuditEntry', {
    description: 'One entity changed by one transaction: who, when, what, and the before/after of the fields that changed.',
    fields: (t) => ({
      id: t.id({ description: 'Global ID.', resolve: (e) => encodeGlobalId('AuditEntry', e.id) }),
      at: t.expose('at', { type: 'DateTime' }),
      actor: t.field({ type: AuditActor, resolve: (e) => ({ kind: e.actorKind, id: e.actorId }) }),
      operation: t.exposeString('operation', { description: 'The GraphQL mutation field, job or handler that made the change.' }),
      entityType: t.exposeString('entityType', { description: 'The changed entity type (model name), e.g. `Account`, `Invoice`.' }),
      entityId: t.exposeString('entityId', { description: 'The raw id of the changed entity.' }),
      action: t.field({ type: AuditActionEnum, resolve: (e) => e.action as AuditAction }),
      accountId: t.id({
        nullable: true,
        description: 'Global ID of the account the entity belongs to, when it belongs to one.',
        resolve: (e) => (e.accountId === null ? null : encodeGlobalId('Account', e.accountId)),
      }),
      changes: t.field({ type: [AuditFieldChange], resolve: (e) => parseChanges(e.changes) }),
    }),
  });

  const AuditFilter = builder.inputType('AuditFilter', {
    description: 'All given fields must match.',
    fields: (t) => ({
      entityType: t.string({ description: 'An entity type (model name), e.g. `Account`.' }),
      entityId: t.id({ description: 'The raw id of an entity, or the global ID of any node.' }),
      accountId: t.id({ description: 'Global ID of an Account: entries of the account and of everything that belongs to it.' }),
      actorId: t.string({ description: 'Staff id, service-account name, or job/handler name.' }),
      operation: t.string({ description: 'A GraphQL mutation field name, job or handler name.' }),
      action: t.field({ type: AuditActionEnum }),
      from: t.field({ type: 'DateTime', description: 'Entries at or after this instant.' }),
      to: t.field({ type: 'DateTime', description: 'Entries before this instant.' }),
    }),
  });

  builder.queryFields((t) => ({
    auditTrail: rootConnection(t, {
      type: AuditEntryRef,
      model: 'AuditEntry',
      description:
        'The audit trail, newest first. Entries are written by the system in the transaction of each change and never ' +
        "edited through the API (erasing a person's data only blanks the values in the entries about them).",
      args: { filter: t.arg({ type: AuditFilter }) },
      totalCount: true,
      order: () => [
        { field: 'at', direction: 'desc' },
        { field: 'id', direction: 'desc' },
      ],
      where: (args) => auditWhere(args.filter),
    }),
  }));

  return { AuditFilter, ActorKindEnum, AuditActionEnum };
}
