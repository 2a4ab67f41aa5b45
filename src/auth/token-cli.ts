/**
 * Mints a bearer token for local use (HS256 with the configured or local secret):
 *
 *   npm run -s token -- --level TOP          first top manager on a key-account team (else on any team)
 *   npm run -s token -- --staff <id|email>   a given staff member
 *   npm run -s token -- --admin              the first administrator
 *   npm run -s token -- --service erp --scope "accounts:read invoices:write"
 *   npm run -s token -- --demo               one per level and the administrator
 *
 * Prints only the token (so `$(npm run -s token -- ...)` works), except with --demo.
 */
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { providerOf, sqliteFilePath } from '../db/provider.js';
import { parseDuration } from '../plugins/duration.js';
import { resolveSigningSecret } from './signing-secret.js';
import { createTokenIssuer, SERVICE_SUBJECT_PREFIX } from './tokens.js';

const USAGE = `Usage: npm run -s token -- (--level TOP|MIDDLE|FRONTLINE | --staff <id|email> | --admin | --service <name> --scope "<scopes>" | --demo) [--ttl 8h]`;

async function main(): Promise<string> {
  const { values } = parseArgs({
    options: {
      level: { type: 'string' },
      staff: { type: 'string' },
      admin: { type: 'boolean' },
      service: { type: 'string' },
      scope: { type: 'string' },
      demo: { type: 'boolean' },
      ttl: { type: 'string', default: '8h' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return USAGE;
  const config = loadConfig();
  if (config.auth.jwksUrl && !config.auth.jwtSecret) throw new Error('AUTH_JWKS_URL is set: tokens come from your identity provider');
  const jwtSecret = resolveSigningSecret({ configured: config.auth.jwtSecret, jwksUrl: undefined, env: config.env })!;
  const mint = createTokenIssuer({ jwtSecret, issuer: config.auth.issuer, audience: config.auth.audience });
  const ttlSeconds = Math.round(parseDuration(values.ttl!) / 1000);

  if (values.service !== undefined) {
    const scopes = (values.scope ?? '').split(/\s+/).filter(Boolean);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(values.service)) throw new Error('--service must be a kebab-case name');
    return mint({ subject: `${SERVICE_SUBJECT_PREFIX}${values.service}`, scopes, ttlSeconds });
  }

  if (values.demo) {
    // The demo roster is the seed's query: Prisma is loaded for it alone.
    const [{ openDatabase }, { demoTokens, formatDemoTokens }] = await Promise.all([import('../db/database.js'), import('./demo-tokens.js')]);
    const db = await openDatabase({ url: config.databaseUrl });
    try {
      return formatDemoTokens(await demoTokens(db.prisma, mint));
    } finally {
      await db.close();
    }
  }
  let lookup: StaffLookup;
  if (values.staff) {
    lookup = { sql: 'SELECT "id" FROM "Staff" WHERE "id" = ? OR "email" = ? ORDER BY "id" ASC LIMIT 1', params: [values.staff, values.staff] };
  } else if (values.admin) {
    lookup = { sql: 'SELECT "id" FROM "Staff" WHERE "isAdministrator" = TRUE ORDER BY "id" ASC LIMIT 1', params: [] };
  } else if (values.level) {
    const level = values.level.toUpperCase();
    if (level !== 'TOP' && level !== 'MIDDLE' && level !== 'FRONTLINE') throw new Error('--level must be TOP, MIDDLE or FRONTLINE');
    // As the demo tokens choose (demoStaffOfLevel): the first of that level on an active key account's team,
    // else on any team, administrators aside.
    lookup = {
      sql:
        'SELECT s."id" FROM "Staff" s WHERE s."level" = ? AND s."isAdministrator" = FALSE' +
        ' AND EXISTS (SELECT 1 FROM "AccountTeamMember" m WHERE m."staffId" = s."id")' +
        ' ORDER BY CASE WHEN EXISTS (SELECT 1 FROM "AccountTeamMember" m JOIN "Account" a ON a."id" = m."accountId"' +
        ` WHERE m."staffId" = s."id" AND a."tier" = 'KEY' AND a."status" = 'ACTIVE') THEN 0 ELSE 1 END, s."id" ASC LIMIT 1`,
      params: [level],
    };
  } else {
    throw new Error(USAGE);
  }
  const staffId = await firstStaffId(config.databaseUrl, lookup, config.pgConnectTimeoutMs);
  if (!staffId) throw new Error('no such staff member in the database (start the server once to seed the demo data)');
  return mint({ subject: staffId, ttlSeconds });
}

interface StaffLookup {
  /** One statement selecting "id", with ? for each parameter (the same SQL on SQLite and PostgreSQL). */
  sql: string;
  params: string[];
}

/**
 * Runs a staff lookup with the database's own driver, read-only: a token is
 * printed without loading Prisma and its query compiler, which would take
 * most of a second more.
 */
async function firstStaffId(url: string, lookup: StaffLookup, connectTimeoutMs: number): Promise<string | undefined> {
  if (providerOf(url) === 'sqlite') {
    const file = sqliteFilePath(url);
    if (!existsSync(file)) return undefined;
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(lookup.sql).get(...lookup.params) as { id: string } | undefined)?.id;
    } finally {
      db.close();
    }
  }
  let n = 0;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(lookup.sql.replace(/\?/g, () => `$${++n}`), lookup.params);
    return rows[0]?.id;
  } finally {
    await client.end();
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (output) => console.log(output),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
