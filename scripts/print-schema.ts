/**
 * Writes the printed SDL of core plus the configured plugins to
 * schema.graphql (checked in; a test fails when it is stale).
 */
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConfiguredSchema } from '../src/schema/configured-schema.js';
import { printSdl } from '../src/schema/core-schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'schema.graphql');
writeFileSync(target, printSdl(await buildConfiguredSchema(join(root, 'kam.config.json'))));
console.log(`wrote ${target}`);
