import { childPath, ROOT_PATH } from '../../../lib/json-rows';

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
      const entries = entriesOf(item.value);
      if (entries.length === 0) continue;
      if (item.depth > 0 && rows + entries.length > budget) continue;
      out.add(item.path);
      rows += entries.length;
      if (item.depth + 1 >= maxDepth) continue;
      for (const [key, child] of entries) {
        if (isContainer(child)) next.push({ path: childPath(item.path, key), value: child, depth: item.depth + 1 });
      }
    }
    queue = next;
  }
  return out;
}

function isContainer(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

function entriesOf(v: unknown): [string | number, unknown][] {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (isContainer(v)) return Object.entries(v as Record<string, unknown>);
  return [];
}
