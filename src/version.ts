import { readFileSync } from 'node:fs';

/** The core version plugins declare compatibility with (their `core` semver range). */
export const CORE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
