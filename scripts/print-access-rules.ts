/**
 * Writes docs/access-rules.md from core's access policy and the configured
 * plugins' rules (checked in; a test fails when it is stale).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAccessDocument } from '../src/auth/access-document.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'docs', 'access-rules.md');
writeFileSync(target, await renderAccessDocument(join(root, 'kam.config.json')));
console.log(`wrote ${target}`);
