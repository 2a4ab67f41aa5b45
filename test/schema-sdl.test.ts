import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSchema, printSdl } from '../src/schema/core-schema.js';

describe('schema.graphql', () => {
  it('is the printed SDL of the current schema (run `npm run schema:print` after a change)', () => {
    const checkedIn = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(checkedIn).toBe(printSdl(buildSchema()));
  });
});
