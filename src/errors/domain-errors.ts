/**
 * Typed failures raised by services. Resolvers map them onto the GraphQL
 * error types clients switch on; anything else is an unexpected error and is
 * masked before it reaches a client.
 */
export type DomainErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'RULE_VIOLATION';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

export interface FieldIssue {
  /** Path of the offending input field, e.g. ["input", "employees"]. */
  path: string[];
  message: string;
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION' as const;
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  }
}

/** A record that does not exist, or that the caller may not see: the two are never told apart. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor(
    readonly entity: string,
    readonly id: string,
    /** The argument that named it, e.g. ["input", "reportsToId"]; empty for the operation's own target. */
    readonly path: string[] = [],
  ) {
    super(`${entity} ${id} was not found`);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;
  constructor(
    message: string,
    readonly path: string[] = [],
  ) {
    super(message);
  }
}

/** A business rule from the domain (e.g. the division of labour) was broken. */
export class RuleViolationError extends DomainError {
  readonly code = 'RULE_VIOLATION' as const;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
