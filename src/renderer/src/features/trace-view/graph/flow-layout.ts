import dagre from '@dagrejs/dagre';
import type { StepGraph } from './project-skeleton';

export type FlowPositions = Record<string, { x: number; y: number }>;

/**
 * Top-down layered layout of the execution flow: every edge ranks, so steps that ran one after another stack
 * and a wave of parallel steps shares a row. Gaps are tight (28 px between nodes, 30 px between rows) so a
 * typical agent trace fits a panel at a zoom where labels stay readable. Loops (an edge back to an earlier
 * step) are reversed for ranking by dagre and drawn back up. Positions are top-left corners.
 */
export function layoutFlow(graph: Pick<StepGraph, 'nodes' | 'edges'>, width: number, height: number): FlowPositions {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 30, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  // Dagre places nodes of a row in reverse insertion order: insert backwards so they read left to right in the
  // projection's order (by start time).
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    g.setNode((graph.nodes[i] as StepGraph['nodes'][number]).id, { width, height });
  }
  for (let i = graph.edges.length - 1; i >= 0; i--) {
    const e = graph.edges[i] as StepGraph['edges'][number];
    if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  }
  dagre.layout(g);
  const out: FlowPositions = {};
  for (const n of graph.nodes) {
    const p = g.node(n.id) as { x: number; y: number } | undefined;
    if (p) out[n.id] = { x: p.x - width / 2, y: p.y - height / 2 };
  }
  return out;
}
