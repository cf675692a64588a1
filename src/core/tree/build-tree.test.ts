import { describe, expect, it } from 'vitest';
import { mapSpan } from '../conventions/map-span';
import { testSpan } from '../conventions/test-span';
import { type ObservationRow, splitObservation } from '../model/types';
import { buildTree, flattenTree, type TreeNode } from './build-tree';

const template = splitObservation(mapSpan(testSpan({}))).row;

function row(
  id: string,
  parentId: string | null,
  startTime: number,
  isRoot = parentId === null,
  endTime: number | null = startTime + 10,
): ObservationRow {
  return { ...template, id, parentId, startTime, endTime, isRoot };
}

/** A readable shape: `id(child,child(grandchild))`, placeholders marked with `?`. */
function shape(nodes: TreeNode[]): string {
  const out: string[] = [];
  const stack: (TreeNode | string)[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    stack.push(nodes[i] as TreeNode);
    if (i > 0) stack.push(',');
  }
  while (stack.length > 0) {
    const item = stack.pop() as TreeNode | string;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    out.push(item.row ? item.id : `?${item.id}`);
    if (item.children.length === 0) continue;
    out.push('(');
    stack.push(')');
    for (let i = item.children.length - 1; i >= 0; i--) {
      stack.push(item.children[i] as TreeNode);
      if (i > 0) stack.push(',');
    }
  }
  return out.join('');
}

/** Deliberately naive reference: sort everything first (start, end with unfinished last, id), then append in order. */
function naiveTree(rows: ObservationRow[]): TreeNode[] {
  const end = (r: ObservationRow) => (r.endTime === null ? Number.MAX_VALUE : r.endTime);
  const sorted = [...rows].sort(
    (a, b) => a.startTime - b.startTime || end(a) - end(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const nodes = new Map(sorted.map((r) => [r.id, { id: r.id, row: r, children: [] as TreeNode[] }]));
  const placeholders = new Map<string, TreeNode>();
  const roots: TreeNode[] = [];
  for (const r of sorted) {
    const node = nodes.get(r.id) as TreeNode;
    const parent = r.parentId === null ? undefined : nodes.get(r.parentId);
    if (parent) parent.children.push(node);
    else if (r.parentId === null || r.isRoot) roots.push(node);
    else {
      let p = placeholders.get(r.parentId);
      if (!p) {
        p = { id: r.parentId, row: null, children: [] };
        placeholders.set(r.parentId, p);
        roots.push(p);
      }
      p.children.push(node);
    }
  }
  return roots;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random acyclic rows: parents always have a lower index; some parents are missing. Starts and ends come from
 * small ranges so that equal starts, and equal starts with equal ends, are common; some rows are unfinished.
 */
function randomRows(random: () => number): ObservationRow[] {
  const n = 1 + Math.floor(random() * 60);
  const rows: ObservationRow[] = [];
  for (let i = 0; i < n; i++) {
    const r = random();
    const parentId =
      i === 0 || r < 0.1 ? null : r < 0.2 ? `missing${Math.floor(random() * 3)}` : `n${Math.floor(random() * i)}`;
    const start = Math.floor(random() * 20);
    const isRoot = parentId === null || (r < 0.2 && random() < 0.2);
    const end = random() < 0.1 ? null : start + Math.floor(random() * 4);
    rows.push(row(`n${i}`, parentId, start, isRoot, end));
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j] as ObservationRow, rows[i] as ObservationRow];
  }
  return rows;
}

describe('buildTree', () => {
  it('nests children under parents, sorted by start time then id', () => {
    const rows = [row('c2', 'r', 5), row('r', null, 0), row('c1b', 'r', 3), row('c1a', 'r', 3), row('g', 'c2', 6)];
    expect(shape(buildTree(rows))).toBe('r(c1a,c1b,c2(g))');
  });

  it('orders siblings that start together by end, unfinished last, then by id', () => {
    const rows = [
      row('r', null, 0),
      row('a-open', 'r', 5, false, null),
      row('b-long', 'r', 5, false, 90),
      row('d-short', 'r', 5, false, 20),
      row('c-short', 'r', 5, false, 20),
      row('z-first', 'r', 1, false, 99),
    ];
    expect(shape(buildTree(rows))).toBe('r(z-first,c-short,d-short,b-long,a-open)');
  });

  it('places a placeholder by its earliest child, end included', () => {
    const rows = [row('x', 'gone', 3, false, 9), row('y', 'other', 3, false, 4), row('z', 'gone', 3, false, 8)];
    expect(shape(buildTree(rows))).toBe('?other(y),?gone(z,x)');
  });

  it('groups orphans under a placeholder named after the missing parent', () => {
    const rows = [row('a', 'gone', 5), row('root', null, 1), row('b', 'gone', 2), row('c', 'other', 9)];
    expect(shape(buildTree(rows))).toBe('root,?gone(b,a),?other(c)');
  });

  it('shows a declared root whose parent is elsewhere as a plain root', () => {
    expect(shape(buildTree([row('x', 'remote-parent', 0, true)]))).toBe('x');
  });

  it('matches the naive sort-first reference on random input', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rows = randomRows(rng(seed));
      expect(shape(buildTree(rows)), `seed ${seed}`).toBe(shape(naiveTree(rows)));
    }
  });

  it('breaks cycles without losing nodes, at the same place whatever the input order', () => {
    const rows = [row('a', 'c', 2), row('b', 'a', 3), row('c', 'b', 1), row('d', 'b', 4), row('self', 'self', 0)];
    const expected = 'self,c(a(b(d)))';
    expect(shape(buildTree(rows))).toBe(expected);
    expect(shape(buildTree([...rows].reverse()))).toBe(expected);
    expect(flattenTree(buildTree(rows), new Set())).toHaveLength(rows.length);
  });

  // 300k rows built into trees and flattened: seconds on an idle machine, many more when tests share the cores.
  it('handles 100k siblings and a 100k-deep chain without recursion', { timeout: 60_000 }, () => {
    const siblings = [row('root', null, 0)];
    for (let i = 0; i < 100_000; i++) siblings.push(row(`s${i}`, 'root', 100_000 - i));
    const wide = buildTree(siblings);
    expect(wide[0]?.children).toHaveLength(100_000);
    expect(wide[0]?.children[0]?.id).toBe('s99999');

    const chain = [row('c0', null, 0)];
    for (let i = 1; i < 100_000; i++) chain.push(row(`c${i}`, `c${i - 1}`, i));
    chain.reverse();
    const flat = flattenTree(buildTree(chain), new Set());
    expect(flat).toHaveLength(100_000);
    expect(flat[99_999]).toMatchObject({ depth: 99_999, hasChildren: false });

    const ring = chain.map((r) => (r.id === 'c0' ? { ...r, parentId: 'c99999', isRoot: false } : r));
    expect(flattenTree(buildTree(ring), new Set())).toHaveLength(100_000);
  });
});

describe('flattenTree', () => {
  it('lists nodes depth-first with depth, and skips children of collapsed nodes', () => {
    const roots = buildTree([
      row('r', null, 0),
      row('a', 'r', 1),
      row('a1', 'a', 2),
      row('b', 'r', 3),
      row('o', 'gone', 4),
    ]);
    const all = flattenTree(roots, new Set()).map((f) => `${f.node.id}:${f.depth}:${f.hasChildren ? '+' : '-'}`);
    expect(all).toEqual(['r:0:+', 'a:1:+', 'a1:2:-', 'b:1:-', 'gone:0:+', 'o:1:-']);
    const collapsed = flattenTree(roots, new Set(['a', 'gone'])).map((f) => f.node.id);
    expect(collapsed).toEqual(['r', 'a', 'b', 'gone']);
  });
});
