import { LEVELS, type Level, type ObservationRow, type ObservationType } from '../model/types';
import { buildTree, type TreeNode } from '../tree/build-tree';

/**
 * The agent graph of a trace: one node per step, where repeated steps (the same name and type under the
 * same path of parents, such as a tool called in a loop) are one node with a count. Edges go from parent to
 * child, and from each step to the next one under the same parent, in order of first start.
 */
export interface GraphNode {
  id: string;
  name: string;
  type: ObservationType;
  count: number;
  observationIds: string[];
  totalDurationMs: number;
  worstLevel: Level;
  firstStart: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'child' | 'next';
}

export interface TraceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Graph node of every observation id, for syncing the selection. */
  nodeOf: Map<string, string>;
}

const severity = (l: Level) => LEVELS.indexOf(l);

export function projectGraph(rows: ObservationRow[]): TraceGraph {
  const roots = buildTree(rows);
  const nodes = new Map<string, GraphNode>();
  const nodeOf = new Map<string, string>();
  const childrenOf = new Map<string, string[]>();
  const edges = new Map<string, GraphEdge>();
  const stack: { tree: TreeNode; parentKey: string | null }[] = [...roots]
    .reverse()
    .map((tree) => ({ tree, parentKey: null }));
  while (stack.length > 0) {
    const { tree, parentKey } = stack.pop() as { tree: TreeNode; parentKey: string | null };
    const row = tree.row;
    let key = parentKey;
    if (row) {
      key = `${parentKey ?? ''}/${row.type}:${row.name}`;
      const duration = row.endTime === null ? 0 : row.endTime - row.startTime;
      const existing = nodes.get(key);
      if (existing) {
        existing.count++;
        existing.observationIds.push(row.id);
        existing.totalDurationMs += duration;
        if (severity(row.level) > severity(existing.worstLevel)) existing.worstLevel = row.level;
        existing.firstStart = Math.min(existing.firstStart, row.startTime);
      } else {
        nodes.set(key, {
          id: key,
          name: row.name,
          type: row.type,
          count: 1,
          observationIds: [row.id],
          totalDurationMs: duration,
          worstLevel: row.level,
          firstStart: row.startTime,
        });
        const siblings = childrenOf.get(parentKey ?? '') ?? [];
        siblings.push(key);
        childrenOf.set(parentKey ?? '', siblings);
        if (parentKey !== null) {
          edges.set(`${parentKey}->${key}`, {
            id: `${parentKey}->${key}`,
            source: parentKey,
            target: key,
            kind: 'child',
          });
        }
      }
      nodeOf.set(row.id, key);
    }
    for (let i = tree.children.length - 1; i >= 0; i--) {
      stack.push({ tree: tree.children[i] as TreeNode, parentKey: key });
    }
  }
  for (const siblings of childrenOf.values()) {
    const ordered = siblings
      .map((k) => nodes.get(k) as GraphNode)
      .sort((a, b) => a.firstStart - b.firstStart || (a.id < b.id ? -1 : 1));
    for (let i = 1; i < ordered.length; i++) {
      const source = (ordered[i - 1] as GraphNode).id;
      const target = (ordered[i] as GraphNode).id;
      edges.set(`${source}=>${target}`, { id: `${source}=>${target}`, source, target, kind: 'next' });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], nodeOf };
}
