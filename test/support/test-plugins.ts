/**
 * Plugins for tests: the ones the configuration installs (KAM_CONFIG, or the
 * repository's kam.config.json, exactly as the server reads it), or any set
 * given by path, and the access probes each of them ships.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultConfigPath, readKamConfig } from '../../src/plugins/plugin-config.js';
import { loadPlugins, type LoadedPlugin } from '../../src/plugins/plugin-loader.js';
import { CORE_VERSION } from '../../src/version.js';
import type { AccessProbes } from './access-probes.js';

type TestPluginEntry = { from: string; enabled?: boolean; options?: Record<string, unknown> };

/**
 * The plugins the server would load (the configuration in KAM_CONFIG, else kam.config.json), and after
 * them any `extra` ones (paths relative to `baseDir`), loaded together so dependencies resolve across both.
 */
export function configuredPlugins(extra: readonly TestPluginEntry[] = [], baseDir = process.cwd()): Promise<LoadedPlugin[]> {
  const config = readKamConfig(defaultConfigPath());
  return loadPlugins({ plugins: [...config.plugins, ...extra.map((e) => entryOf(e, baseDir))] }, CORE_VERSION);
}

const entryOf = (e: TestPluginEntry, baseDir: string) => ({ from: e.from, enabled: e.enabled ?? true, options: e.options ?? {}, baseDir });

/** Plugins by path (relative to `baseDir`) or package name, enabled unless said otherwise. */
export function loadTestPlugins(
  entries: readonly TestPluginEntry[],
  baseDir: string,
): Promise<LoadedPlugin[]> {
  return loadPlugins({ plugins: entries.map((e) => entryOf(e, baseDir)) }, CORE_VERSION);
}

const PROBE_FILES = ['access-probes.ts', 'access-probes.js'];

type TestKit = typeof import('./index.js');

/**
 * The access probes each enabled plugin ships (`access-probes.ts` or `.js` in its root, exporting
 * `accessProbes`): the probes, or, for a package that cannot import the kit by name, a function of the test kit.
 */
export async function probesOf(plugins: readonly LoadedPlugin[]): Promise<{ plugin: string; probes: AccessProbes | undefined }[]> {
  const found = [];
  for (const { plugin, root, enabled } of plugins) {
    if (!enabled) continue;
    const file = PROBE_FILES.map((f) => join(root, f)).find((f) => existsSync(f));
    const exported = file ? ((await import(pathToFileURL(file).href)) as { accessProbes?: AccessProbes | ((kit: TestKit) => AccessProbes) }).accessProbes : undefined;
    const probes = typeof exported === 'function' ? exported(await import('./index.js')) : exported;
    found.push({ plugin: plugin.name, probes });
  }
  return found;
}
