/**
 * The compiled programs tests run as real processes (the server, the
 * migration script, fixture programs): JavaScript under dist/, as `npm start`
 * runs it, so a spawned process starts in about a second instead of
 * compiling TypeScript first. The global setup (test/support/global-setup.ts)
 * brings dist/ up to date with the sources once per run.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The compiled twin of a repository's TypeScript file: `src/server/main.ts` -> `<root>/dist/src/server/main.js`. */
export function compiled(source: string): string {
  return join(repositoryRoot, 'dist', source.replace(/\.ts$/, '.js'));
}
