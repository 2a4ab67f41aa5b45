import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildConfiguredSchema } from '../src/schema/configured-schema.js';
import { printSdl } from '../src/schema/core-schema.js';

describe('schema.graphql', () => {
  it('is the printed SDL of core and the configured plugins (run `npm run schema:print` after a change)', async () => {
    const checkedIn = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    const schema = await buildConfiguredSchema(fileURLToPath(new URL('../kam.config.json', import.meta.url)));
    expect(checkedIn).toBe(printSdl(schema));
  });
});
