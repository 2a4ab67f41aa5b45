import { createRequire } from 'node:module';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * The package's own entry points (`kam-graphql/plugin`) resolve to their
 * TypeScript sources under this condition; without it, to the compiled
 * JavaScript that `npm start` runs (package.json `exports`).
 */
const SOURCE_CONDITION = 'kam-source';

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM without an exports map: Node (and so every
    // library) loads the CJS build, Vite would pick the ESM one. Two copies
    // break `instanceof GraphQLError`, so tests use the one Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    include: ['test/**/*.test.ts', 'plugins/**/*.test.ts', 'src/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    // The server logs nothing while tests run unless LOG_LEVEL asks for it (LOG_LEVEL=info npm test);
    // tests that assert what is logged capture it (test/support/captured-log.ts).
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
