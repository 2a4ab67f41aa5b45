/**
 * Boot-time validation of the configured plugins. Anything wrong stops the
 * boot with one message that names the plugin and the problem; the result is
 * the enabled plugins in dependency order with their validated options.
 */
import semver from 'semver';
import { CORE_EVENTS } from '../events/core-events.js';
import { EVENT_NAME_PATTERN, TOPIC_NAME_PATTERN } from '../events/event-catalog.js';
import type { KamPlugin } from './contract.js';
import { parseDuration } from './duration.js';
import type { KamConfig, PluginEntry } from './plugin-config.js';
import { importPlugin, locatePlugin } from './plugin-source.js';

export class PluginLoadError extends Error {
  constructor(
    readonly plugin: string,
    problem: string,
  ) {
    super(`plugin ${plugin}: ${problem}`);
    this.name = 'PluginLoadError';
  }
}

export interface LoadedPlugin {
  plugin: KamPlugin<unknown>;
  options: unknown;
  enabled: boolean;
  root: string;
}

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const STAVE_ID_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/**
 * A plugin installed from npm cannot import core by path, so it may export a
 * factory instead: `export default (kam) => kam.definePlugin({ ... })`, which
 * receives the plugin kit (what `kam-graphql/plugin` exports).
 */
async function resolveExport(exported: unknown): Promise<unknown> {
  if (typeof exported !== 'function') return exported;
  const kit = await import('../plugin-kit/index.js');
  return (exported as (kam: typeof kit) => unknown)(kit);
}

/** A zod schema, told by its API rather than its class (a partner package may bundle its own zod). */
function isSchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

function isPlugin(value: unknown): value is KamPlugin<unknown> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'kam-plugin';
}

/** Checks one plugin on its own: identity, version, core range, options, events, stave, personal data, jobs. */
function validatePlugin(plugin: KamPlugin<unknown>, entry: PluginEntry, coreVersion: string): unknown {
  const fail = (problem: string): never => {
    throw new PluginLoadError(plugin.name, problem);
  };
  if (!semver.valid(plugin.version)) fail(`version ${JSON.stringify(plugin.version)} is not a semantic version`);
  if (!semver.validRange(plugin.core)) fail(`core range ${JSON.stringify(plugin.core)} is not a semver range`);
  if (!semver.satisfies(coreVersion, plugin.core)) fail(`supports core ${plugin.core}, but this is core ${coreVersion}`);

  let options: unknown = entry.options;
  if (plugin.options) {
    const parsed = plugin.options.safeParse(entry.options);
    if (!parsed.success) {
      fail(`invalid options: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ')}`);
    }
    options = parsed.data;
  } else if (Object.keys(entry.options).length > 0) {
    fail(`takes no options, but got ${Object.keys(entry.options).join(', ')}`);
  }

  for (const [name, schema] of Object.entries(plugin.events ?? {})) {
    if (!EVENT_NAME_PATTERN.test(name)) fail(`event ${JSON.stringify(name)} must be named <module>.<entity>.<action>`);
    if (!name.startsWith(`${plugin.name}.`)) fail(`event ${name} must start with "${plugin.name}."`);
    if (!isSchema(schema)) fail(`event ${name} needs a payload schema (a zod schema, see defineEvents)`);
  }
  for (const [name, schema] of Object.entries(plugin.topics ?? {})) {
    if (!TOPIC_NAME_PATTERN.test(name) || !name.startsWith(`${plugin.name}:`)) fail(`topic ${JSON.stringify(name)} must be named ${plugin.name}:<topic>, the topic in camelCase`);
    if (!isSchema(schema)) fail(`topic ${name} needs a payload schema (a zod schema, see defineEvents)`);
  }
  for (const name of plugin.agenda?.changedBy ?? []) if (typeof name !== 'string') fail('agenda.changedBy must list event names');
  if (plugin.agenda !== undefined && typeof plugin.agenda.items !== 'function') fail('agenda needs an items function');
  if (plugin.services !== undefined && typeof plugin.services !== 'function') fail('services must be a function of the request (or job) that returns them');
  if (plugin.stave) {
    if (!STAVE_ID_PATTERN.test(plugin.stave.id)) fail(`stave id ${JSON.stringify(plugin.stave.id)} must be UPPER_SNAKE_CASE`);
    if (typeof plugin.stave.compute !== 'function') fail(`stave ${plugin.stave.id} has no compute function`);
  }
  if (plugin.personalData !== undefined) {
    const hooks = plugin.personalData as Partial<Record<'export' | 'erase' | 'auditRecords', unknown>> | null;
    if (typeof hooks !== 'object' || hooks === null) fail('personalData must be an object with export and erase functions');
    for (const hook of ['export', 'erase'] as const) {
      if (typeof hooks?.[hook] !== 'function') fail(`personalData has no ${hook} function (both export and erase are required)`);
    }
    if (hooks?.auditRecords !== undefined && typeof hooks.auditRecords !== 'function') fail('personalData.auditRecords must be a function');
  }
  if (plugin.withheldAuditValues !== undefined) {
    const models = plugin.withheldAuditValues as unknown;
    if (!Array.isArray(models) || !models.every((m) => typeof m === 'string' && /^[A-Za-z]\w*$/.test(m))) {
      fail('withheldAuditValues must be a list of model names');
    }
  }
  const jobNames = new Set<string>();
  for (const job of plugin.jobs ?? []) {
    if (jobNames.has(job.name)) fail(`job ${job.name} is declared twice`);
    jobNames.add(job.name);
    try {
      parseDuration(job.every);
    } catch (error) {
      fail(`job ${job.name}: ${(error as Error).message}`);
    }
  }
  return options;
}

/** Orders plugins so each comes after the plugins it requires; reports cycles by name. */
function orderByDependencies(plugins: LoadedPlugin[]): LoadedPlugin[] {
  const byName = new Map(plugins.map((p) => [p.plugin.name, p]));
  const ordered: LoadedPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: LoadedPlugin, path: string[]) => {
    const name = p.plugin.name;
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new PluginLoadError(name, `dependency cycle: ${cycle.join(' -> ')}`);
    }
    state.set(name, 'visiting');
    for (const required of p.plugin.requires ?? []) {
      const dependency = byName.get(required);
      if (!dependency) throw new PluginLoadError(name, `requires plugin ${required}, which is not installed`);
      if (p.enabled && !dependency.enabled) throw new PluginLoadError(name, `requires plugin ${required}, which is disabled`);
      visit(dependency, [...path, name]);
    }
    // An optional dependency that is installed is set up first; one that is not is simply done without.
    for (const wanted of p.plugin.optional ?? []) {
      const dependency = byName.get(wanted);
      if (dependency) visit(dependency, [...path, name]);
    }
    state.set(name, 'done');
    ordered.push(p);
  };
  for (const p of plugins) visit(p, []);
  return ordered;
}

/** Checks what plugins declare against each other: unique events and staves, handled events exist. */
function validateTogether(enabled: LoadedPlugin[]): void {
  const eventOwner = new Map<string, string>(CORE_EVENTS.map((e) => [e, 'core']));
  const staveOwner = new Map<string, string>();
  for (const { plugin } of enabled) {
    for (const name of [...Object.keys(plugin.events ?? {}), ...Object.keys(plugin.topics ?? {})]) {
      const owner = eventOwner.get(name);
      if (owner) throw new PluginLoadError(plugin.name, `event ${name} is already declared by ${owner}`);
      eventOwner.set(name, plugin.name);
    }
    if (plugin.stave) {
      const owner = staveOwner.get(plugin.stave.id);
      if (owner) throw new PluginLoadError(plugin.name, `stave ${plugin.stave.id} is already contributed by ${owner}`);
      staveOwner.set(plugin.stave.id, plugin.name);
    }
  }
  for (const { plugin } of enabled) {
    // Events of an optional dependency that is absent simply never arrive.
    const ofAbsentOptional = (name: string) => (plugin.optional ?? []).some((dep) => name.startsWith(`${dep}.`) && !enabled.some((p) => p.plugin.name === dep));
    for (const name of [...Object.keys(plugin.on ?? {}), ...(plugin.agenda?.changedBy ?? [])]) {
      if (ofAbsentOptional(name)) continue;
      if (!eventOwner.has(name) || name.includes(':')) throw new PluginLoadError(plugin.name, `handles event ${name}, which no enabled module declares`);
    }
  }
}

/**
 * Imports, validates and orders the configured plugins. Returns every
 * installed plugin (disabled ones keep their models); `enabled` ones run.
 */
export async function loadPlugins(config: Pick<KamConfig, 'plugins'>, coreVersion: string): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  const seen = new Map<string, string>();
  for (const entry of config.plugins) {
    let source;
    let exported: unknown;
    try {
      source = locatePlugin(entry);
      exported = await resolveExport(await importPlugin(source));
    } catch (error) {
      if (error instanceof PluginLoadError) throw error;
      // Messages of the plugin's own lookup already name it.
      const message = ((error as Error).message ?? String(error)).replace(`plugin ${entry.from}: `, '');
      throw new PluginLoadError(entry.from, `cannot be loaded: ${message}`);
    }
    if (!isPlugin(exported)) throw new PluginLoadError(entry.from, 'does not export a plugin as default (use definePlugin)');
    const plugin = exported;
    if (typeof plugin.name !== 'string' || !NAME_PATTERN.test(plugin.name)) {
      throw new PluginLoadError(entry.from, `name ${JSON.stringify(plugin.name)} must be kebab-case, like payment-discipline`);
    }
    const previous = seen.get(plugin.name);
    if (previous) throw new PluginLoadError(plugin.name, `is configured twice (${previous} and ${entry.from})`);
    seen.set(plugin.name, entry.from);
    const options = validatePlugin(plugin, entry, coreVersion);
    loaded.push({ plugin, options, enabled: entry.enabled, root: source.root });
  }
  const ordered = orderByDependencies(loaded);
  validateTogether(ordered.filter((p) => p.enabled));
  return ordered;
}
