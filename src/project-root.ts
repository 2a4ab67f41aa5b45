/**
 * Where the repository's files are, whichever way the code runs: from its
 * TypeScript sources (tsx, vitest: this file is src/project-root.ts) or
 * compiled (`npm start`: dist/src/project-root.js). The compiled tree
 * mirrors the repository under dist/, and everything that is not code
 * (package.json, prisma/, docs/, kam.config.json, a plugin's prisma/) is read
 * from the repository itself in both layouts.
 */
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder the build writes to, inside the repository. */
export const BUILD_DIR = 'dist';

const sourceRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** True when this code runs compiled, from dist/. */
export const runsCompiled: boolean = basename(sourceRoot) === BUILD_DIR;

/** The repository's root folder (the one holding package.json). */
export const projectRoot: string = runsCompiled ? dirname(sourceRoot) : sourceRoot;

/** The compiled tree, dist/. */
export const buildRoot: string = join(projectRoot, BUILD_DIR);

/**
 * Where the build puts the compiled form of a file or folder of the
 * repository (`plugins/x` -> `dist/plugins/x`); undefined for a path outside
 * the repository or already inside dist/.
 */
export function compiledPathOf(path: string): string | undefined {
  const inside = relative(projectRoot, path);
  if (inside === '' || inside.startsWith('..') || inside === BUILD_DIR || inside.startsWith(BUILD_DIR + sep) || inside.startsWith(sep)) return undefined;
  return join(buildRoot, inside);
}
