import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfigPath } from '../src/plugins/plugin-config.js';
import { printedArtefacts } from '../src/plugins/printed-artefacts.js';
import { buildConfiguredSchema } from '../src/schema/configured-schema.js';
import { printSdl } from '../src/schema/core-schema.js';

// The configuration the server would serve (KAM_CONFIG, else kam.config.json), and its printed SDL.
const configPath = defaultConfigPath();
const printed = printedArtefacts(configPath).schema;

describe(`the printed schema (${printed})`, () => {
  it('is the printed SDL of core and the configured plugins (run `npm run schema:print` after a change)', async () => {
    expect(existsSync(printed), `${printed} is missing: run npm run schema:print`).toBe(true);
    const schema = await buildConfiguredSchema(configPath);
    expect(readFileSync(printed, 'utf8')).toBe(printSdl(schema));
  });
});
