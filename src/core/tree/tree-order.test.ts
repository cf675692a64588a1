import { describe, expect, it } from 'vitest';
import { testRow } from '../model/test-observation';
import type { ObservationRow } from '../model/types';
import { buildTree, flattenTree } from './build-tree';
import { treeOrder } from './tree-order';

/** A seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/**
 * Rows with everything buildTree has a rule for: missing parents (several children under one placeholder), declared
 * roots with a parent elsewhere, parent links that form cycles (self-links included), an id delivered twice, and
 * siblings that start and end together.
 */
function awkwardRows(seed: number, n: number): ObservationRow[] {
  const rnd = random(seed);
  const rows: ObservationRow[] = [];
  for (let i = 0; i < n; i++) {
    const pick = rnd();
    const parentId =
      pick < 0.05 ? null : pick < 0.12 ? `gone-${i % 4}` : pick < 0.16 ? `o${i}` : `o${Math.floor(rnd() * n)}`;
    const start = Math.floor(rnd() * 20);
    rows.push(
      testRow({
        id: `o${i}`,
        parentId,
        isRoot: parentId === null || rnd() < 0.05,
        startTime: start,
        endTime: rnd() < 0.2 ? null : start + Math.floor(rnd() * 5),
      }),
    );
    if (rnd() < 0.03) rows.push(testRow({ id: `o${Math.floor(rnd() * (i + 1))}`, parentId: null, startTime: start }));
  }
  return rows.sort(() => rnd() - 0.5);
}

describe('treeOrder', () => {
  it('orders nodes as the object tree does, placeholders, declared roots and cycles included', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rows = awkwardRows(seed, 5 + seed * 3);
      const flat = flattenTree(buildTree(rows), new Set());
      const t = treeOrder(rows);
      const idOf = (node: number) => t.rows[node]?.id ?? t.placeholders[node - t.rows.length];
      expect(Array.from(t.order, idOf), `seed ${seed}`).toEqual(flat.map((f) => f.node.id));
      expect(Array.from(t.depth), `seed ${seed}`).toEqual(flat.map((f) => f.depth));
      expect(
        Array.from(t.order, (node) => node >= t.rows.length),
        `seed ${seed}`,
      ).toEqual(flat.map((f) => f.node.row === null));
    }
  });
});
