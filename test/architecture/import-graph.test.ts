import { describe, expect, it } from 'vitest';
import { cyclesOf, importGraph } from './import-graph.js';

describe('the import graph of src/', () => {
  it('has no cycle, type-only imports included, so every module can be read and tested from its leaves up', () => {
    expect(cyclesOf(importGraph('src'))).toEqual([]);
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
