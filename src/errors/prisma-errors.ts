import { ConflictError } from './domain-errors.js';

/** A write that broke a unique constraint (Prisma's P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}

/** Translates database constraint failures that clients can cause into typed errors. */
export function translatePrismaError(error: unknown, conflictMessage: string, path: string[] = []): never {
  if (isUniqueViolation(error)) throw new ConflictError(conflictMessage, path);
  throw error;
}
