import { ConflictError } from './domain-errors.js';

/** Translates database constraint failures that clients can cause into typed errors. */
export function translatePrismaError(error: unknown, conflictMessage: string, path: string[] = []): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'P2002') throw new ConflictError(conflictMessage, path);
  throw error;
}
