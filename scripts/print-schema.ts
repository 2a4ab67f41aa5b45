/** Writes the printed SDL to schema.graphql (checked in; a test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, printSdl } from '../src/schema/core-schema.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql');
writeFileSync(target, printSdl(buildSchema()));
console.log(`wrote ${target}`);
