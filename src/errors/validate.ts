import type { z } from 'zod';
import { ValidationError } from './domain-errors.js';

/** Parses untrusted input, turning every zod issue into a field-level ValidationError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, basePath: string[] = ['input']): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      path: [...basePath, ...issue.path.map(String)],
      message: issue.message,
    })),
  );
}
