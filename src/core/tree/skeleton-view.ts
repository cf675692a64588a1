import { OBSERVATION_TYPES } from '../model/types';
import { encodeId, idOf, idStartsWith, PLACEHOLDER, type TraceSkeleton } from './skeleton';

/**
 * What the tree shows of a skeleton: folding, the minimum level and search, each one linear pass over the typed
 * arrays (a few milliseconds at 100k nodes), so none of them needs node objects. With nothing folded or filtered,
 * the rows are the skeleton's own order and cost nothing to make, however big the trace.
 */
export interface ShownRows {
  /** How many rows show. */
  count: number;
  /** The node shown at a position. */
  nodeAt(position: number): number;
  /** Where a node shows, -1 when it does not (folded away or filtered out). */
  positionOf(node: number): number;
  /** Whether a node has children in this view (folded or not). */
  hasChildren(node: number): boolean;
}

/**
 * Nodes at `minLevel` severity or worse, plus their ancestors so each stays in context; null when nothing is
 * filtered. Placeholders are kept only as ancestors.
 */
export function keptByLevel(s: TraceSkeleton, minLevel: number): Uint8Array | null {
  if (minLevel <= 0) return null;
  const keep = new Uint8Array(s.count);
  for (let i = s.count - 1; i >= 0; i--) {
    if (s.type[i] !== PLACEHOLDER && (s.level[i] as number) >= minLevel) keep[i] = 1;
    const p = s.parent[i] as number;
    if (keep[i] && p >= 0) keep[p] = 1;
  }
  return keep;
}

/** Whether a node has a kept child, for a level filter (unfiltered, a node has children when its subtree runs past it). */
function keptChildren(s: TraceSkeleton, keep: Uint8Array): (node: number) => boolean {
  const has = new Uint8Array(s.count);
  for (let i = 0; i < s.count; i++) {
    const p = s.parent[i] as number;
    if (p >= 0 && keep[i]) has[p] = 1;
  }
  return (node) => has[node] === 1;
}

export function shownRows(s: TraceSkeleton, collapsed: ReadonlySet<string>, minLevel: number): ShownRows {
  const keep = keptByLevel(s, minLevel);
  const hasChildren = keep ? keptChildren(s, keep) : (node: number) => (s.subtreeEnd[node] as number) > node + 1;
  if (!keep && collapsed.size === 0) {
    return {
      count: s.count,
      nodeAt: (position) => position,
      positionOf: (node) => (node >= 0 && node < s.count ? node : -1),
      hasChildren,
    };
  }
  const rows = new Int32Array(s.count);
  let n = 0;
  let i = 0;
  while (i < s.count) {
    // A node left out by the level filter has no kept descendant either: skip its whole subtree.
    if (keep && !keep[i]) {
      i = s.subtreeEnd[i] as number;
      continue;
    }
    rows[n++] = i;
    i = collapsed.size > 0 && hasChildren(i) && collapsed.has(idOf(s, i)) ? (s.subtreeEnd[i] as number) : i + 1;
  }
  return {
    count: n,
    nodeAt: (position) => rows[position] as number,
    // Rows are in skeleton order, so a node's position is a binary search away.
    positionOf: (node) => {
      let lo = 0;
      let hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const at = rows[mid] as number;
        if (at === node) return mid;
        if (at < node) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
    hasChildren,
  };
}

/** Indices of observations whose name, type, model or id matches the text, in tree order. */
export function searchSkeleton(s: TraceSkeleton, query: string, within: Uint8Array | null = null): number[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  // Names repeat (a tool called in a loop): each distinct string is lowered and tested once.
  const hit = s.strings.map((text) => text.toLowerCase().includes(q));
  const typeHit = OBSERVATION_TYPES.map((t) => t.toLowerCase() === q);
  const prefix = encodeId(q);
  const out: number[] = [];
  for (let i = 0; i < s.count; i++) {
    if (s.type[i] === PLACEHOLDER || (within && !within[i])) continue;
    const model = s.model[i] as number;
    if (
      hit[s.name[i] as number] ||
      typeHit[s.type[i] as number] ||
      (model >= 0 && hit[model]) ||
      idStartsWith(s, i, prefix)
    ) {
      out.push(i);
    }
  }
  return out;
}

/** Ids of the ancestors of node `i`, nearest first. */
export function ancestorIds(s: TraceSkeleton, i: number): string[] {
  const out: string[] = [];
  for (let p = s.parent[i] as number; p >= 0; p = s.parent[p] as number) out.push(idOf(s, p));
  return out;
}

/** Ids of every node with children: what "collapse all" folds. */
export function idsWithChildren(s: TraceSkeleton): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < s.count; i++) if ((s.subtreeEnd[i] as number) > i + 1) out.add(idOf(s, i));
  return out;
}
