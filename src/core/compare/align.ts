import { diffArrays } from 'diff';
import type { ObservationRow } from '../model/types';
import { buildTree, type TreeNode } from '../tree/build-tree';

/**
 * Two observation trees aligned row by row, for comparing two runs of the same program.
 *
 * Nodes pair up by their path of (type, name) from the root. Among the children of a matched pair, siblings are
 * aligned by a sequence alignment (jsdiff's Myers diff, i.e. a longest common subsequence) over their keys, not by
 * pairing the k-th `lookup` of one side with the k-th of the other: an extra step in the middle of a run (a retry, a
 * new tool call) then shows as one added row and everything after it still pairs with its counterpart, where k-th
 * pairing would shift every later sibling of the same name. Siblings left unpaired by the alignment are then paired
 * k-th with k-th by key, which catches parallel calls whose start order flipped between runs (A B vs B A).
 *
 * Placeholders for parents that never arrived are left out: their children take their place.
 */

export type AlignStatus = 'matched' | 'added' | 'removed';

export interface AlignedRow {
  /** Unique within one alignment: the ids of both sides. */
  key: string;
  /** The observation of the first trace (A); null on added rows. */
  a: ObservationRow | null;
  /** The observation of the second trace (B); null on removed rows. */
  b: ObservationRow | null;
  status: AlignStatus;
  depth: number;
  /** Names from the root, with `#k` on the k-th sibling of a repeated name (k from 2): `agent/lookup#2`. */
  path: string;
  hasChildren: boolean;
}

/**
 * Beyond this many insertions plus deletions among one node's children, the sequence alignment gives up (Myers is
 * O((n+m)·d)); the k-th-with-k-th pairing then does all the work. 2000 keeps the worst case near 40 M steps.
 */
const MAX_EDITS = 2000;

type Entry = { a: TreeNode | null; b: TreeNode | null };

const keyOf = (node: TreeNode): string => {
  const row = node.row as ObservationRow;
  return `${row.type}\u0000${row.name}`;
};

/** A node's children with placeholders replaced by what hangs under them (iteratively: chains can be deep). */
function realChildren(nodes: TreeNode[]): TreeNode[] {
  const out: TreeNode[] = [];
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    if (node.row) out.push(node);
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as TreeNode);
  }
  return out;
}

/** Aligns two sibling lists; the result keeps B's order, with A's unpaired siblings where the diff put them. */
function alignSiblings(as: TreeNode[], bs: TreeNode[]): Entry[] {
  const keysA = as.map(keyOf);
  const keysB = bs.map(keyOf);
  const changes = diffArrays(keysA, keysB, { maxEditLength: MAX_EDITS }) ?? [
    { value: keysA, removed: true, added: false, count: keysA.length },
    { value: keysB, removed: false, added: true, count: keysB.length },
  ];
  const entries: Entry[] = [];
  let ia = 0;
  let ib = 0;
  for (const change of changes) {
    for (let k = 0; k < change.count; k++) {
      if (change.added) entries.push({ a: null, b: bs[ib++] as TreeNode });
      else if (change.removed) entries.push({ a: as[ia++] as TreeNode, b: null });
      else entries.push({ a: as[ia++] as TreeNode, b: bs[ib++] as TreeNode });
    }
  }
  // Second pass: the k-th unpaired A of a key pairs with the k-th unpaired B of that key, at B's position.
  const removedByKey = new Map<string, Entry[]>();
  for (const entry of entries) {
    if (entry.b !== null || entry.a === null) continue;
    const key = keyOf(entry.a);
    const list = removedByKey.get(key);
    if (list) list.push(entry);
    else removedByKey.set(key, [entry]);
  }
  if (removedByKey.size === 0) return entries;
  const absorbed = new Set<Entry>();
  for (const entry of entries) {
    if (entry.a !== null || entry.b === null) continue;
    const match = removedByKey.get(keyOf(entry.b))?.shift();
    if (!match) continue;
    entry.a = match.a;
    absorbed.add(match);
  }
  return absorbed.size === 0 ? entries : entries.filter((e) => !absorbed.has(e));
}

function childEntries(entry: Entry): Entry[] {
  if (entry.a && entry.b) return alignSiblings(realChildren(entry.a.children), realChildren(entry.b.children));
  if (entry.a) return realChildren(entry.a.children).map((a) => ({ a, b: null }));
  return realChildren((entry.b as TreeNode).children).map((b) => ({ a: null, b }));
}

/** Appends `#k` to the k-th occurrence (k ≥ 2) of a (type, name) among the entries. */
function pathSegments(entries: Entry[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((e) => {
    const node = (e.b ?? e.a) as TreeNode;
    const key = keyOf(node);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const name = node.row?.name ?? '';
    return n === 1 ? name : `${name}#${n}`;
  });
}

/** Aligned rows in depth-first order, as the comparison table lists them. Iterative: trees can be 100k deep. */
export function alignTrees(rowsA: ObservationRow[], rowsB: ObservationRow[]): AlignedRow[] {
  const roots = alignSiblings(realChildren(buildTree(rowsA)), realChildren(buildTree(rowsB)));
  const out: AlignedRow[] = [];
  type Task = { entry: Entry; depth: number; path: string };
  const push = (stack: Task[], entries: Entry[], depth: number, parentPath: string) => {
    const segments = pathSegments(entries);
    for (let i = entries.length - 1; i >= 0; i--) {
      const path = parentPath === '' ? (segments[i] as string) : `${parentPath}/${segments[i]}`;
      stack.push({ entry: entries[i] as Entry, depth, path });
    }
  };
  const stack: Task[] = [];
  push(stack, roots, 0, '');
  while (stack.length > 0) {
    const { entry, depth, path } = stack.pop() as Task;
    const children = childEntries(entry);
    const a = entry.a?.row ?? null;
    const b = entry.b?.row ?? null;
    out.push({
      key: `${a?.id ?? ''}|${b?.id ?? ''}`,
      a,
      b,
      status: a && b ? 'matched' : a ? 'removed' : 'added',
      depth,
      path,
      hasChildren: children.length > 0,
    });
    push(stack, children, depth + 1, path);
  }
  return out;
}
