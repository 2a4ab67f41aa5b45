/**
 * The test files of the installed plugins (KAM_CONFIG, else kam.config.json),
 * wherever they live: the host's `npm test` runs them with its own, against
 * the test kit, so a deployment checks everything it will serve, a partner
 * package outside this repository included. A plugin that is not installed
 * has no models in the generated client, so its tests are left out.
 */
import { relative, resolve, sep } from 'node:path';
import { defaultConfigPath, projectRoot, readKamConfig } from '../../src/plugins/plugin-config.js';
import { pluginRoot } from '../../src/plugins/plugin-source.js';

export function installedPluginTestGlobs(configPath = defaultConfigPath()): string[] {
  return readKamConfig(configPath).plugins.map((entry) => {
    const root = resolve(pluginRoot(entry));
    const inHost = `${root}${sep}`.startsWith(`${projectRoot}${sep}`);
    return inHost ? `${relative(projectRoot, root).split(sep).join('/')}/**/*.test.ts` : `${root}/**/*.test.{ts,js,mjs}`;
  });
}
