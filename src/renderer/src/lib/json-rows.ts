/**
 * A JSON value as the rows of a collapsible tree, built iteratively for the expanded parts only: a value with
 * 100k array items shows one row until it is opened, and nothing recurses.
 */
export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'other';

export interface JsonRow {
  /** Stable id of the value: keys joined with a separator no JSON key contains in practice. */
  path: string;
  depth: number;
  /** Object key or array index; null for the root. */
  key: string | number | null;
  kind: JsonKind;
  value: unknown;
  /** Number of children of an object or array. */
  size: number;
  expanded: boolean;
}

export const ROOT_PATH = '$';
const SEP = '\u001f';

function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'other';
  }
}

function entriesOf(value: unknown): [string | number, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  return Object.entries(value as Record<string, unknown>);
}

function sizeOf(value: unknown, kind: JsonKind): number {
  if (kind === 'array') return (value as unknown[]).length;
  if (kind === 'object') return Object.keys(value as object).length;
  return 0;
}

export function childPath(parent: string, key: string | number): string {
  return `${parent}${SEP}${key}`;
}

export function jsonRows(value: unknown, expanded: ReadonlySet<string>): JsonRow[] {
  const out: JsonRow[] = [];
  const stack: { path: string; depth: number; key: string | number | null; value: unknown }[] = [
    { path: ROOT_PATH, depth: 0, key: null, value },
  ];
  while (stack.length > 0) {
    const item = stack.pop() as (typeof stack)[number];
    const kind = kindOf(item.value);
    const size = sizeOf(item.value, kind);
    const open = size > 0 && expanded.has(item.path);
    out.push({ path: item.path, depth: item.depth, key: item.key, kind, value: item.value, size, expanded: open });
    if (!open) continue;
    const entries = entriesOf(item.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string | number, unknown];
      stack.push({ path: childPath(item.path, key), depth: item.depth + 1, key, value: child });
    }
  }
  return out;
}

/**
 * What a JSON value opens to when first shown: containers breadth first, nearest the root first, as long as the
 * rows they add keep the whole under a screenful and a half (`budget` rows) and `maxDepth` levels. A retriever's
 * five documents or a tool's nested result then read without a click, while a 5,000-item array stays one row.
 * The root always opens.
 */
export function expandWithinBudget(value: unknown, budget = 120, maxDepth = 4): Set<string> {
  const out = new Set<string>();
  let rows = 1;
  let queue: { path: string; value: unknown; depth: number }[] = [{ path: ROOT_PATH, value, depth: 0 }];
  while (queue.length > 0) {
    const next: typeof queue = [];
    for (const item of queue) {
      const size = sizeOf(item.value, kindOf(item.value));
      if (size === 0) continue;
      if (item.depth > 0 && rows + size > budget) continue;
      out.add(item.path);
      rows += size;
      if (item.depth + 1 >= maxDepth) continue;
      for (const [key, child] of entriesOf(item.value)) {
        const kind = kindOf(child);
        if (kind === 'object' || kind === 'array')
          next.push({ path: childPath(item.path, key), value: child, depth: item.depth + 1 });
      }
    }
    queue = next;
  }
  return out;
}

/** Every container path in the value, for "expand all"; capped so a huge value cannot make millions of rows. */
export function allContainerPaths(value: unknown, cap = 5_000): Set<string> {
  const out = new Set<string>();
  const stack: { path: string; value: unknown }[] = [{ path: ROOT_PATH, value }];
  while (stack.length > 0 && out.size < cap) {
    const item = stack.pop() as (typeof stack)[number];
    const kind = kindOf(item.value);
    if (sizeOf(item.value, kind) === 0) continue;
    out.add(item.path);
    for (const [key, child] of entriesOf(item.value)) stack.push({ path: childPath(item.path, key), value: child });
  }
  return out;
}
