/** Every boot-time validation the loader performs, each with the message an operator sees. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readKamConfig } from '../../src/plugins/plugin-config.js';
import { projectRoot } from '../../src/project-root.js';
import { loadPlugins, PluginLoadError } from '../../src/plugins/plugin-loader.js';
import { pluginWorkspace } from './plugin-fixtures.js';

const ws = pluginWorkspace();
afterAll(() => ws.remove());

const base = (name: string, more = '') => `name: '${name}', version: '1.0.0', core: '^1.0.0', ${more}`;

async function loadError(config: ReturnType<typeof ws.config>, core = '1.0.0'): Promise<PluginLoadError> {
  const error = await loadPlugins(config, core).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PluginLoadError);
  return error as PluginLoadError;
}

describe('plugin loader', () => {
  it('loads valid plugins in dependency order with validated, defaulted options', async () => {
    const a = ws.plugin('order-a', base('order-a', `options: z.object({ days: z.number().int().default(30) })`));
    const b = ws.plugin('order-b', base('order-b', `requires: ['order-a']`));
    const c = ws.plugin('order-c', base('order-c', `requires: ['order-b', 'order-a']`));
    const loaded = await loadPlugins(ws.config([{ from: c }, { from: b }, { from: a, options: {} }]), '1.4.2');
    expect(loaded.map((p) => p.plugin.name)).toEqual(['order-a', 'order-b', 'order-c']);
    expect(loaded[0]!.options).toEqual({ days: 30 });
    expect(loaded.every((p) => p.enabled)).toBe(true);
  });

  it('keeps disabled plugins installed but not enabled', async () => {
    const p = ws.plugin('off', base('off'));
    const [loaded] = await loadPlugins(ws.config([{ from: p, enabled: false }]), '1.0.0');
    expect(loaded).toMatchObject({ enabled: false, plugin: { name: 'off' } });
  });

  it('loads a plugin published as an npm package', async () => {
    const root = join(ws.dir, 'node_modules', 'kam-plugin-npm-example');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'kam-plugin-npm-example', version: '2.0.0', type: 'module', main: 'main.js' }));
    writeFileSync(
      join(root, 'main.js'),
      `export default Object.freeze({ kind: 'kam-plugin', name: 'npm-example', version: '2.0.0', core: '>=1.0.0' });\n`,
    );
    const [loaded] = await loadPlugins(ws.config([{ from: 'kam-plugin-npm-example' }]), '1.0.0');
    expect(loaded!.plugin.name).toBe('npm-example');
    expect(loaded!.root).toBe(root);
  });

  it('hands the contract to a package that exports a factory, since it cannot import core by path', async () => {
    const root = join(ws.dir, 'node_modules', 'kam-plugin-factory');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'kam-plugin-factory', version: '1.0.0', type: 'module', exports: { '.': { import: './index.js' } } }));
    writeFileSync(
      join(root, 'index.js'),
      `export default (kam) => kam.definePlugin({ name: 'factory-made', version: '1.0.0', core: '^1.0.0',
         access: { 'Query.factoryCheck': { summary: 'check', staff: { TOP: 'all', MIDDLE: 'all', FRONTLINE: 'all' } } },
         schema: (b) => b.queryField('factoryCheck', (t) => t.boolean({ resolve: () => typeof kam.runMutation === 'function' && new kam.ValidationError([]) instanceof Error })) });
`,
    );
    const plugins = await loadPlugins(ws.config([{ from: 'kam-plugin-factory' }]), '1.0.0');
    expect(plugins[0]!.plugin.name).toBe('factory-made');
    const { buildSchema } = await import('../../src/schema/core-schema.js');
    const { graphql } = await import('graphql');
    const { accessContext } = await import('../support/access.js');
    const contextValue = accessContext(undefined as never, undefined, plugins);
    const result = await graphql({ schema: buildSchema(plugins), source: '{ factoryCheck }', contextValue });
    expect(result).toEqual({ data: { factoryCheck: true } });
  });

  it.each([
    ['a missing dependency', () => ws.config([{ from: ws.plugin('needy', base('needy', `requires: ['ghost']`)) }]), 'plugin needy: requires plugin ghost, which is not installed'],
    [
      'a disabled dependency',
      () => ws.config([{ from: ws.plugin('dep-off', base('dep-off')), enabled: false }, { from: ws.plugin('uses-off', base('uses-off', `requires: ['dep-off']`)) }]),
      'plugin uses-off: requires plugin dep-off, which is disabled',
    ],
    [
      'a dependency cycle',
      () =>
        ws.config([
          { from: ws.plugin('cycle-a', base('cycle-a', `requires: ['cycle-b']`)) },
          { from: ws.plugin('cycle-b', base('cycle-b', `requires: ['cycle-c']`)) },
          { from: ws.plugin('cycle-c', base('cycle-c', `requires: ['cycle-a']`)) },
        ]),
      'plugin cycle-a: dependency cycle: cycle-a -> cycle-b -> cycle-c -> cycle-a',
    ],
    ['a core version mismatch', () => ws.config([{ from: ws.plugin('future', `name: 'future', version: '1.0.0', core: '^2.0.0'`) }]), 'plugin future: supports core ^2.0.0, but this is core 1.0.0'],
    ['an invalid version', () => ws.config([{ from: ws.plugin('badver', `name: 'badver', version: 'one', core: '^1.0.0'`) }]), 'plugin badver: version "one" is not a semantic version'],
    ['an invalid core range', () => ws.config([{ from: ws.plugin('badrange', `name: 'badrange', version: '1.0.0', core: 'latest please'`) }]), 'plugin badrange: core range "latest please" is not a semver range'],
    [
      'invalid options',
      () => ws.config([{ from: ws.plugin('opts', base('opts', `options: z.object({ days: z.number().int().min(1) })`)), options: { days: 0 } }]),
      'plugin opts: invalid options: days: Too small: expected number to be >=1',
    ],
    ['options for a plugin without options', () => ws.config([{ from: ws.plugin('noopts', base('noopts')), options: { x: 1 } }]), 'plugin noopts: takes no options, but got x'],
    ['a name that is not kebab-case', () => ws.config([{ from: ws.plugin('bad-name', `name: 'Bad_Name', version: '1.0.0', core: '^1.0.0'`) }]), 'plugin ./bad-name: name "Bad_Name" must be kebab-case, like payment-discipline'],
    ['a module that exports no plugin', () => ws.config([{ from: (writeFileSync(join(ws.dir, 'not-plugin.ts'), 'export default { name: "x" };\n'), './not-plugin.ts') }]), 'plugin ./not-plugin.ts: does not export a plugin as default (use definePlugin)'],
    ['a path that does not exist', () => ws.config([{ from: './nowhere' }]), `plugin ./nowhere: cannot be loaded: ${join(ws.dir, 'nowhere')} does not exist`],
    ['a package that is not installed', () => ws.config([{ from: 'kam-plugin-not-installed' }]), `plugin kam-plugin-not-installed: cannot be loaded: package not installed in ${ws.dir} or ${projectRoot} (npm install kam-plugin-not-installed there)`],
    [
      'the same plugin configured twice',
      () => {
        const p = ws.plugin('twice', base('twice'));
        return ws.config([{ from: p }, { from: ws.plugin('twice-copy', base('twice')) }]);
      },
      'plugin twice: is configured twice (./twice and ./twice-copy)',
    ],
    ['an event outside the plugin namespace', () => ws.config([{ from: ws.plugin('ev-ns', base('ev-ns', `events: { 'other.thing.happened': z.object({}) }`)) }]), 'plugin ev-ns: event other.thing.happened must start with "ev-ns."'],
    ['a badly named event', () => ws.config([{ from: ws.plugin('ev-bad', base('ev-bad', `events: { 'ev-bad.happened': z.object({}) }`)) }]), 'plugin ev-bad: event "ev-bad.happened" must be named <module>.<entity>.<action>'],
    ['an event without a payload schema', () => ws.config([{ from: ws.plugin('ev-bare', base('ev-bare', `events: { 'ev-bare.thing.done': {} }`)) }]), 'plugin ev-bare: event ev-bare.thing.done needs a payload schema (a zod schema, see defineEvents)'],
    ['a badly named topic', () => ws.config([{ from: ws.plugin('tp-bad', base('tp-bad', `topics: { 'other:thing': z.object({}) }`)) }]), 'plugin tp-bad: topic "other:thing" must be named tp-bad:<topic>, the topic in camelCase'],
    ['a handler for an unknown event', () => ws.config([{ from: ws.plugin('deaf', base('deaf', `on: { 'core.account.exploded': async () => {} }`)) }]), 'plugin deaf: handles event core.account.exploded, which no enabled module declares'],
    [
      'a duplicate stave',
      () =>
        ws.config([
          { from: ws.plugin('stave-a', base('stave-a', `stave: { id: 'MONEY', label: 'A', compute: async () => new Map() }`)) },
          { from: ws.plugin('stave-b', base('stave-b', `stave: { id: 'MONEY', label: 'B', compute: async () => new Map() }`)) },
        ]),
      'plugin stave-b: stave MONEY is already contributed by stave-a',
    ],
    ['a badly named stave', () => ws.config([{ from: ws.plugin('stave-bad', base('stave-bad', `stave: { id: 'money', label: 'A', compute: async () => new Map() }`)) }]), 'plugin stave-bad: stave id "money" must be UPPER_SNAKE_CASE'],
    ['a job with a bad interval', () => ws.config([{ from: ws.plugin('job-bad', base('job-bad', `jobs: [{ name: 'scan', every: 'often', run: () => {} }]`)) }]), 'plugin job-bad: job scan: duration "often" must look like 500ms, 30s, 15m, 1h or 1d'],
    ['a job declared twice', () => ws.config([{ from: ws.plugin('job-twice', base('job-twice', `jobs: [{ name: 'scan', every: '1h', run: () => {} }, { name: 'scan', every: '2h', run: () => {} }]`)) }]), 'plugin job-twice: job scan is declared twice'],
  ])('stops the boot on %s, naming the plugin', async (_case, config, message) => {
    const error = await loadError(config());
    expect(error.message).toBe(message);
  });

  it('lets a disabled plugin declare what an enabled one also declares (it is not running)', async () => {
    const loaded = await loadPlugins(
      ws.config([
        { from: ws.plugin('dup-live', base('dup-live', `stave: { id: 'DUP', label: 'A', compute: async () => new Map() }`)) },
        { from: ws.plugin('dup-off', base('dup-off', `stave: { id: 'DUP', label: 'B', compute: async () => new Map() }`)), enabled: false },
      ]),
      '1.0.0',
    );
    expect(loaded.filter((p) => p.enabled).map((p) => p.plugin.name)).toEqual(['dup-live']);
  });
});

describe('configuration file', () => {
  it('reads plugins relative to the file and rejects invalid files with the path in the message', () => {
    const path = join(ws.dir, 'kam.config.json');
    writeFileSync(path, JSON.stringify({ plugins: [{ from: './x', options: { a: 1 } }] }));
    expect(readKamConfig(path).plugins).toEqual([{ from: './x', enabled: true, options: { a: 1 }, baseDir: ws.dir }]);
    writeFileSync(path, '{ not json');
    expect(() => readKamConfig(path)).toThrow(`${path} is not valid JSON`);
    writeFileSync(path, JSON.stringify({ plugins: [{ enabled: true }] }));
    expect(() => readKamConfig(path)).toThrow(`${path} is invalid: plugins.0.from:`);
    expect(readKamConfig(join(ws.dir, 'absent.json'))).toEqual({ path: null, plugins: [], health: {} });
  });
});

describe('schema contributions at boot', () => {
  const schemaError = async (config: ReturnType<typeof ws.config>) => {
    const { buildSchema } = await import('../../src/schema/core-schema.js');
    const plugins = await loadPlugins(config, '1.0.0');
    try {
      buildSchema(plugins);
    } catch (error) {
      expect(error).toBeInstanceOf(PluginLoadError);
      return (error as PluginLoadError).message;
    }
    throw new Error('expected the schema build to fail');
  };

  it('stops on a type name that core already uses', async () => {
    const p = ws.plugin('own-account', base('own-account', `schema: (b) => { b.objectRef('Account').implement({ fields: (t) => ({ x: t.string({ resolve: () => 'x' }) }) }); }`));
    expect(await schemaError(ws.config([{ from: p }]))).toBe('plugin own-account: type Account is already defined by core');
  });

  it('stops on a field another plugin or core already defines', async () => {
    const first = ws.plugin('field-one', base('field-one', `schema: (b) => { b.queryField('shared', (t) => t.string({ resolve: () => '1' })); }`));
    const second = ws.plugin('field-two', base('field-two', `schema: (b) => { b.queryField('shared', (t) => t.string({ resolve: () => '2' })); }`));
    expect(await schemaError(ws.config([{ from: first }, { from: second }]))).toBe('plugin field-two: field Query.shared is already defined by field-one');
    const onCore = ws.plugin('field-core', base('field-core', `schema: (b, { core }) => { b.objectField(core.Account, 'name', (t) => t.string({ resolve: () => 'x' })); }`));
    expect(await schemaError(ws.config([{ from: onCore }]))).toBe('plugin field-core: field Account.name is already defined by core');
  });

  const rule = `{ summary: 'x', staff: { TOP: 'all', MIDDLE: 'none', FRONTLINE: 'none' } }`;

  it('stops on a root field without an access rule, so nothing is left unguarded', async () => {
    const p = ws.plugin('unguarded', base('unguarded', `schema: (b) => { b.queryField('open', (t) => t.string({ resolve: () => 'x' })); }`));
    expect(await schemaError(ws.config([{ from: p }]))).toBe(
      "plugin unguarded: Query.open has no access rule; add one to the plugin's access",
    );
  });

  it('stops on an access rule for a field that does not exist, or that core already rules', async () => {
    const typo = ws.plugin('typo', base('typo', `access: { 'Query.opne': ${rule} }, schema: (b) => { b.queryField('open', (t) => t.string({ resolve: () => 'x' })); }`));
    expect(await schemaError(ws.config([{ from: typo }]))).toMatch(/^plugin typo: (Query\.open has no access rule|access rule "Query\.opne" names no field)/);
    const typoCovered = ws.plugin('typo2', base('typo2', `access: { 'Query.open': ${rule}, 'Query.opne': ${rule} }, schema: (b) => { b.queryField('open', (t) => t.string({ resolve: () => 'x' })); }`));
    expect(await schemaError(ws.config([{ from: typoCovered }]))).toBe('plugin typo2: access rule "Query.opne" names no field of the schema');
    const widen = ws.plugin('widen', base('widen', `access: { 'Query.accounts': ${rule} }`));
    expect(await schemaError(ws.config([{ from: widen }]))).toBe('plugin widen: access rule "Query.accounts" is already defined');
  });

  it('stops on a malformed access rule', async () => {
    const p = ws.plugin('malformed', base('malformed', `access: { 'Query.open': { summary: 'x', staff: { TOP: 'everything' }, serviceScope: 'Admin' } }`));
    expect(await schemaError(ws.config([{ from: p }]))).toBe(
      'plugin malformed: access rule "Query.open" needs staff.TOP as one of all, department, team, relationship, none; ' +
        'access rule "Query.open" needs staff.MIDDLE as one of all, department, team, relationship, none; ' +
        'access rule "Query.open" needs staff.FRONTLINE as one of all, department, team, relationship, none; ' +
        'access rule "Query.open" has serviceScope "Admin"; scopes look like "invoices:read"',
    );
  });

  it('names the plugin whose schema function throws', async () => {
    const p = ws.plugin('throws', base('throws', `schema: () => { throw new Error('boom'); }`));
    expect(await schemaError(ws.config([{ from: p }]))).toBe('plugin throws: schema: boom');
  });
});
