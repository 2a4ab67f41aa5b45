/**
 * Composes the per-database schemas and generates their Prisma clients:
 *   npx tsx scripts/generate.ts        (for postinstall / prestart)
 * `prisma generate` wants a schema-engine binary path although generating
 * never runs it, and the binary cannot be downloaded everywhere: point it at
 * an existing file when none is configured.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { composeSchema, providers, schemaPath } from './compose-prisma.js';

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
  const path = schemaPath(provider);
  writeFileSync(path, composeSchema(provider));
  const run = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', path], { env, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`prisma generate failed for ${provider}`);
    process.exit(run.status ?? 1);
  }
}
