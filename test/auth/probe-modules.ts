/**
 * What the access suites run: the configured plugins (KAM_CONFIG, else
 * kam.config.json) plus the contact-coverage fixture (a stave and an agenda
 * for core's health and agenda probes), the access table of exactly those
 * plugins as the code defines it, and the probes of core and of each plugin.
 */
import { accessRowsOf } from '../../src/auth/access-document.js';
import type { AccessTableRow } from '../../src/auth/access-table.js';
import type { LoadedPlugin } from '../../src/plugins/plugin-loader.js';
import type { AccessProbes, CursorProbe, MatrixCall, Outcome, ReferenceProbe } from '../support/access-probes.js';
import { configuredPlugins, probesOf } from '../support/test-plugins.js';
import { coreAccessProbes } from './core-probes.js';

export interface ProbeModules {
  plugins: LoadedPlugin[];
  rows: AccessTableRow[];
  /** Every module's probes: core's first. */
  modules: AccessProbes[];
  operations: Record<string, (call: MatrixCall) => Promise<Outcome>>;
  references: Record<string, ReferenceProbe>;
  cursors: Record<string, CursorProbe>;
  /** Enabled plugins that ship no `access-probes.ts`. */
  withoutProbes: string[];
}

export async function probeModules(): Promise<ProbeModules> {
  const plugins = await configuredPlugins([{ from: './test/fixtures/plugins/contact-coverage' }]);
  const shipped = await probesOf(plugins);
  const modules = [coreAccessProbes, ...shipped.flatMap((s) => (s.probes ? [s.probes] : []))];
  const merged = <K extends 'operations' | 'references' | 'cursors'>(key: K) => Object.assign({}, ...modules.map((m) => m[key] ?? {})) as NonNullable<AccessProbes[K]>;
  return {
    plugins,
    rows: accessRowsOf(plugins),
    modules,
    operations: merged('operations'),
    references: merged('references'),
    cursors: merged('cursors'),
    withoutProbes: shipped.filter((s) => !s.probes && plugins.find((p) => p.plugin.name === s.plugin)?.plugin.access).map((s) => s.plugin),
  };
}
