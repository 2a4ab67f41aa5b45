import type { GraphQLSchema } from 'graphql';
import { readKamConfig } from '../plugins/plugin-config.js';
import { loadPlugins } from '../plugins/plugin-loader.js';
import { CORE_VERSION } from '../version.js';
import { buildSchema } from './core-schema.js';

/** The schema with the plugins of the project's configuration (kam.config.json or KAM_CONFIG). */
export async function buildConfiguredSchema(configPath?: string): Promise<GraphQLSchema> {
  return buildSchema(await loadPlugins(readKamConfig(configPath), CORE_VERSION));
}
