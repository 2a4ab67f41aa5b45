/**
 * The docs catalogue serves README.md and the Markdown files directly in
 * docs/, and nothing else: not other files, subfolders, links out of the
 * folder, or names that walk out of it.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryDocs } from '../../src/server/static-docs.js';

const root = mkdtempSync(join(tmpdir(), 'kam-docs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('repositoryDocs', () => {
  it('lists README.md first, then the Markdown files of docs/, and reads them', async () => {
    write('README.md', '# Readme');
    write('secret.md', 'outside docs/');
    write('package.json', '{}');
    write('docs/b.md', '# B');
    write('docs/a.md', '# A');
    write('docs/notes.txt', 'not Markdown');
    write('docs/sub/c.md', 'in a subfolder');
    symlinkSync(join(root, 'secret.md'), join(root, 'docs', 'linked.md'));

    const docs = repositoryDocs(root);
    expect(docs.names).toEqual(['README.md', 'a.md', 'b.md']);
    expect(await docs.read('README.md')).toBe('# Readme');
    expect(await docs.read('a.md')).toBe('# A');
    for (const name of ['notes.txt', 'sub/c.md', 'c.md', 'linked.md', 'secret.md', '../secret.md', '../package.json', 'package.json', '', '.', '..']) {
      expect({ name, text: await docs.read(name) }).toEqual({ name, text: undefined });
    }
  });

  it('serves nothing when the files are absent', async () => {
    const empty = mkdtempSync(join(root, 'empty-'));
    const docs = repositoryDocs(empty);
    expect(docs.names).toEqual([]);
    expect(await docs.read('README.md')).toBeUndefined();
  });
});
