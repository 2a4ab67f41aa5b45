/**
 * docs/access-rules.md is the single table of access rules: printed from the
 * rules, in sync with them, and covering exactly the guarded fields of the
 * configured schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { renderAccessDocument } from '../../src/auth/access-document.js';
import { parseAccessTable } from '../../src/auth/access-table.js';
import { defaultConfigPath } from '../../src/plugins/plugin-config.js';
import { printedArtefacts } from '../../src/plugins/printed-artefacts.js';
import { buildConfiguredSchema } from '../../src/schema/configured-schema.js';

// The configuration the server would serve (KAM_CONFIG, else kam.config.json), and its printed table.
const configPath = defaultConfigPath();
const printed = printedArtefacts(configPath).accessRules;
const checkedIn = existsSync(printed) ? readFileSync(printed, 'utf8') : `${printed} is missing: run npm run access:print`;

describe(`the access table (${printed})`, () => {
  it('is printed from the rules of core and the configured plugins (run `npm run access:print` after a change)', async () => {
    expect(checkedIn).toBe(await renderAccessDocument(configPath));
  });

  it('has one row for every root field of the schema, and no row for a field that does not exist', async () => {
    const schema = await buildConfiguredSchema(configPath);
    const rows = parseAccessTable(checkedIn).map((r) => r.coordinate);
    expect(new Set(rows).size).toBe(rows.length);
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      Object.keys(type!.getFields()).map((field) => `${type!.name}.${field}`),
    );
    for (const root of roots) expect(rows, `${root} has no row`).toContain(root);
    for (const row of rows) {
      const [typeName, field] = row.split('.') as [string, string];
      const type = schema.getType(typeName);
      expect(type && isObjectType(type) && field in type.getFields(), `${row} names no field`).toBe(true);
    }
  });
});
