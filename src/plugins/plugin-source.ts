/**
 * Where a configured plugin lives: a folder path or an npm package. Its
 * root folder holds `prisma/` (models) and its entry module exports the
 * plugin definition as default.
 *
 * Compiled (`npm start`), a plugin folder inside the repository runs from
 * its compiled twin under dist/ (`./plugins/x` -> dist/plugins/x/index.js),
 * so it imports `kam-graphql/plugin` as compiled JavaScript like the host;
 * its models stay where they are. From the TypeScript sources (tsx, vitest)
 * the folder's own index.ts runs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledPathOf, projectRoot, runsCompiled } from '../project-root.js';
import type { PluginEntry } from './plugin-config.js';

export interface PluginSource {
  from: string;
  root: string;
  entry: string;
}

const SOURCE_ENTRIES = ['index.ts', 'index.js', 'index.mjs'];
const COMPILED_ENTRIES = ['index.js', 'index.mjs'];

function isPath(from: string): boolean {
  return from.startsWith('.') || from.startsWith('/');
}

/** Where a package is looked up: from the configuration's folder, the way Node does, then from the host's. */
function lookupDirs(entry: PluginEntry): string[] {
  const from = (dir: string) => createRequire(join(dir, 'noop.js')).resolve.paths(entry.from) ?? [];
  return [...new Set([...from(entry.baseDir), ...from(projectRoot)])];
}

function packageManifest(entry: PluginEntry): string {
  // By folder, not require.resolve: a package with an `exports` map may not export package.json.
  const manifest = lookupDirs(entry)
    .map((dir) => join(dir, entry.from, 'package.json'))
    .find((candidate) => existsSync(candidate));
  if (!manifest) {
    const where = resolve(entry.baseDir) === projectRoot ? projectRoot : `${entry.baseDir} or ${projectRoot}`;
    throw new Error(`plugin ${entry.from}: package not installed in ${where} (npm install ${entry.from} there)`);
  }
  return manifest;
}

/** The plugin's root folder, found without running any of its code. */
export function pluginRoot(entry: PluginEntry): string {
  if (!isPath(entry.from)) return dirname(packageManifest(entry));
  const target = resolve(entry.baseDir, entry.from);
  if (!existsSync(target)) throw new Error(`plugin ${entry.from}: ${target} does not exist`);
  return statSync(target).isFile() ? dirname(target) : target;
}

export function locatePlugin(entry: PluginEntry): PluginSource {
  if (isPath(entry.from)) {
    const target = resolve(entry.baseDir, entry.from);
    if (!existsSync(target)) throw new Error(`plugin ${entry.from}: ${target} does not exist`);
    const isFile = statSync(target).isFile();
    const root = isFile ? dirname(target) : target;
    if (runsCompiled) return { from: entry.from, root, entry: compiledEntry(entry.from, target, isFile) };
    if (isFile) return { from: entry.from, root, entry: target };
    const file = SOURCE_ENTRIES.map((f) => join(target, f)).find(existsSync);
    if (!file) throw new Error(`plugin ${entry.from}: no ${SOURCE_ENTRIES.join(' or ')} in ${target}`);
    return { from: entry.from, root, entry: file };
  }
  const manifest = packageManifest(entry);
  const root = dirname(manifest);
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { main?: string; module?: string; exports?: unknown };
  const exportsEntry = typeof pkg.exports === 'string' ? pkg.exports : (pkg.exports as { '.'?: { import?: string; default?: string } | string } | undefined)?.['.'];
  const main =
    (typeof exportsEntry === 'string' ? exportsEntry : exportsEntry?.import ?? exportsEntry?.default) ?? pkg.module ?? pkg.main ?? 'index.js';
  return { from: entry.from, root, entry: resolve(root, main) };
}

/** The JavaScript a compiled server runs for a plugin path: its twin under dist/, else the JavaScript the folder ships. */
function compiledEntry(from: string, target: string, isFile: boolean): string {
  const twin = compiledPathOf(target);
  if (isFile) {
    const candidates = [twin?.replace(/\.[mc]?ts$/, '.js'), /\.[mc]?js$/.test(target) ? target : undefined];
    const file = candidates.find((candidate): candidate is string => candidate !== undefined && existsSync(candidate));
    if (file) return file;
  } else {
    const file = [twin, target].flatMap((dir) => (dir ? COMPILED_ENTRIES.map((f) => join(dir, f)) : [])).find(existsSync);
    if (file) return file;
  }
  throw new Error(
    `plugin ${from}: no compiled JavaScript for ${target}; the server runs compiled (npm start): ` +
      (twin ? 'run npm run build, which compiles the plugins inside the repository' : 'ship the plugin with an index.js') +
      ', or run the TypeScript sources with npm run dev',
  );
}

export async function importPlugin(source: PluginSource): Promise<unknown> {
  const mod = (await import(pathToFileURL(source.entry).href)) as { default?: unknown };
  return mod.default;
}

/** The plugin's model folder, if it has one. */
export function pluginPrismaDir(root: string): string | null {
  const dir = join(root, 'prisma');
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : null;
}
