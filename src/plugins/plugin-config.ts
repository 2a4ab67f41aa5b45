/**
 * Which plugins are installed and enabled, with their options: a
 * configuration file (`kam.config.json`, or the file named by KAM_CONFIG),
 * so enabling or disabling a plugin is never a code edit.
 *
 * Installed (listed) plugins have their models composed and migrated;
 * enabled ones also contribute GraphQL, handlers, staves, jobs and seeds. So
 * disabling a plugin keeps its data; removing it from the list stops its
 * models being composed and migrated, and leaves its tables to the operator.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../project-root.js';

const pluginEntry = z.object({
  /** A path (relative to the config file) or an npm package name. */
  from: z.string().min(1),
  enabled: z.boolean().default(true),
  options: z.record(z.string(), z.unknown()).default({}),
});

const configFile = z.object({
  plugins: z.array(pluginEntry).default([]),
  health: z
    .object({
      /** Scores at or above `healthy` are HEALTHY, at or above `atRisk` AT_RISK, below CRITICAL. */
      thresholds: z.object({ healthy: z.number().min(0).max(100), atRisk: z.number().min(0).max(100) }).optional(),
      /** How often the periodic pass re-scores every account (time-based decay). */
      periodicEvery: z.union([z.string(), z.number()]).optional(),
    })
    .default({}),
});

export interface PluginEntry {
  from: string;
  enabled: boolean;
  options: Record<string, unknown>;
  /** Folder the `from` path is relative to. */
  baseDir: string;
}

export interface KamConfig {
  path: string | null;
  plugins: PluginEntry[];
  health: z.output<typeof configFile>['health'];
}

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.KAM_CONFIG;
  if (named) return isAbsolute(named) ? named : resolve(process.cwd(), named);
  return join(projectRoot, 'kam.config.json');
}

export function readKamConfig(path: string = defaultConfigPath()): KamConfig {
  if (!existsSync(path)) return { path: null, plugins: [], health: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = configFile.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${path} is invalid: ${details}`);
  }
  const baseDir = dirname(path);
  return {
    path,
    plugins: parsed.data.plugins.map((p) => ({ ...p, baseDir })),
    health: parsed.data.health,
  };
}
