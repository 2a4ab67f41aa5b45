/** Plugin models are composed with core's; back-relations go where Prisma needs them. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeSchema } from '../../src/db/schema-composition.js';
import { pluginWorkspace } from './plugin-fixtures.js';

const ws = pluginWorkspace();
afterAll(() => ws.remove());

function configWith(plugins: { from: string; enabled?: boolean }[]): string {
  const path = join(ws.dir, `kam-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ plugins }));
  return path;
}

const noteModel = `model VisitNote {
  id        String  @id
  accountId String
  account   Account @relation(fields: [accountId], references: [id])
}

extend model Account {
  visitNotes VisitNote[]
}
`;

describe('composing plugin models', () => {
  it('adds installed plugins’ models, enabled or not, and their back-relations on core models', () => {
    const on = ws.plugin('notes', `name: 'notes', version: '1.0.0', core: '^1.0.0'`, { prisma: { 'note.prisma': noteModel } });
    for (const enabled of [true, false]) {
      const schema = composeSchema('postgresql', configWith([{ from: on, enabled }]));
      expect(schema).toContain('model VisitNote {');
      const account = schema.slice(schema.indexOf('model Account {'), schema.indexOf('\n}', schema.indexOf('model Account {')));
      // Named by the plugin, never by its path: the composed schema is the same on every machine.
      expect(account).toContain('visitNotes VisitNote[] // from notes');
      expect(schema).not.toContain(ws.dir);
      expect(schema).not.toContain('extend model');
    }
  });

  it('rejects extending a model that does not exist, a field that exists, and a model name that is taken', () => {
    const ghost = ws.plugin('ghost-ext', `name: 'ghost-ext', version: '1.0.0', core: '^1.0.0'`, {
      prisma: { 'x.prisma': 'extend model Customer {\n  notes String\n}\n' },
    });
    expect(() => composeSchema('sqlite', configWith([{ from: ghost }]))).toThrow('plugin ghost_ext: extend model Customer: no such model');
    const taken = ws.plugin('taken-field', `name: 'taken-field', version: '1.0.0', core: '^1.0.0'`, {
      prisma: { 'x.prisma': 'extend model Account {\n  name String\n}\n' },
    });
    expect(() => composeSchema('sqlite', configWith([{ from: taken }]))).toThrow('plugin taken_field: extend model Account: field name already exists');
    const clash = ws.plugin('model-clash', `name: 'model-clash', version: '1.0.0', core: '^1.0.0'`, {
      prisma: { 'x.prisma': 'model Person {\n  id String @id\n}\n' },
    });
    expect(() => composeSchema('sqlite', configWith([{ from: clash }]))).toThrow('plugin model_clash: Person is already defined by core');
  });
});
