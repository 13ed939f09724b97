// The keys of @pothos/selection-mapper as patched here (patches/@pothos+selection-mapper+0.1.0.patch):
// interned strings instead of a WeakMap per response-path link. The patch must keep the keys the
// plugin records mappings under: string keys joined by '.', list indices dropped, the type before
// '@'; and the interning tables are bounded, so keys stay right after a table starts over.
import { cacheKey } from '@pothos/selection-mapper';
import { describe, expect, it } from 'vitest';

type Path = { prev: Path | undefined; key: string | number; typename: string | undefined };
const pathOf = (...keys: (string | number)[]): Path | undefined =>
  keys.reduce<Path | undefined>((prev, key) => ({ prev, key, typename: undefined }), undefined);

describe('selection mapper keys (patched)', () => {
  it('joins the string keys of a response path with dots and drops list indices', () => {
    expect(cacheKey('AgentVersion', pathOf('agents', 'edges', 7, 'node', 'versions') as never)).toBe(
      'AgentVersion@agents.edges.node.versions',
    );
    expect(cacheKey('Agent', pathOf('agents', 'edges', 0, 'node') as never)).toBe('Agent@agents.edges.node');
  });

  it('gives every row of a list the same key', () => {
    const keys = new Set(
      [0, 1, 2].map((row) => cacheKey('AgentVersion', pathOf('agents', 'edges', row, 'node') as never)),
    );
    expect([...keys]).toEqual(['AgentVersion@agents.edges.node']);
  });

  it('keeps the keys right after the interning tables start over (more distinct paths than they hold)', () => {
    for (let i = 0; i < 60_000; i++) {
      expect(cacheKey(`T${i % 7}`, pathOf(`alias${i}`, 'edges', i, 'node') as never)).toBe(
        `T${i % 7}@alias${i}.edges.node`,
      );
    }
    expect(cacheKey('Agent', pathOf('agents', 3, 'node') as never)).toBe('Agent@agents.node');
  });
});
