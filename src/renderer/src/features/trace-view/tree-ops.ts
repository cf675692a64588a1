import { LEVELS, type Level } from '@core/model/types';
import { countsTowardTotals, inputTokens, outputTokens, totalCost, totalTokens } from '@core/trace/usage-totals';
import type { TreeNode } from '@core/tree/build-tree';

export interface Rollup {
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  /** Observations in the subtree, the node included. */
  count: number;
}

/**
 * Tokens and cost of every subtree, summed over the model calls in it (wrapper spans repeat their
 * children's usage; counting them would double it). Post-order without recursion.
 */
export function rollupTree(roots: readonly TreeNode[]): Map<string, Rollup> {
  const out = new Map<string, Rollup>();
  const order: TreeNode[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    order.push(node);
    for (const child of node.children) stack.push(child);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as TreeNode;
    const r: Rollup = { tokens: 0, inputTokens: 0, outputTokens: 0, cost: 0, count: node.row ? 1 : 0 };
    if (node.row && countsTowardTotals(node.row)) {
      r.tokens = totalTokens(node.row.usage);
      r.inputTokens = inputTokens(node.row.usage);
      r.outputTokens = outputTokens(node.row.usage);
      r.cost = totalCost(node.row.cost);
    }
    for (const child of node.children) {
      const c = out.get(child.id);
      if (!c) continue;
      r.tokens += c.tokens;
      r.inputTokens += c.inputTokens;
      r.outputTokens += c.outputTokens;
      r.cost += c.cost;
      r.count += c.count;
    }
    out.set(node.id, r);
  }
  return out;
}

const severity = (level: Level) => LEVELS.indexOf(level);

/**
 * The tree with only observations at `minLevel` or worse, plus their ancestors so each stays in context.
 * Returns the input unchanged when nothing is filtered.
 */
export function pruneByLevel(roots: TreeNode[], minLevel: Level): TreeNode[] {
  if (severity(minLevel) <= 0) return roots;
  const keep = new Map<TreeNode, TreeNode>();
  const order: TreeNode[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    order.push(node);
    for (const child of node.children) stack.push(child);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as TreeNode;
    const children = node.children.flatMap((c) => keep.get(c) ?? []);
    const own = node.row !== null && severity(node.row.level) >= severity(minLevel);
    if (own || children.length > 0) keep.set(node, { ...node, children });
  }
  return roots.flatMap((r) => keep.get(r) ?? []);
}

/** Parent of every node id, for opening the ancestors of a search hit. */
export function parentIndex(roots: readonly TreeNode[]): Map<string, string> {
  const parents = new Map<string, string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    for (const child of node.children) {
      parents.set(child.id, node.id);
      stack.push(child);
    }
  }
  return parents;
}

export function ancestorsOf(id: string, parents: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>([id]);
  for (let p = parents.get(id); p !== undefined && !seen.has(p); p = parents.get(p)) {
    out.push(p);
    seen.add(p);
  }
  return out;
}

/** Ids of observations whose name, type, model or id contains the text, in tree order. */
export function searchTree(roots: readonly TreeNode[], query: string): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const out: string[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    const row = node.row;
    if (
      row &&
      (row.name.toLowerCase().includes(q) ||
        row.type.toLowerCase() === q ||
        (row.model ?? '').toLowerCase().includes(q) ||
        row.id.startsWith(q))
    ) {
      out.push(row.id);
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as TreeNode);
  }
  return out;
}
