import { testRow } from '@core/model/test-observation';
import type { ObservationRow } from '@core/model/types';
import { buildTree } from '@core/tree/build-tree';
import { describe, expect, it } from 'vitest';
import { ancestorsOf, parentIndex, pruneByLevel, rollupTree, searchTree } from './tree-ops';

function row(id: string, parentId: string | null, over: Partial<ObservationRow> = {}): ObservationRow {
  const start = id.charCodeAt(0);
  return testRow({ id, parentId, startTime: start, endTime: start + 1, ...over });
}

const rows = [
  row('a', null, { type: 'AGENT', usage: { input: 999, total: 999 } }),
  row('b', 'a', {
    type: 'GENERATION',
    model: 'gpt-4o',
    usage: { input: 10, output: 5, total: 15 },
    cost: { total: 0.5 },
  }),
  row('c', 'a'),
  row('d', 'c', {
    type: 'GENERATION',
    usage: { input: 1, output: 2, total: 3 },
    cost: { total: 0.25 },
    level: 'ERROR',
  }),
  row('e', 'a', { level: 'WARNING', name: 'retry-step' }),
];
const roots = buildTree(rows);

describe('rollupTree', () => {
  it('sums model calls only, so a wrapper repeating its children does not double them', () => {
    const r = rollupTree(roots);
    expect(r.get('a')).toEqual({ tokens: 18, inputTokens: 11, outputTokens: 7, cost: 0.75, count: 5 });
    expect(r.get('c')).toEqual({ tokens: 3, inputTokens: 1, outputTokens: 2, cost: 0.25, count: 2 });
  });
});

describe('pruneByLevel', () => {
  const ids = (nodes: ReturnType<typeof pruneByLevel>): string[] => nodes.flatMap((n) => [n.id, ...ids(n.children)]);
  it('keeps matching observations and their ancestors', () => {
    expect(ids(pruneByLevel(roots, 'WARNING'))).toEqual(['a', 'c', 'd', 'e']);
    expect(ids(pruneByLevel(roots, 'ERROR'))).toEqual(['a', 'c', 'd']);
  });
  it('returns the tree itself with no level set', () => {
    expect(pruneByLevel(roots, 'DEBUG')).toBe(roots);
  });
});

describe('searchTree and ancestors', () => {
  it('finds by name, model and type in tree order, and lists ancestors nearest first', () => {
    expect(searchTree(roots, 'retry')).toEqual(['e']);
    expect(searchTree(roots, 'gpt')).toEqual(['b']);
    expect(searchTree(roots, 'generation')).toEqual(['b', 'd']);
    expect(searchTree(roots, '  ')).toEqual([]);
    expect(ancestorsOf('d', parentIndex(roots))).toEqual(['c', 'a']);
  });
});
