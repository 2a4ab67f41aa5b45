/**
 * The repository's documentation, served read-only: README.md and the
 * Markdown files of docs/. A requested name is looked up among the files
 * listed when the server starts, never joined onto a path, so a request
 * cannot reach any other file.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../project-root.js';

export interface DocsCatalogue {
  /** The names served, README.md first. */
  names: readonly string[];
  /** A document's text; undefined when no document of that name is served. */
  read(name: string): Promise<string | undefined>;
}

/** Markdown file names in a folder; none when the folder is absent (an image built without docs). */
function markdownFiles(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export function repositoryDocs(root: string = projectRoot): DocsCatalogue {
  const files = new Map<string, string>();
  if (markdownFiles(root).includes('README.md')) files.set('README.md', join(root, 'README.md'));
  const docs = join(root, 'docs');
  for (const name of markdownFiles(docs)) if (!files.has(name)) files.set(name, join(docs, name));
  return {
    names: [...files.keys()],
    async read(name) {
      const file = files.get(name);
      if (file === undefined) return undefined;
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        // Removed since start-up.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
