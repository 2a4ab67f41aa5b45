/**
 * The `auditTrail` filter: checked (every problem reported at once, as a
 * GraphQL error with code BAD_USER_INPUT) and turned into a Prisma where.
 */
import { GraphQLError } from 'graphql';
import type { Prisma } from '../generated/prisma-sqlite/client.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import { ValidationError, type FieldIssue } from '../errors/domain-errors.js';
import { tryDecodeGlobalId } from '../schema/global-id.js';
import type { AuditAction } from './audit-collector.js';
import { auditedModel, auditedModelNames } from './audit-models.js';

export interface AuditFilter {
  entityType?: string | null;
  /** A raw id, or the global ID of any node. */
  entityId?: string | null;
  /** The global ID of an Account. */
  accountId?: string | null;
  actorId?: string | null;
  operation?: string | null;
  action?: AuditAction | null;
  /** Inclusive. */
  from?: Date | null;
  /** Exclusive. */
  to?: Date | null;
}

const MAX_TEXT = 200;
const MAX_ID = 512;

let modelNames: ReadonlySet<string> | undefined;
const isModel = (name: string) => (modelNames ??= new Set(Object.keys(getDatamodel().datamodel.models))).has(name);

/** A query argument problem as clients see it: BAD_USER_INPUT, with the offending paths. */
export function badFilter(error: ValidationError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: 'BAD_USER_INPUT', issues: error.issues.map((i) => ({ path: i.path, message: i.message })) },
  });
}

function text(issues: FieldIssue[], field: string, value: string | null | undefined, max = MAX_TEXT): string | undefined {
  if (value == null) return undefined;
  if (value.trim() === '') issues.push({ path: ['filter', field], message: 'must not be empty' });
  else if (value.length > max) issues.push({ path: ['filter', field], message: `must be at most ${max} characters` });
  return value;
}

/** The where clause for a filter; throws BAD_USER_INPUT naming every invalid field. */
export function auditWhere(filter: AuditFilter | null | undefined): Prisma.AuditEntryWhereInput {
  if (!filter) return {};
  const issues: FieldIssue[] = [];
  const where: Prisma.AuditEntryWhereInput = {};

  let entityType = text(issues, 'entityType', filter.entityType);
  if (entityType !== undefined && entityType.trim() !== '' && !auditedModel(entityType)) {
    issues.push({ path: ['filter', 'entityType'], message: `${JSON.stringify(entityType.slice(0, 64))} is not an audited entity type; use one of ${auditedModelNames().join(', ')}` });
    entityType = undefined;
  }

  const entityId = text(issues, 'entityId', filter.entityId, MAX_ID);
  if (entityId !== undefined) {
    // The global ID of a node names its type; anything else is taken as the raw id.
    const decoded = tryDecodeGlobalId(entityId);
    if (decoded && isModel(decoded.typename)) {
      if (!auditedModel(decoded.typename)) {
        issues.push({ path: ['filter', 'entityId'], message: `is an ID of type ${decoded.typename}, which is not audited` });
      } else if (entityType !== undefined && entityType !== decoded.typename) {
        issues.push({ path: ['filter', 'entityId'], message: `is an ID of type ${decoded.typename}, but entityType is ${entityType}` });
      }
      where.entityType = decoded.typename;
      where.entityId = decoded.id;
    } else {
      where.entityId = entityId;
    }
  }
  if (entityType !== undefined) where.entityType = entityType;

  if (filter.accountId != null) {
    const decoded = tryDecodeGlobalId(filter.accountId);
    if (!decoded) issues.push({ path: ['filter', 'accountId'], message: 'is not a valid global ID' });
    else if (decoded.typename !== 'Account') {
      issues.push({ path: ['filter', 'accountId'], message: `must be the ID of an Account, not a ${decoded.typename}` });
    } else where.accountId = decoded.id;
  }

  const actorId = text(issues, 'actorId', filter.actorId);
  if (actorId !== undefined) where.actorId = actorId;
  const operation = text(issues, 'operation', filter.operation);
  if (operation !== undefined) where.operation = operation;
  if (filter.action != null) where.action = filter.action;

  if (filter.from != null && filter.to != null && filter.from.getTime() >= filter.to.getTime()) {
    issues.push({ path: ['filter', 'to'], message: 'must be after from' });
  }
  if (filter.from != null || filter.to != null) {
    where.at = { ...(filter.from != null && { gte: filter.from }), ...(filter.to != null && { lt: filter.to }) };
  }

  if (issues.length > 0) throw badFilter(new ValidationError(issues));
  return where;
}
