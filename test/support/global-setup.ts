/**
 * Once per test run, before any test file: dist/ is brought up to date with
 * the sources (scripts/build.js --if-stale, a few milliseconds when it is),
 * so the processes tests spawn run the code under test.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from './compiled.js';

export default function buildOnce(): void {
  try {
    execFileSync(process.execPath, [join(repositoryRoot, 'scripts', 'build.js'), '--if-stale'], { cwd: repositoryRoot, stdio: 'pipe' });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`the build failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}
