/**
 * Errors a client can cause and fix are data, not exceptions: every mutation
 * payload carries `errors: [UserError!]!`, and clients switch on `__typename`
 * or `code`. Anything else is unexpected and masked by the server.
 */
import type { ObjectRef } from '@pothos/core';
import {
  isDomainError,
  type ConflictError,
  type DomainError,
  type NotFoundError,
  type RuleViolationError,
  type ValidationError,
} from '../errors/domain-errors.js';
import type { KamSchemaBuilder, KamTypes } from './builder.js';

export interface UserErrorShape {
  code: DomainError['code'];
  message: string;
  path: string[];
  rule?: string;
  entity?: string;
  id?: string;
}

export function toUserErrors(error: DomainError): UserErrorShape[] {
  switch (error.code) {
    case 'VALIDATION':
      return (error as ValidationError).issues.map((i) => ({
        code: 'VALIDATION',
        message: i.message,
        path: i.path,
      }));
    case 'NOT_FOUND': {
      const e = error as NotFoundError;
      return [{ code: 'NOT_FOUND', message: e.message, path: e.path, entity: e.entity }];
    }
    case 'CONFLICT': {
      const e = error as ConflictError;
      return [{ code: 'CONFLICT', message: e.message, path: e.path }];
    }
    case 'RULE_VIOLATION': {
      const e = error as RuleViolationError;
      return [{ code: 'RULE_VIOLATION', message: e.message, path: [], rule: e.rule }];
    }
  }
}

/** Runs a mutation, turning typed domain failures into payload errors. */
export async function runMutation<K extends string, T>(
  key: K,
  work: () => Promise<T>,
): Promise<{ [P in K]: T | null } & { errors: UserErrorShape[] }> {
  try {
    const value = await work();
    return { [key]: value, errors: [] } as { [P in K]: T | null } & { errors: UserErrorShape[] };
  } catch (error) {
    if (isDomainError(error)) {
      return { [key]: null, errors: toUserErrors(error) } as { [P in K]: T | null } & { errors: UserErrorShape[] };
    }
    throw error;
  }
}

export function registerMutationErrors(builder: KamSchemaBuilder) {
  const ErrorCode = builder.enumType('ErrorCode', {
    values: {
      VALIDATION: { description: 'An input value is invalid; `path` names it.' },
      NOT_FOUND: { description: 'A referenced record does not exist.' },
      CONFLICT: { description: 'The change clashes with existing data (duplicate, already in that state).' },
      RULE_VIOLATION: { description: 'A business rule, such as the division of labour, forbids the change.' },
    } as const,
  });

  const UserError = builder.interfaceRef<UserErrorShape>('UserError').implement({
    description: 'A failure the client can act on.',
    resolveType: (e) =>
      ({ VALIDATION: 'ValidationError', NOT_FOUND: 'NotFoundError', CONFLICT: 'ConflictError', RULE_VIOLATION: 'RuleViolationError' })[e.code],
    fields: (t) => ({
      code: t.field({ type: ErrorCode, resolve: (e) => e.code }),
      message: t.exposeString('message'),
      path: t.exposeStringList('path', { description: 'Path of the offending input field, empty when not field-specific.' }),
    }),
  });

  const implement = (name: string, description: string) =>
    builder.objectRef<UserErrorShape>(name).implement({ description, interfaces: [UserError], fields: () => ({}) });

  implement('ValidationError', 'An input value failed validation.');
  implement('ConflictError', 'The change conflicts with existing data.');
  builder.objectRef<UserErrorShape>('NotFoundError').implement({
    description: 'A referenced record does not exist (or is not visible).',
    interfaces: [UserError],
    fields: (t) => ({ entity: t.string({ resolve: (e) => e.entity ?? 'Unknown' }) }),
  });
  builder.objectRef<UserErrorShape>('RuleViolationError').implement({
    description: 'A business rule forbids the change; `rule` names it.',
    interfaces: [UserError],
    fields: (t) => ({ rule: t.string({ resolve: (e) => e.rule ?? 'UNKNOWN' }) }),
  });

  /** `<Name>Payload { <key>: <Type>, errors: [UserError!]! }` for one mutation result. */
  function payload<Shape>(name: string, key: string, type: ObjectRef<KamTypes, Shape>) {
    return builder.objectRef<Record<string, unknown> & { errors: UserErrorShape[] }>(name).implement({
      fields: (t) => ({
        [key]: t.field({ type, nullable: true, resolve: (p) => p[key] as never }),
        errors: t.field({ type: [UserError], resolve: (p) => p.errors }),
      }),
    });
  }

  return { UserError, payload };
}

export type MutationErrorRefs = ReturnType<typeof registerMutationErrors>;
