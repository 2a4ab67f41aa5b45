/**
 * Writes the access table from core's access policy and the configured
 * plugins' rules (KAM_CONFIG, or kam.config.json) where that configuration
 * keeps it: docs/access-rules.md for the repository's own (checked in; a
 * test fails when it is stale), next to the file for any other.
 */
import { writeFileSync } from 'node:fs';
import { renderAccessDocument } from '../src/auth/access-document.js';
import { defaultConfigPath } from '../src/plugins/plugin-config.js';
import { printedArtefacts } from '../src/plugins/printed-artefacts.js';

const configPath = defaultConfigPath();
const target = printedArtefacts(configPath).accessRules;
writeFileSync(target, await renderAccessDocument(configPath));
console.log(`wrote ${target}`);
