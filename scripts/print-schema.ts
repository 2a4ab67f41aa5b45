/**
 * Writes the printed SDL of core plus the configured plugins (KAM_CONFIG, or
 * kam.config.json) where that configuration keeps it: schema.graphql for the
 * repository's own (checked in; a test fails when it is stale), next to the
 * file for any other.
 */
import { writeFileSync } from 'node:fs';
import { defaultConfigPath } from '../src/plugins/plugin-config.js';
import { printedArtefacts } from '../src/plugins/printed-artefacts.js';
import { buildConfiguredSchema } from '../src/schema/configured-schema.js';
import { printSdl } from '../src/schema/core-schema.js';

const configPath = defaultConfigPath();
const target = printedArtefacts(configPath).schema;
writeFileSync(target, printSdl(await buildConfiguredSchema(configPath)));
console.log(`wrote ${target}`);
