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
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { parseDuration } from '../plugins/duration.js';
import { demoStaffOfLevel, demoTokens, formatDemoTokens } from './demo-tokens.js';
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

  const db = await openDatabase({ url: config.databaseUrl });
  try {
    if (values.demo) return formatDemoTokens(await demoTokens(db.prisma, mint));
    let staff;
    if (values.staff) {
      staff = await db.prisma.staff.findFirst({ where: { OR: [{ id: values.staff }, { email: values.staff }] } });
    } else if (values.admin) {
      staff = await db.prisma.staff.findFirst({ where: { isAdministrator: true }, orderBy: { id: 'asc' } });
    } else if (values.level) {
      const level = values.level.toUpperCase();
      if (level !== 'TOP' && level !== 'MIDDLE' && level !== 'FRONTLINE') throw new Error('--level must be TOP, MIDDLE or FRONTLINE');
      staff = await demoStaffOfLevel(db.prisma, level);
    } else {
      throw new Error(USAGE);
    }
    if (!staff) throw new Error('no such staff member in the database (start the server once to seed the demo data)');
    return mint({ subject: staff.id, ttlSeconds });
  } finally {
    await db.close();
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
