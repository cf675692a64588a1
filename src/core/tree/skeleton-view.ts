import { OBSERVATION_TYPES } from '../model/types';
import { idOf, PLACEHOLDER, type TraceSkeleton } from './skeleton';

/**
 * What the tree shows of a skeleton: folding, the minimum level and search, each one linear pass over the typed
 * arrays (a few milliseconds at 100k nodes), so none of them needs node objects.
 */
export interface ShownRows {
  /** Node indices in display order. */
  rows: Int32Array;
  /** Per node: whether it has children in this view (folded or not). */
  hasChildren: Uint8Array;
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

export function shownRows(s: TraceSkeleton, collapsed: ReadonlySet<string>, minLevel: number): ShownRows {
  const keep = keptByLevel(s, minLevel);
  const hasChildren = new Uint8Array(s.count);
  for (let i = 0; i < s.count; i++) {
    const p = s.parent[i] as number;
    if (p >= 0 && (!keep || keep[i])) hasChildren[p] = 1;
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
    i = hasChildren[i] && collapsed.size > 0 && collapsed.has(idOf(s, i)) ? (s.subtreeEnd[i] as number) : i + 1;
  }
  return { rows: rows.slice(0, n), hasChildren };
}

/** Indices of observations whose name, type, model or id matches the text, in tree order. */
export function searchSkeleton(s: TraceSkeleton, query: string, within: Uint8Array | null = null): number[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  // Names repeat (a tool called in a loop): each distinct string is lowered and tested once.
  const hit = s.strings.map((text) => text.toLowerCase().includes(q));
  const typeHit = OBSERVATION_TYPES.map((t) => t.toLowerCase() === q);
  const out: number[] = [];
  for (let i = 0; i < s.count; i++) {
    if (s.type[i] === PLACEHOLDER || (within && !within[i])) continue;
    const model = s.model[i] as number;
    if (
      hit[s.name[i] as number] ||
      typeHit[s.type[i] as number] ||
      (model >= 0 && hit[model]) ||
      s.idText.startsWith(q, s.idStart[i])
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
