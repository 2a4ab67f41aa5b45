/**
 * The test files of the installed plugins (KAM_CONFIG, else kam.config.json),
 * wherever they live: the host's `npm test` runs them with its own, against
 * the test kit, so a deployment checks everything it will serve, a partner
 * package outside this repository included. A plugin that is not installed
 * has no models in the generated client, so its tests are left out.
 */
import { relative, resolve, sep } from 'node:path';
import { defaultConfigPath, readKamConfig } from '../../src/plugins/plugin-config.js';
import { projectRoot } from '../../src/project-root.js';
import { pluginRoot } from '../../src/plugins/plugin-source.js';

const inHost = (root: string) => `${root}${sep}`.startsWith(`${projectRoot}${sep}`);

function installedRoots(configPath: string): string[] {
  return readKamConfig(configPath).plugins.map((entry) => resolve(pluginRoot(entry)));
}

export function installedPluginTestGlobs(configPath = defaultConfigPath()): string[] {
  return installedRoots(configPath).map((root) =>
    inHost(root) ? `${relative(projectRoot, root).split(sep).join('/')}/**/*.test.ts` : `${root}/**/*.test.{ts,js,mjs}`,
  );
}

/**
 * Installed plugins outside this folder (often in some node_modules), which vitest must transform like
 * its own sources rather than load as external packages, so their imports resolve to this host.
 */
export function externalPluginModules(configPath = defaultConfigPath()): RegExp[] {
  return installedRoots(configPath)
    .filter((root) => !inHost(root))
    .map((root) => new RegExp(`^${`${root}${sep}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
}
