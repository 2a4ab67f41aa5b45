/**
 * Writes throw-away plugins (real module files, as a partner would ship
 * them) into a scratch folder inside the project, so bare imports resolve.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KamConfig } from '../../src/plugins/plugin-config.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const contract = fileURLToPath(new URL('../../src/plugins/contract.ts', import.meta.url));

export interface PluginWorkspace {
  dir: string;
  /** Writes `<dir>/<folder>/index.ts` exporting `definePlugin({ ...body })`. */
  plugin(folder: string, body: string, extra?: { prisma?: Record<string, string>; prelude?: string }): string;
  config(plugins: { from: string; enabled?: boolean; options?: Record<string, unknown> }[]): Pick<KamConfig, 'plugins'>;
  remove(): void;
}

export function pluginWorkspace(): PluginWorkspace {
  mkdirSync(join(here, '.work'), { recursive: true });
  const dir = mkdtempSync(join(here, '.work', 'ws-'));
  return {
    dir,
    plugin(folder, body, extra = {}) {
      const root = join(dir, folder);
      mkdirSync(root, { recursive: true });
      writeFileSync(
        join(root, 'index.ts'),
        `import { definePlugin } from ${JSON.stringify(contract)};\nimport { z } from 'zod';\n${extra.prelude ?? ''}\nvoid z;\nexport default definePlugin({ ${body} });\n`,
      );
      for (const [file, text] of Object.entries(extra.prisma ?? {})) {
        mkdirSync(join(root, 'prisma'), { recursive: true });
        writeFileSync(join(root, 'prisma', file), text);
      }
      return `./${folder}`;
    },
    config(plugins) {
      return { plugins: plugins.map((p) => ({ from: p.from, enabled: p.enabled ?? true, options: p.options ?? {}, baseDir: dir })) };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
