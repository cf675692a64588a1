import { describe, expect, it } from 'vitest';
import { testRow } from '../model/test-observation';
import { LEVELS, type Level, type ObservationRow, type ObservationType } from '../model/types';
import { buildTree, flattenTree, type TreeNode } from './build-tree';
import { buildSkeleton, idOf, nameOf, nodeOfId, PLACEHOLDER, stepFrom, type TraceSkeleton } from './skeleton';
import { ancestorIds, idsWithChildren, type ShownRows, searchSkeleton, shownRows } from './skeleton-view';

/** A seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

const allIds = (s: TraceSkeleton) => Array.from({ length: s.count }, (_, i) => idOf(s, i));

const TYPES: ObservationType[] = ['SPAN', 'GENERATION', 'TOOL', 'AGENT'];

/** Random rows in random order, with some missing parents and some unfinished observations. */
function randomRows(seed: number, n: number): ObservationRow[] {
  const rnd = random(seed);
  const rows: ObservationRow[] = [];
  for (let i = 0; i < n; i++) {
    const parent = i === 0 || rnd() < 0.05 ? null : rnd() < 0.05 ? `gone-${i % 3}` : `o${Math.floor(rnd() * i)}`;
    const type = TYPES[Math.floor(rnd() * TYPES.length)] as ObservationType;
    const start = Math.floor(rnd() * 1000);
    rows.push(
      testRow({
        id: `o${i}`,
        parentId: parent,
        name: `step-${i % 7}`,
        type,
        model: type === 'GENERATION' ? 'gpt-4o' : null,
        level: LEVELS[Math.floor(rnd() * 4)] as Level,
        startTime: 10_000 + start,
        endTime: rnd() < 0.1 ? null : 10_000 + start + Math.floor(rnd() * 100),
        usage: type === 'GENERATION' ? { input: 10, output: 5 } : {},
        cost: type === 'GENERATION' ? { total: 0.5 } : {},
      }),
    );
  }
  return rows.sort(() => rnd() - 0.5);
}

/** The reference: the object tree the views used before, walked naively. */
function subtreeTokens(node: TreeNode): number {
  const own = node.row?.type === 'GENERATION' ? 15 : 0;
  return node.children.reduce((sum, c) => sum + subtreeTokens(c), own);
}

describe('buildSkeleton', () => {
  // Random trees against the object tree: seconds when other tests share the cores, so not the default 5 s.
  it('holds the same tree, in the same order, as the object tree', { timeout: 60_000 }, () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rows = randomRows(seed, 300);
      const flat = flattenTree(buildTree(rows), new Set());
      const s = buildSkeleton(rows);
      expect(s.count).toBe(flat.length);
      flat.forEach((f, i) => {
        expect(idOf(s, i)).toBe(f.node.id);
        if (f.node.row) expect(nodeOfId(s, f.node.id)).toBe(i);
        expect(s.depth[i]).toBe(f.depth);
        expect((s.subtreeEnd[i] as number) > i + 1).toBe(f.hasChildren);
        expect(s.type[i] === PLACEHOLDER).toBe(f.node.row === null);
        if (f.node.row) expect(nameOf(s, i)).toBe(f.node.row.name);
        expect(s.tokens[i]).toBe(subtreeTokens(f.node));
        const parent = s.parent[i] as number;
        if (parent >= 0) expect(flat[parent]?.node.children).toContain(f.node);
      });
    }
  });

  it('orders siblings that start together by end, unfinished last, in the tree and in its lanes', () => {
    const rows = [
      testRow({ id: 'root', startTime: 0, endTime: 100 }),
      testRow({ id: 'a-open', parentId: 'root', startTime: 10, endTime: null }),
      testRow({ id: 'c-wrapper', parentId: 'root', startTime: 10, endTime: 90 }),
      testRow({ id: 'd-call', parentId: 'root', startTime: 10, endTime: 40 }),
    ];
    const s = buildSkeleton(rows);
    const expected = ['root', 'd-call', 'c-wrapper', 'a-open'];
    expect(allIds(s)).toEqual(expected);
    expect([...s.byLane].map((i) => idOf(s, i))).toEqual(expected);
    expect(allIds(buildSkeleton([...rows].reverse()))).toEqual(expected);
  });

  it('times are offsets from the earliest start; open observations end with the trace', () => {
    const rows = [
      testRow({ id: 'a', startTime: 1000, endTime: 1100, completionStartTime: 1050 }),
      testRow({ id: 'b', parentId: 'a', startTime: 1010, endTime: null }),
    ];
    const s = buildSkeleton(rows, 'a');
    expect(s.origin).toBe(1000);
    expect(s.span).toBe(100);
    expect([...s.start]).toEqual([0, 10]);
    expect([...s.end]).toEqual([100, 100]);
    expect([...s.open]).toEqual([0, 1]);
    expect(s.firstToken[0]).toBe(50);
    expect(s.defaultIndex).toBe(0);
    expect(stepFrom(s, 'a', 1)).toBe('b');
    expect(stepFrom(s, 'b', 1)).toBe('b');
    expect(stepFrom(s, 'a', -1)).toBe('a');
    expect(stepFrom(s, null, 1)).toBe('a');
    expect(nodeOfId(s, 'c')).toBe(-1);
  });

  it('keeps ids that are not ASCII, or hold a newline, as they were sent', () => {
    const odd = ['réponse-1', '工具', 'line\nbreak', 'plain'];
    const s = buildSkeleton(odd.map((id, i) => testRow({ id, parentId: i > 0 ? 'réponse-1' : null, startTime: i })));
    for (const id of odd) expect(idOf(s, nodeOfId(s, id))).toBe(id);
    expect(nodeOfId(s, 'réponse')).toBe(-1);
    expect(nodeOfId(s, 'line')).toBe(-1);
    expect(searchSkeleton(s, '工').map((i) => idOf(s, i))).toEqual(['工具']);
  });

  it('does not take a missing parent for the observation it stands for', () => {
    const s = buildSkeleton([testRow({ id: 'child', parentId: 'gone', startTime: 0 })]);
    expect(s.type[0]).toBe(PLACEHOLDER);
    expect(idOf(s, 0)).toBe('gone');
    expect(nodeOfId(s, 'gone')).toBe(-1);
    expect(nodeOfId(s, 'child')).toBe(1);
  });

  it('is empty for no rows', () => {
    const s = buildSkeleton([]);
    expect(s.count).toBe(0);
    expect(s.defaultIndex).toBe(-1);
    expect(shownRows(s, new Set(), 0).count).toBe(0);
  });
});

describe('skeleton views', () => {
  const rows = [
    testRow({ id: 'root', startTime: 0 }),
    testRow({ id: 'plan', parentId: 'root', startTime: 1, type: 'GENERATION', model: 'claude-sonnet' }),
    testRow({ id: 'tool', parentId: 'root', startTime: 2, type: 'TOOL', level: 'ERROR' }),
    testRow({ id: 'inner', parentId: 'tool', startTime: 3 }),
  ];
  const s = buildSkeleton(rows);
  const ids = (r: ShownRows) => Array.from({ length: r.count }, (_, i) => idOf(s, r.nodeAt(i)));
  const node = (id: string) => allIds(s).indexOf(id);

  it('folds collapsed subtrees', () => {
    expect(ids(shownRows(s, new Set(), 0))).toEqual(['root', 'plan', 'tool', 'inner']);
    expect(ids(shownRows(s, new Set(['tool']), 0))).toEqual(['root', 'plan', 'tool']);
    expect(ids(shownRows(s, new Set(['root']), 0))).toEqual(['root']);
  });

  it('says where each node shows, and which have children, folded, filtered or neither', () => {
    const all = shownRows(s, new Set(), 0);
    expect([0, 1, 2, 3].map((n) => all.positionOf(n))).toEqual([0, 1, 2, 3]);
    expect(all.positionOf(4)).toBe(-1);
    expect([0, 1, 2, 3].map((n) => all.hasChildren(n))).toEqual([true, false, true, false]);
    const folded = shownRows(s, new Set(['tool']), 0);
    expect(folded.positionOf(node('tool'))).toBe(2);
    expect(folded.positionOf(node('inner'))).toBe(-1);
    expect(folded.hasChildren(node('tool'))).toBe(true);
    const errors = shownRows(s, new Set(), LEVELS.indexOf('ERROR'));
    expect(errors.positionOf(node('tool'))).toBe(1);
    expect(errors.positionOf(node('plan'))).toBe(-1);
  });

  it('keeps observations at the level or worse with their ancestors', () => {
    const shown = shownRows(s, new Set(), LEVELS.indexOf('ERROR'));
    expect(ids(shown)).toEqual(['root', 'tool']);
    expect(shown.hasChildren(node('tool'))).toBe(false);
    expect(shown.hasChildren(0)).toBe(true);
  });

  it('searches names, models, types and id prefixes', () => {
    expect(searchSkeleton(s, 'SONNET').map((i) => idOf(s, i))).toEqual(['plan']);
    expect(searchSkeleton(s, 'tool').map((i) => idOf(s, i))).toEqual(['tool']);
    expect(searchSkeleton(s, 'inn').map((i) => idOf(s, i))).toEqual(['inner']);
    expect(searchSkeleton(s, '  ')).toEqual([]);
  });

  it('finds ancestors and parents', () => {
    expect(ancestorIds(s, node('inner'))).toEqual(['tool', 'root']);
    expect([...idsWithChildren(s)].sort()).toEqual(['root', 'tool']);
  });
});

describe('a call recorded twice', () => {
  const sdkScope = { name: 'com.anthropic.sdk.typescript', version: '1.15.0' };
  const usage = { input: 40, output: 10, total: 50 };
  const rows = [
    testRow({ id: 'root', startTime: 0, endTime: 100 }),
    testRow({ id: 'llm', parentId: 'root', type: 'GENERATION', startTime: 1, endTime: 50, usage }),
    testRow({
      id: 'sdk',
      parentId: 'llm',
      type: 'GENERATION',
      name: 'anthropic.messages.create',
      scope: sdkScope,
      startTime: 2,
      endTime: 49,
      usage,
      sameCallAs: 'llm',
    }),
    // The SDK's span under an application span, and one whose parent never arrived: each its own call.
    testRow({ id: 'app', parentId: 'root', startTime: 60, endTime: 90 }),
    testRow({
      id: 'alone',
      parentId: 'app',
      type: 'GENERATION',
      name: 'anthropic.messages.create',
      scope: sdkScope,
      startTime: 61,
      endTime: 70,
      usage,
    }),
    testRow({
      id: 'orphan',
      parentId: 'gone',
      type: 'GENERATION',
      name: 'anthropic.messages.create',
      scope: sdkScope,
      startTime: 71,
      endTime: 80,
      usage,
    }),
  ];

  it('sums the pair once in subtree totals and marks the SDK record under its generation only', () => {
    const s = buildSkeleton(rows);
    const at = (id: string) => nodeOfId(s, id);
    expect([s.tokens[at('root')], s.tokens[at('llm')], s.tokens[at('sdk')], s.tokens[at('app')]]).toEqual([
      100, 50, 0, 50,
    ]);
    expect(['llm', 'sdk', 'alone', 'orphan'].map((id) => s.sameCall[at(id)])).toEqual([0, 1, 0, 0]);
    // The other way round: the generation marked, the SDK record counting.
    const flipped = rows.map((r) =>
      r.id === 'sdk' ? { ...r, sameCallAs: undefined } : r.id === 'llm' ? { ...r, sameCallAs: 'sdk' } : r,
    );
    const f = buildSkeleton(flipped);
    expect([f.tokens[nodeOfId(f, 'llm')], f.sameCall[nodeOfId(f, 'sdk')]]).toEqual([50, 1]);
  });
});
