/** The README's GraphQL examples stay valid against the schema they describe. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildConfiguredSchema } from '../src/schema/configured-schema.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
const curlQueries = [...readme.matchAll(/-d '\{"query":"(.*?)"\}'/g)].map((m) => m[1]!.replace(/\\"/g, '"'));

describe('README examples', () => {
  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
    expect(curlQueries.length).toBeGreaterThanOrEqual(1);
  });

  it.each([...examples, ...curlQueries].map((q, i) => [i + 1, q] as const))('example %i validates against the schema', async (_n, query) => {
    const schema = await buildConfiguredSchema(fileURLToPath(new URL('../kam.config.json', import.meta.url)));
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });
});
