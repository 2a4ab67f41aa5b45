/**
 * Plugins in the compiled layout (`npm start` runs dist/): `kam-graphql/plugin`
 * is compiled JavaScript for node and TypeScript under the kam-source
 * condition, and a configured plugin folder of the repository runs from its
 * compiled twin while its models are read where they are. Each check runs
 * node on dist/, as the server does.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compiled, repositoryRoot } from '../support/compiled.js';

const run = promisify(execFile);
const outside = mkdtempSync(join(tmpdir(), 'kam-compiled-plugin-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

/** Runs an ES module snippet with node in the repository, returning what it printed. */
async function node(code: string, flags: string[] = []): Promise<string> {
  const { stdout } = await run(process.execPath, [...flags, '--input-type=module', '-e', code], { cwd: repositoryRoot });
  return stdout.trim();
}

const locate = (from: string, baseDir: string) => `
  import { locatePlugin } from ${JSON.stringify(compiled('src/plugins/plugin-source.ts'))};
  try {
    console.log(JSON.stringify(locatePlugin({ from: ${JSON.stringify(from)}, baseDir: ${JSON.stringify(baseDir)}, enabled: true, options: {} })));
  } catch (error) {
    console.log(JSON.stringify({ error: error.message }));
  }`;

describe('compiled plugins', () => {
  it('resolve kam-graphql/plugin to the compiled kit, and to its sources under the kam-source condition', async () => {
    const resolveKit = "console.log(import.meta.resolve('kam-graphql/plugin'))";
    expect(await node(resolveKit)).toBe(`file://${join(repositoryRoot, 'dist/src/plugin-kit/index.js')}`);
    expect(await node(resolveKit, ['--conditions=kam-source'])).toBe(`file://${join(repositoryRoot, 'src/plugin-kit/index.ts')}`);
  });

  it('run a plugin folder of the repository from its compiled twin, with its models where they are', async () => {
    const located = JSON.parse(await node(locate('./plugins/payment-discipline', repositoryRoot)));
    expect(located).toEqual({
      from: './plugins/payment-discipline',
      root: join(repositoryRoot, 'plugins/payment-discipline'),
      entry: join(repositoryRoot, 'dist/plugins/payment-discipline/index.js'),
    });
    // And the compiled plugin loads, importing the compiled kit.
    const name = await node(`const { default: plugin } = await import(${JSON.stringify(located.entry)}); console.log(plugin.name);`);
    expect(name).toBe('payment-discipline');
  });

  it('say what to do for a plugin folder that has TypeScript only', async () => {
    writeFileSync(join(outside, 'index.ts'), 'export default {};\n');
    const { error } = JSON.parse(await node(locate(outside, repositoryRoot)));
    expect(error).toMatch(/no compiled JavaScript for .*ship the plugin with an index\.js, or run the TypeScript sources with npm run dev/);
  });
});
