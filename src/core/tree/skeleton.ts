import { isAnthropicSdkCall } from '../conventions/anthropic-sdk';
import { LEVELS, type Level, OBSERVATION_TYPES, type ObservationRow, type ObservationType } from '../model/types';
import { countsTowardTotals, inputTokens, outputTokens, totalCost, totalTokens } from '../trace/usage-totals';
import type { TreeRow } from './build-tree';
import { treeOrder } from './tree-order';

/**
 * A trace's tree in columns: one entry per node in depth-first (tree) order, every per-node number in a typed
 * array and every text as an index into one string table. Built once per trace in a worker and transferred
 * without copying; the tree, the timeline and the graph read it directly, and full rows are fetched only for the
 * observation being inspected. For 100k observations the arrays weigh about 6 MB, where the row objects they
 * replace weigh well over 100 MB on the UI thread.
 */
export interface TraceSkeleton {
  count: number;
  /**
   * Every node's id, UTF-8, one after the other with a newline after each (read them with `idOf`): one buffer
   * crosses from the worker without a copy, where a string of a million ids is copied on the UI thread (tens of
   * milliseconds) and 100k separate strings take longer still. A placeholder's id is the id of the parent that
   * never arrived.
   */
  idBytes: Uint8Array;
  /** Where node i's id starts in `idBytes`; entry `count` is one past the end (each id is followed by a newline). */
  idStart: Int32Array;
  /** Distinct names, models and status messages. */
  strings: string[];
  name: Int32Array;
  /** Index into `strings`, -1 for none. */
  model: Int32Array;
  status: Int32Array;
  /** Index of the parent node, -1 for a root. */
  parent: Int32Array;
  depth: Int32Array;
  /** Index just past the node's last descendant: `subtreeEnd[i] > i + 1` means it has children. */
  subtreeEnd: Int32Array;
  /** Index into OBSERVATION_TYPES, or PLACEHOLDER for a parent that never arrived. */
  type: Uint8Array;
  /** Index into LEVELS (the severity). */
  level: Uint8Array;
  /** Epoch ms of time zero: the earliest start. */
  origin: number;
  /** Milliseconds from `origin` to the latest end or first token; never zero. */
  span: number;
  /** Milliseconds from `origin`. */
  start: Float64Array;
  /** An unfinished observation ends where the trace does, and is flagged in `open`. */
  end: Float64Array;
  open: Uint8Array;
  /**
   * 1 where the node is the provider SDK's own record of its parent generation's call (trace/same-call.ts): the
   * tree marks it, the graph shows the two as one step.
   */
  sameCall: Uint8Array;
  /** Time to first token from `origin`, NaN when unknown. */
  firstToken: Float64Array;
  /** Subtree totals over the model calls in it (wrapper spans repeat their children's usage). */
  tokens: Float64Array;
  inputTokens: Float64Array;
  outputTokens: Float64Array;
  cost: Float64Array;
  /**
   * Observations (placeholders left out) ordered by depth, then start: each depth's run is a lane of the
   * timeline's overview, ready for merging bars narrower than a pixel.
   */
  byLane: Int32Array;
  /** The node inspected when none is chosen: the trace's root, else the earliest observation; -1 when empty. */
  defaultIndex: number;
}

export const PLACEHOLDER = 255;

export const TYPE_INDEX: ReadonlyMap<ObservationType, number> = new Map(OBSERVATION_TYPES.map((t, i) => [t, i]));
export const LEVEL_INDEX: ReadonlyMap<string, number> = new Map(LEVELS.map((l, i) => [l, i]));

/**
 * Exactly what the skeleton takes from a row: the tree's fields, what it shows, and the usage already summed (a row's
 * usage and cost are open-ended maps). The skeleton log (skeleton-log.ts) stores these, so a trace opens without
 * reading its rows.
 */
export interface SkeletonRow extends TreeRow {
  type: ObservationType;
  level: Level;
  name: string;
  model: string | null;
  statusMessage: string | null;
  completionStartTime: number | null;
  /** The span is a provider SDK's own record of a call (same-call.ts): marked when its parent is a generation. */
  sdkCall: boolean;
  /** Zero for an observation that does not count toward totals (`countsTowardTotals`). */
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

export function skeletonRowOf(row: ObservationRow): SkeletonRow {
  const counts = countsTowardTotals(row);
  return {
    id: row.id,
    parentId: row.parentId,
    isRoot: row.isRoot,
    startTime: row.startTime,
    endTime: row.endTime,
    type: row.type,
    level: row.level,
    name: row.name,
    model: row.model,
    statusMessage: row.statusMessage,
    completionStartTime: row.completionStartTime,
    sdkCall: isAnthropicSdkCall(row.name, row.scope.name),
    tokens: counts ? totalTokens(row.usage) : 0,
    inputTokens: counts ? inputTokens(row.usage) : 0,
    outputTokens: counts ? outputTokens(row.usage) : 0,
    cost: counts ? totalCost(row.cost) : 0,
  };
}

/** Strings stored once each: `intern` gives a string's index in `strings` (-1 for null), adding it when new. */
export function stringTable(): { strings: string[]; intern: (s: string | null) => number } {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const intern = (s: string | null): number => {
    if (s === null) return -1;
    let id = ids.get(s);
    if (id === undefined) {
      id = strings.length;
      strings.push(s);
      ids.set(s, id);
    }
    return id;
  };
  return { strings, intern };
}

export function buildSkeleton(rows: readonly ObservationRow[], rootId: string | null = null): TraceSkeleton {
  return skeletonOf(rows.map(skeletonRowOf), rootId);
}

/** The skeleton of rows already reduced to what it needs (`skeletonRowOf`, or replayed from a skeleton log). */
export function skeletonOf(rows: readonly SkeletonRow[], rootId: string | null = null): TraceSkeleton {
  const tree = treeOrder(rows);
  const { order, depth: depthOf, placeholders } = tree;
  const nodeRow = (node: number): SkeletonRow | null => (tree.rows[node] as SkeletonRow | undefined) ?? null;
  const count = order.length;
  const { strings, intern } = stringTable();
  let origin = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  // The tree's rows: an observation given twice counts once, in its last version.
  for (const row of tree.rows) {
    origin = Math.min(origin, row.startTime);
    last = Math.max(last, row.endTime ?? row.startTime, row.completionStartTime ?? row.startTime);
  }
  if (tree.rows.length === 0) origin = last = 0;
  const s: TraceSkeleton = {
    count,
    idBytes: new Uint8Array(0),
    idStart: new Int32Array(count + 1),
    strings,
    name: new Int32Array(count),
    model: new Int32Array(count),
    status: new Int32Array(count),
    parent: new Int32Array(count),
    depth: new Int32Array(count),
    subtreeEnd: new Int32Array(count),
    type: new Uint8Array(count),
    level: new Uint8Array(count),
    origin,
    span: Math.max(last - origin, 0.001),
    start: new Float64Array(count),
    end: new Float64Array(count),
    open: new Uint8Array(count),
    sameCall: new Uint8Array(count),
    firstToken: new Float64Array(count),
    tokens: new Float64Array(count),
    inputTokens: new Float64Array(count),
    outputTokens: new Float64Array(count),
    cost: new Float64Array(count),
    byLane: new Int32Array(0),
    defaultIndex: -1,
  };
  // The open ancestors of the current node, deepest last: depth-first order makes the parent the one at depth - 1.
  const path: number[] = [];
  let earliest = -1;
  const ids: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const node = order[i] as number;
    const depth = depthOf[i] as number;
    path.length = depth;
    s.parent[i] = depth > 0 ? (path[depth - 1] as number) : -1;
    path.push(i);
    const row = nodeRow(node);
    ids[i] = row ? row.id : (placeholders[node - tree.rows.length] as string);
    s.depth[i] = depth;
    if (!row) {
      s.type[i] = PLACEHOLDER;
      s.name[i] = s.model[i] = s.status[i] = -1;
      s.start[i] = s.end[i] = s.firstToken[i] = Number.NaN;
      continue;
    }
    s.name[i] = intern(row.name);
    s.model[i] = intern(row.model);
    s.status[i] = intern(row.statusMessage);
    s.type[i] = TYPE_INDEX.get(row.type) ?? 0;
    s.level[i] = LEVEL_INDEX.get(row.level) ?? 1;
    s.start[i] = row.startTime - origin;
    s.end[i] = (row.endTime ?? last) - origin;
    s.open[i] = row.endTime === null ? 1 : 0;
    const p = s.parent[i] as number;
    // isSdkRecordOf (same-call.ts), from the fields kept.
    if (row.sdkCall && p >= 0 && nodeRow(order[p] as number)?.type === 'GENERATION') s.sameCall[i] = 1;
    s.firstToken[i] = row.completionStartTime === null ? Number.NaN : row.completionStartTime - origin;
    s.tokens[i] = row.tokens;
    s.inputTokens[i] = row.inputTokens;
    s.outputTokens[i] = row.outputTokens;
    s.cost[i] = row.cost;
    if (row.id === rootId) s.defaultIndex = i;
    if (earliest < 0 || (s.start[i] as number) < (s.start[earliest] as number)) earliest = i;
  }
  if (s.defaultIndex < 0) s.defaultIndex = earliest;
  placeIds(s, ids);
  // Children come after their parent in depth-first order: one backward pass sums subtrees and finds their ends.
  for (let i = 0; i < count; i++) s.subtreeEnd[i] = i + 1;
  for (let i = count - 1; i >= 0; i--) {
    const p = s.parent[i] as number;
    if (p < 0) continue;
    s.subtreeEnd[p] = Math.max(s.subtreeEnd[p] as number, s.subtreeEnd[i] as number);
    s.tokens[p] = (s.tokens[p] as number) + (s.tokens[i] as number);
    s.inputTokens[p] = (s.inputTokens[p] as number) + (s.inputTokens[i] as number);
    s.outputTokens[p] = (s.outputTokens[p] as number) + (s.outputTokens[i] as number);
    s.cost[p] = (s.cost[p] as number) + (s.cost[i] as number);
  }
  s.byLane = laneOrder(s);
  return s;
}

function laneOrder(s: TraceSkeleton): Int32Array {
  const order: number[] = [];
  for (let i = 0; i < s.count; i++) if (s.type[i] !== PLACEHOLDER) order.push(i);
  const { depth, start } = s;
  // The sort is stable: observations of a lane that start together keep tree order (earlier end first).
  order.sort((a, b) => (depth[a] as number) - (depth[b] as number) || (start[a] as number) - (start[b] as number));
  return Int32Array.from(order);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes the ids into `idBytes` and `idStart`: one encoding of them all, and one per id only when some is not ASCII. */
function placeIds(s: TraceSkeleton, ids: string[]): void {
  const text = ids.length > 0 ? `${ids.join('\n')}\n` : '';
  s.idBytes = encoder.encode(text);
  const ascii = s.idBytes.length === text.length;
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    s.idStart[i] = at;
    const id = ids[i] as string;
    at += (ascii ? id.length : encoder.encode(id).length) + 1;
  }
  s.idStart[ids.length] = at;
}

/** The buffers to transfer with `postMessage`, so the skeleton moves to the UI thread without a copy. */
export function skeletonBuffers(s: TraceSkeleton): ArrayBuffer[] {
  return [
    s.name,
    s.model,
    s.status,
    s.parent,
    s.depth,
    s.subtreeEnd,
    s.type,
    s.level,
    s.start,
    s.end,
    s.open,
    s.sameCall,
    s.firstToken,
    s.tokens,
    s.inputTokens,
    s.outputTokens,
    s.cost,
    s.byLane,
    s.idStart,
    s.idBytes,
  ].map((a) => a.buffer as ArrayBuffer);
}

export function nameOf(s: TraceSkeleton, i: number): string {
  return s.strings[s.name[i] as number] ?? '';
}

export function stringOf(s: TraceSkeleton, id: number): string | null {
  return id < 0 ? null : (s.strings[id] ?? null);
}

export function idOf(s: TraceSkeleton, i: number): string {
  const from = s.idStart[i] as number;
  const to = (s.idStart[i + 1] as number) - 1;
  let ascii = true;
  for (let k = from; k < to; k++) {
    if ((s.idBytes[k] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  const bytes = s.idBytes.subarray(from, to);
  return ascii ? String.fromCharCode.apply(null, bytes as unknown as number[]) : decoder.decode(bytes);
}

/** Whether node i's id starts with these bytes (`encodeId` of the text). */
export function idStartsWith(s: TraceSkeleton, i: number, prefix: Uint8Array): boolean {
  const from = s.idStart[i] as number;
  if ((s.idStart[i + 1] as number) - 1 - from < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (s.idBytes[from + k] !== prefix[k]) return false;
  return true;
}

/** An id's bytes, as `idBytes` holds them. */
export const encodeId = (id: string): Uint8Array => encoder.encode(id);

/** The node of an observation id, -1 when the trace has none: one pass over the ids' bytes, no index to build. */
export function nodeOfId(s: TraceSkeleton, id: string): number {
  if (id === '') return -1;
  const want = encoder.encode(id);
  const first = want[0] as number;
  const { idBytes, idStart, type } = s;
  for (let i = 0; i < s.count; i++) {
    const from = idStart[i] as number;
    if (idBytes[from] !== first || (idStart[i + 1] as number) - 1 - from !== want.length) continue;
    let k = 1;
    while (k < want.length && idBytes[from + k] === want[k]) k++;
    // A placeholder carries the id of a parent that never arrived: it is not that observation.
    if (k === want.length && type[i] !== PLACEHOLDER) return i;
  }
  return -1;
}

/** The observation `step` places after `id` in tree order (placeholders skipped), clamped at the ends. */
export function stepFrom(s: TraceSkeleton, id: string | null, step: 1 | -1): string | null {
  const at = id === null ? -1 : nodeOfId(s, id);
  let last = at;
  for (let i = at + step; i >= 0 && i < s.count; i += step) {
    if (s.type[i] !== PLACEHOLDER) {
      last = i;
      break;
    }
  }
  return last < 0 ? null : idOf(s, last);
}
