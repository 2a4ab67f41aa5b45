/**
 * Where the printed artefacts of a configuration live: the schema SDL and
 * the access table. The repository's own configuration keeps them in the
 * repository (schema.graphql, docs/access-rules.md, checked in); any other
 * configuration (KAM_CONFIG, a deployment's file) keeps them next to itself,
 * so installing a plugin changes no file of the host.
 */
import { dirname, join, resolve } from 'node:path';
import { projectRoot } from '../project-root.js';
import { defaultConfigPath } from './plugin-config.js';

export interface PrintedArtefacts {
  /** The printed SDL of core and the configured plugins. */
  schema: string;
  /** The table of access rules, printed from the rules. */
  accessRules: string;
}

export function printedArtefacts(configPath: string = defaultConfigPath()): PrintedArtefacts {
  if (resolve(configPath) === join(projectRoot, 'kam.config.json')) {
    return { schema: join(projectRoot, 'schema.graphql'), accessRules: join(projectRoot, 'docs', 'access-rules.md') };
  }
  const dir = dirname(resolve(configPath));
  return { schema: join(dir, 'schema.graphql'), accessRules: join(dir, 'access-rules.md') };
}
