import { compareRows, type TreeRow } from './build-tree';

/**
 * The tree of `buildTree` in depth-first order, as indices instead of objects: what the skeleton is built from. The
 * rules are buildTree's (sorting, placeholders for missing parents, declared roots, cycles cut at their earliest node)
 * and `skeleton.test.ts` holds the two to the same order; this one makes no node, child list or row object, which at
 * 1M observations is most of what building the tree cost.
 */
export interface TreeOrder<R extends TreeRow> {
  /** Nodes in tree order: a row's index, or `rows.length + k` for placeholder k. */
  order: Int32Array;
  depth: Int32Array;
  /** The parent id each placeholder stands for. */
  placeholders: string[];
  /** The rows the indices refer to: `rows` itself, or, where an id came twice, its last row (as buildTree keeps). */
  rows: readonly R[];
}

export function treeOrder<R extends TreeRow>(input: readonly R[]): TreeOrder<R> {
  let rows = input;
  const index = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) index.set((rows[i] as TreeRow).id, i);
  if (index.size < rows.length) {
    // An id given twice: its last row, in the place of its first. The index then points into the kept rows.
    const kept: R[] = new Array(index.size);
    let k = 0;
    for (const [id, i] of index) {
      kept[k] = input[i] as R;
      index.set(id, k++);
    }
    rows = kept;
  }
  const n = rows.length;
  const placeholders: string[] = [];
  const placeholderOf = new Map<string, number>();
  // Parent of each node, -1 for a root; placeholders (indices n and up) are roots.
  const parent: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const { parentId, isRoot } = rows[i] as TreeRow;
    let p = -1;
    if (parentId !== null) {
      const found = index.get(parentId);
      if (found !== undefined) p = found;
      else if (!isRoot) {
        p = placeholderOf.get(parentId) ?? -1;
        if (p < 0) {
          p = n + placeholders.length;
          placeholderOf.set(parentId, p);
          placeholders.push(parentId);
        }
      }
    }
    parent[i] = p;
  }
  const total = n + placeholders.length;
  for (let k = n; k < total; k++) parent[k] = -1;

  const compareNodes = (a: number, b: number): number => compareRows(rows[a] as TreeRow, rows[b] as TreeRow);

  // Children in one flat array (compressed rows): node p's are childAt[childFrom[p]] up to childFrom[p + 1].
  const childFrom = new Int32Array(total + 1);
  for (let i = 0; i < n; i++) {
    const p = parent[i] as number;
    if (p >= 0) childFrom[p + 1] = (childFrom[p + 1] as number) + 1;
  }
  for (let p = 0; p < total; p++) childFrom[p + 1] = (childFrom[p + 1] as number) + (childFrom[p] as number);
  const childAt = new Int32Array(childFrom[total] as number);
  const fill = childFrom.slice(0, total);
  for (let i = 0; i < n; i++) {
    const p = parent[i] as number;
    if (p < 0) continue;
    const at = fill[p] as number;
    childAt[at] = i;
    fill[p] = at + 1;
  }

  // Cycles: nodes no root reaches. Each is cut at its earliest node, taken in order, as buildTree does.
  const reached = new Uint8Array(total);
  const stack: number[] = [];
  const markReachable = (start: number) => {
    stack.push(start);
    while (stack.length > 0) {
      const node = stack.pop() as number;
      if (reached[node]) continue;
      reached[node] = 1;
      for (let c = childFrom[node] as number; c < (childFrom[node + 1] as number); c++) {
        const child = childAt[c] as number;
        // A child cut from this node is a root now.
        if (parent[child] === node) stack.push(child);
      }
    }
  };
  for (let k = 0; k < total; k++) if (parent[k] === -1) markReachable(k);
  const unreached: number[] = [];
  for (let i = 0; i < n; i++) if (!reached[i]) unreached.push(i);
  if (unreached.length > 0) {
    unreached.sort(compareNodes);
    const onPath = new Int32Array(n).fill(-1);
    for (const start of unreached) {
      if (reached[start]) continue;
      let node = start;
      while (onPath[node] !== start) {
        onPath[node] = start;
        node = parent[node] as number;
      }
      let cut = node;
      for (let m = parent[node] as number; m !== node; m = parent[m] as number) if (compareNodes(m, cut) < 0) cut = m;
      parent[cut] = -1;
      markReachable(cut);
    }
  }

  // Sort each node's children; a placeholder sorts where its earliest child does.
  const sortRange = (from: number, to: number) => {
    if (to - from < 2) return;
    const list = Array.from(childAt.subarray(from, to)).filter((c) => (parent[c] as number) >= 0);
    list.sort(compareNodes);
    childAt.set(list, from);
    // Cut children (now roots) were dropped: the range ends earlier, marked by -1.
    if (list.length < to - from) childAt.fill(-1, from + list.length, to);
  };
  for (let p = 0; p < total; p++) sortRange(childFrom[p] as number, childFrom[p + 1] as number);
  const keyOf = (node: number) => (node < n ? node : (childAt[childFrom[node] as number] as number));
  const roots: number[] = [];
  for (let k = 0; k < total; k++) if (parent[k] === -1) roots.push(k);
  roots.sort((a, b) => compareNodes(keyOf(a), keyOf(b)));

  const order = new Int32Array(total);
  const depth = new Int32Array(total);
  const depthStack: number[] = [];
  for (let r = roots.length - 1; r >= 0; r--) {
    stack.push(roots[r] as number);
    depthStack.push(0);
  }
  let at = 0;
  while (stack.length > 0) {
    const node = stack.pop() as number;
    const d = depthStack.pop() as number;
    order[at] = node;
    depth[at++] = d;
    for (let c = (childFrom[node + 1] as number) - 1; c >= (childFrom[node] as number); c--) {
      const child = childAt[c] as number;
      if (child >= 0 && parent[child] === node) {
        stack.push(child);
        depthStack.push(d + 1);
      }
    }
  }
  return { order, depth, placeholders, rows };
}
