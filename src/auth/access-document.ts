/**
 * The whole of docs/access-rules.md: how to read the table, then the table
 * of core's rules and the configured plugins' rules.
 */
import { readKamConfig } from '../plugins/plugin-config.js';
import { loadPlugins, type LoadedPlugin } from '../plugins/plugin-loader.js';
import { CORE_VERSION } from '../version.js';
import { CORE_ACCESS_RULES } from './access-policy.js';
import { accessTableRows, renderAccessTable, type AccessTableRow } from './access-table.js';

const INTRODUCTION = `# Who may see and do what

This table is the single source of the access rules: it is printed from
\`src/auth/access-policy.ts\` and the \`access\` of the configured plugins
(\`npm run access:print\`), a test fails when it is stale, and the
role-by-operation test (\`test/auth/access-matrix.test.ts\`) reads it and
checks every operation as every role against it.

Each row is a root field (query, mutation, subscription) or a field guarded
on its own. A cell says which accounts a caller reaches with it:

- **all**: every account (or, for operations not about accounts, simply allowed);
- **department**: accounts whose team includes the caller or anyone of the
  caller's department, and accounts with no team yet (so they can be staffed);
- **own teams**: accounts whose team includes the caller;
- **relationship owner**: accounts whose relationship the caller owns
  (team member with responsibility RELATIONSHIP);
- **—**: denied.

How denials look:

- a caller without a token gets \`UNAUTHENTICATED\` for everything; a
  forged, malformed or expired token is refused with HTTP 401 (or, on a
  websocket, the connection is closed with 4403);
- a role a row denies gets a \`FORBIDDEN\` error and no data;
- a record outside the caller's reach behaves exactly like a record that does
  not exist: \`account\`/\`node\` return null, lists leave it out, mutations
  answer \`NOT_FOUND\` in their payload, subscriptions never deliver it; a
  record the caller may read but not change with that operation gives \`FORBIDDEN\`;
- a guarded field the caller may not read is null with a \`FORBIDDEN\` error.

Reading an account's records (its people, team, health, invoices) follows the
row of \`Query.account\`; a key person's anniversary fetched by id with
\`node\` follows the row of \`Person.anniversaries\`. Administrators are staff members with
\`isAdministrator\`: they keep their level's reach and also hold the rows
marked "all" in the Administrator column. Service accounts (partner
integrations) hold the scopes in their token and reach every account with
the rows of those scopes; they never read sensitive personal data.

`;

/** The rows of core's rules and of the enabled plugins' rules, in the table's order. */
export function accessRowsOf(plugins: readonly LoadedPlugin[]): AccessTableRow[] {
  return accessTableRows([
    { owner: 'core', rules: CORE_ACCESS_RULES },
    ...plugins.filter((p) => p.enabled && p.plugin.access).map((p) => ({ owner: p.plugin.name, rules: p.plugin.access! })),
  ]);
}

export async function renderAccessDocument(configPath?: string): Promise<string> {
  const plugins = await loadPlugins(readKamConfig(configPath), CORE_VERSION);
  return `${INTRODUCTION}${renderAccessTable(accessRowsOf(plugins))}\n`;
}
