/**
 * Composes the per-database schemas (src/generated/prisma/<provider>.prisma,
 * for core and the installed plugins of KAM_CONFIG or kam.config.json) and
 * generates their Prisma clients:
 *   npx tsx scripts/generate.ts        (for postinstall / prestart)
 * `prisma generate` wants a schema-engine binary path although generating
 * never runs it, and the binary cannot be downloaded everywhere: point it at
 * an existing file when none is configured.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { composedSchemaPath, composeSchema, providers } from '../src/db/schema-composition.js';

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY:
    process.env.PRISMA_SCHEMA_ENGINE_BINARY ||
    require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm'),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};

for (const provider of providers) {
  const path = composedSchemaPath(provider);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, composeSchema(provider));
  const run = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', path], { env, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`prisma generate failed for ${provider}`);
    process.exit(run.status ?? 1);
  }
}
