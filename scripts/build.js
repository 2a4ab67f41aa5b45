/**
 * Compiles the TypeScript that runs in production to JavaScript under dist/,
 * file by file, mirroring the repository (src/x.ts -> dist/src/x.js), so
 * `npm start`, `npm run token`... run plain `node` and nothing is compiled
 * at run time:
 *   node scripts/build.js             build now (postinstall runs it)
 *   node scripts/build.js --if-stale  build only when a source changed since
 *                                     the last build (the npm scripts run it
 *                                     first; it costs a few milliseconds)
 * What is compiled: src/ (the generated Prisma clients included), plugins/
 * and scripts/, and the plugins and helper programs of test fixtures, which
 * tests run as real processes. Tests themselves are not. Compiling is
 * transpiling only (esbuild, each file on its own, as tsx does): types are
 * checked by `npm run typecheck`.
 *
 * Plain JavaScript, because it must run before anything is compiled.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = dirname(dirname(fileURLToPath(import.meta.url)));
export const buildRoot = join(projectRoot, 'dist');

/** Folders whose TypeScript is compiled (tests excepted). */
const SOURCE_FOLDERS = ['src', 'plugins', 'scripts', 'test/fixtures', 'test/db/fixtures'];
const STAMP = '.build-stamp.json';
const LOCK = '.build.lock';
/** A lock older than this was left by a build that died. */
const LOCK_STALE_MS = 60_000;

function isSource(name) {
  return name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts');
}

function walk(dir, found) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return found;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path, found);
    } else if (entry.isFile() && isSource(entry.name)) {
      found.push(path);
    }
  }
  return found;
}

/** Every file the build compiles, sorted. */
export function sourceFiles(root = projectRoot) {
  return SOURCE_FOLDERS.flatMap((folder) => walk(join(root, folder), [])).sort();
}

/** What a build is made of: its input files and the newest modification among them and this script. */
function fingerprint(files) {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  return { files: files.map((file) => relative(projectRoot, file)), newest };
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(join(buildRoot, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why dist/ does not match the sources, or undefined when it does. */
export function staleness(files = sourceFiles()) {
  const stamp = readStamp();
  if (!stamp) return 'nothing was built yet';
  const now = fingerprint(files);
  if (now.newest > stamp.newest) return 'sources changed since the last build';
  if (now.files.length !== stamp.files.length || now.files.some((file, i) => file !== stamp.files[i])) return 'sources were added or removed since the last build';
  return undefined;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` while holding dist/.build.lock, so concurrent builds (two first starts) never write the same files at once. */
async function withBuildLock(work) {
  mkdirSync(buildRoot, { recursive: true });
  const lock = join(buildRoot, LOCK);
  let fd;
  for (;;) {
    try {
      fd = openSync(lock, 'wx');
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) unlinkSync(lock);
      } catch {
        // Released meanwhile.
      }
      await sleep(50);
    }
  }
  try {
    return await work();
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

/** Removes what an earlier build wrote for sources that are gone. */
function removeOrphans(dir, keep) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      removeOrphans(path, keep);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (!keep.has(path)) {
      rmSync(path);
    }
  }
}

async function compile(files) {
  const { build } = await import('esbuild');
  const started = performance.now();
  const result = await build({
    entryPoints: files,
    outdir: buildRoot,
    outbase: projectRoot,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    // Without bundling each file keeps its imports: relative ones (written with .js) find the compiled twins.
    bundle: false,
    logLevel: 'warning',
    metafile: true,
  });
  const outputs = new Set([...Object.keys(result.metafile.outputs).map((file) => join(projectRoot, file)), join(buildRoot, STAMP), join(buildRoot, LOCK)]);
  removeOrphans(buildRoot, outputs);
  writeFileSync(join(buildRoot, STAMP), JSON.stringify(fingerprint(files)));
  return { files: files.length, ms: Math.round(performance.now() - started) };
}

/** Builds dist/ now. */
export async function buildNow() {
  return withBuildLock(() => compile(sourceFiles()));
}

/** Builds dist/ when a source changed since the last build; says why on stderr. Returns whether it built. */
export async function buildIfStale() {
  if (!staleness()) return false;
  return withBuildLock(async () => {
    const files = sourceFiles();
    const why = staleness(files);
    if (!why) return false; // Another process built it while this one waited.
    const { ms } = await compile(files);
    process.stderr.write(`build: ${why}; compiled ${files.length} files to dist/ in ${ms} ms\n`);
    return true;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  try {
    if (ifStale) {
      await buildIfStale();
    } else {
      const { files, ms } = await buildNow();
      console.log(`build: compiled ${files} files to dist/ in ${ms} ms`);
    }
  } catch (error) {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
