import type { ObservationRow } from '../model/types';

/**
 * The observation tree of one trace, built from rows in any order. Everything is iterative:
 * a trace can hold 100k observations, or a 100k-deep chain, and recursion would overflow the stack.
 *
 * - Children and roots are sorted by start time, then end time (earlier end first, unfinished last), then id:
 *   siblings started in the same millisecond (parallel tool calls, a batch) read in the order they finished.
 * - A child whose parent never arrived sits under a placeholder node (row null, id = the missing
 *   parent id), so it stays visible instead of being dropped.
 * - Parent links that form a cycle (corrupt or malicious data) are broken at the cycle's earliest
 *   node, which becomes a root; no node is lost and nothing loops.
 */

/** What the tree needs of a row: the skeleton builds it from fewer fields than a stored row has. */
export type TreeRow = Pick<ObservationRow, 'id' | 'parentId' | 'isRoot' | 'startTime' | 'endTime'>;

export interface TreeNode<R extends TreeRow = ObservationRow> {
  id: string;
  /** null = placeholder for a parent that has not arrived. */
  row: R | null;
  children: TreeNode<R>[];
}

export interface FlatRow<R extends TreeRow = ObservationRow> {
  node: TreeNode<R>;
  depth: number;
  hasChildren: boolean;
}

/** A placeholder sorts where its earliest child does. Children are sorted before roots are. */
function keyRow<R extends TreeRow>(node: TreeNode<R>): R | null {
  let n: TreeNode<R> | undefined = node;
  while (n && n.row === null) n = n.children[0];
  return n ? n.row : null;
}

/** An unfinished observation is still running: it ends after every finished one that started with it. */
const endOf = (row: TreeRow): number => row.endTime ?? Number.POSITIVE_INFINITY;

/** Start time, then end time, then id: the order of siblings and of roots. */
export function compareRows(a: TreeRow, b: TreeRow): number {
  if (a.startTime !== b.startTime) return a.startTime - b.startTime;
  if (endOf(a) !== endOf(b)) return endOf(a) < endOf(b) ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compareNodes<R extends TreeRow>(a: TreeNode<R>, b: TreeNode<R>): number {
  const ra = keyRow(a);
  const rb = keyRow(b);
  if (ra && rb) return compareRows(ra, rb);
  return ra ? -1 : rb ? 1 : 0;
}

/** Marks every node reachable from `start` (inclusive). */
function markReachable<R extends TreeRow>(start: TreeNode<R>, reached: Set<TreeNode<R>>): void {
  const stack: TreeNode<R>[] = [start];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode<R>;
    if (reached.has(node)) continue;
    reached.add(node);
    for (const child of node.children) stack.push(child);
  }
}

/**
 * Nodes not reachable from any root hang on a cycle. For each, walk up to the cycle, cut the
 * parent link of the cycle's earliest node (a stable choice whatever the arrival order) and make
 * it a root.
 */
function breakCycles<R extends TreeRow>(nodes: Map<string, TreeNode<R>>, roots: TreeNode<R>[]): void {
  const reached = new Set<TreeNode<R>>();
  for (const root of roots) markReachable(root, reached);
  const unreached = [...nodes.values()].filter((n) => !reached.has(n));
  if (unreached.length === 0) return;
  unreached.sort(compareNodes);
  for (const start of unreached) {
    if (reached.has(start)) continue;
    const onPath = new Set<TreeNode<R>>();
    let node = start;
    while (!onPath.has(node)) {
      onPath.add(node);
      node = nodes.get((node.row as R).parentId as string) as TreeNode<R>;
    }
    // `node` is on the cycle: collect the cycle and pick its earliest member.
    let cut = node;
    for (let n = nodes.get((node.row as R).parentId as string) as TreeNode<R>; n !== node; ) {
      if (compareNodes(n, cut) < 0) cut = n;
      n = nodes.get((n.row as R).parentId as string) as TreeNode<R>;
    }
    const parent = nodes.get((cut.row as R).parentId as string) as TreeNode<R>;
    parent.children.splice(parent.children.indexOf(cut), 1);
    roots.push(cut);
    markReachable(cut, reached);
  }
}

export function buildTree<R extends TreeRow = ObservationRow>(rows: readonly R[]): TreeNode<R>[] {
  const nodes = new Map<string, TreeNode<R>>();
  for (const row of rows) nodes.set(row.id, { id: row.id, row, children: [] });

  const roots: TreeNode<R>[] = [];
  const placeholders = new Map<string, TreeNode<R>>();
  for (const node of nodes.values()) {
    const parentId = (node.row as R).parentId;
    if (parentId === null) {
      roots.push(node);
      continue;
    }
    const parent = nodes.get(parentId);
    if (parent) {
      parent.children.push(node);
    } else if ((node.row as R).isRoot) {
      // Declared a root (`langfuse.internal.as_root` / `is_app_root`): its parent lives elsewhere.
      roots.push(node);
    } else {
      let placeholder = placeholders.get(parentId);
      if (!placeholder) {
        placeholder = { id: parentId, row: null, children: [] };
        placeholders.set(parentId, placeholder);
        roots.push(placeholder);
      }
      placeholder.children.push(node);
    }
  }

  breakCycles(nodes, roots);
  for (const node of nodes.values()) if (node.children.length > 1) node.children.sort(compareNodes);
  for (const placeholder of placeholders.values()) placeholder.children.sort(compareNodes);
  roots.sort(compareNodes);
  return roots;
}

/** Depth-first rows for a virtualized list; children of ids in `collapsed` are skipped. */
export function flattenTree<R extends TreeRow>(roots: TreeNode<R>[], collapsed: ReadonlySet<string>): FlatRow<R>[] {
  const out: FlatRow<R>[] = [];
  const stack: { node: TreeNode<R>; depth: number }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i] as TreeNode<R>, depth: 0 });
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: TreeNode<R>; depth: number };
    const hasChildren = node.children.length > 0;
    out.push({ node, depth, hasChildren });
    if (!hasChildren || collapsed.has(node.id)) continue;
    for (let i = node.children.length - 1; i >= 0; i--)
      stack.push({ node: node.children[i] as TreeNode<R>, depth: depth + 1 });
  }
  return out;
}
