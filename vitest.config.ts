import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { externalPluginModules, installedPluginTestGlobs } from './test/support/installed-plugin-tests.js';

const require = createRequire(import.meta.url);
const host = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The package's own entry points (`kam-graphql/plugin`) resolve to their
 * TypeScript sources under this condition; without it, to the compiled
 * JavaScript that `npm start` runs (package.json `exports`).
 */
const SOURCE_CONDITION = 'kam-source';

export default defineConfig({
  resolve: {
    alias: [
      // graphql 16 ships CJS and ESM without an exports map: Node (and so every
      // library) loads the CJS build, Vite would pick the ESM one. Two copies
      // break `instanceof GraphQLError`, so tests use the one Node uses.
      { find: /^graphql$/, replacement: require.resolve('graphql') },
      // The kit is this host's, wherever the importing plugin is installed (a partner package outside the repository too).
      { find: /^kam-graphql\/plugin$/, replacement: host('./src/plugin-kit/index.ts') },
      { find: /^kam-graphql\/testing$/, replacement: host('./test/support/index.ts') },
      // And so is vitest, for the tests of a plugin installed outside this folder (which has no vitest of its own).
      { find: /^vitest$/, replacement: join(dirname(require.resolve('vitest/package.json')), 'dist', 'index.js') },
    ],
  },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', ...installedPluginTestGlobs()],
    // Relative to this folder only: an installed plugin's own tests may sit in a node_modules elsewhere.
    exclude: ['node_modules/**', 'dist/**', '**/.work/**'],
    server: { deps: { inline: externalPluginModules() } },
    pool: 'forks',
    // Test files share their worker's module cache instead of re-importing the app (its schema, Prisma
    // client and query compiler) for each file: that import was half of the suite's wall time. Tests
    // therefore keep no state in modules they do not own; each makes its own database and app.
    isolate: false,
    // Much of a test's time is spent waiting (for a server process, a socket, the database), so on two
    // cores two workers keep both busy: the suite runs in about two thirds of the time of one worker
    // (vitest's default there). Each test file makes its own database, app and ports, so files share nothing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: 1,
    globalSetup: ['test/support/global-setup.ts'],
    // The server logs nothing while tests run unless LOG_LEVEL asks for it (LOG_LEVEL=info npm test);
    // tests that assert what is logged capture it (test/support/captured-log.ts).
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
