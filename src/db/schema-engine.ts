/**
 * Prisma's schema engine (migrations, diffs), run from its WebAssembly build.
 *
 * The native schema-engine binary cannot be installed everywhere this project
 * runs (it is downloaded at install time), while @prisma/schema-engine-wasm is
 * an ordinary npm package. Its wasm-bindgen "bundler" build expects a bundler
 * to link the .wasm file, so we instantiate it ourselves, once per process,
 * and hand it our driver adapters for database access.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { providerOf, sqliteFilePath } from './provider.js';
import { logger } from '../log.js';

export type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

let bindings: Promise<Bindings> | undefined;

async function loadBindings(): Promise<Bindings> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue: Bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const compiled = new WebAssembly.Module(readFileSync(gluePath.replace(/\.js$/, '.wasm')));
  const instance = new WebAssembly.Instance(compiled, {
    './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
  });
  // The glue reports Rust panics here; without it a panic becomes a TypeError.
  const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  registry.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      logger.error(`schema engine panicked: ${message}`);
    },
  };
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  return glue;
}

export interface SchemaEngineOptions {
  /** How long the engine waits for a PostgreSQL connection to open. */
  connectTimeoutMs?: number;
}

/**
 * The migration-aware adapter factory the engine talks to the database with,
 * keeping every connection it opens so they can be closed once the command is
 * done. Only for the engine: the application connects in database.ts.
 */
function engineAdapter(
  url: string | null,
  opened: SqlDriverAdapter[],
  options: SchemaEngineOptions,
): SqlMigrationAwareDriverAdapterFactory {
  const keep = async (adapter: Promise<SqlDriverAdapter>) => {
    opened.push(await adapter);
    return opened[opened.length - 1]!;
  };
  if (url === null || providerOf(url) === 'sqlite') {
    // With no URL: the engine insists on a working connection at start-up (it
    // queries the server version), but a diff between two datamodels uses the
    // connector of the datamodels' provider, so an in-memory SQLite will do.
    let file = ':memory:';
    if (url !== null) {
      file = sqliteFilePath(url);
      mkdirSync(dirname(file), { recursive: true });
    }
    const factory = new PrismaBetterSqlite3({ url: file, timeout: 10_000 });
    return {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => keep(factory.connect()),
      connectToShadowDb: () => keep(factory.connectToShadowDb()),
    };
  }
  const factory = new PrismaPg({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => keep(factory.connect()),
    // Never let the engine open a PostgreSQL shadow database: adapter-pg
    // builds it from the connection string, which overrides the shadow
    // database's name, so the "shadow" migrations would land in this database.
    connectToShadowDb: () =>
      Promise.reject(new Error('No PostgreSQL shadow database here: diff PostgreSQL schemas from datamodels')),
  };
}

// One engine command at a time per process: the wasm instance is shared.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` with a schema engine for the database at `url`, then frees the
 * engine and closes its connections. `null` gives an engine with no database
 * of ours, enough for diffs between datamodels (of either provider).
 */
export function withSchemaEngine<T>(
  url: string | null,
  fn: (engine: SchemaEngine) => Promise<T>,
  options: SchemaEngineOptions = {},
): Promise<T> {
  const run = async (): Promise<T> => {
    bindings ??= loadBindings();
    const { SchemaEngine } = await bindings;
    const opened: SqlDriverAdapter[] = [];
    const adapter = bindMigrationAwareSqlAdapterFactory(engineAdapter(url, opened, options));
    const logs: string[] = [];
    try {
      const engine = await SchemaEngine.new({ datamodels: undefined }, (line: string) => logs.push(line), adapter);
      try {
        return await fn(engine);
      } finally {
        engine.free();
      }
    } catch (error) {
      throw explain(error, adapter.errorRegistry, logs);
    } finally {
      await Promise.allSettled(opened.map((connection) => connection.dispose()));
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/**
 * The engine reports a driver failure as "External error id#N"; put the
 * driver's own error into the message and the cause, and the engine's
 * warnings into the message.
 */
function explain(error: unknown, registry: ErrorRegistry, logs: string[]): unknown {
  if (!(error instanceof Error)) return error;
  for (const [, id] of error.message.matchAll(/External error id#(\d+)/g)) {
    const cause = registry.consumeError(Number(id))?.error;
    if (!cause) continue;
    error.message += `\nExternal error id#${id}: ${cause instanceof Error ? cause.message : String(cause)}`;
    // Kept whole as well, so callers can tell causes apart by the driver's error code.
    error.cause ??= cause;
  }
  const warnings = logs.filter((line) => !/"level":"(INFO|DEBUG|TRACE)"/.test(line));
  if (warnings.length > 0) error.message += `\nSchema engine log:\n${warnings.join('').trim()}`;
  return error;
}

/** The schema filter the engine expects when nothing is managed outside Prisma. */
export const noExternalEntities = { externalTables: [], externalEnums: [] };
