import { Kind } from 'graphql';
import { badUserInput } from '../errors/bad-input.js';
import type { KamSchemaBuilder } from './builder.js';

function parseDate(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw badUserInput('DateTime must be an ISO-8601 string such as "2024-05-01" or "2024-05-01T08:00:00Z"');
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw badUserInput(`DateTime ${JSON.stringify(value)} is not a real date`);
  }
  return date;
}

export function registerScalars(builder: KamSchemaBuilder) {
  builder.scalarType('DateTime', {
    description: 'An instant in time, as an ISO-8601 string in UTC.',
    serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
    parseValue: parseDate,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw badUserInput('DateTime must be a string');
      return parseDate(ast.value);
    },
  });
}
