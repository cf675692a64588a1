import dagre from '@dagrejs/dagre';

export interface LayoutRequest {
  nodes: { id: string; width: number; height: number }[];
  edges: { source: string; target: string }[];
}

export type LayoutResult = Record<string, { x: number; y: number }>;

/**
 * Top-down layered layout of an execution flow: every edge ranks, so steps that ran one after another stack and
 * a wave of parallel steps shares a row. Gaps are tight (28 px between nodes, 30 px between rows) so a typical
 * agent trace fits a panel at a zoom where labels stay readable. Loops (an edge back to an earlier step) are
 * reversed for ranking by dagre and drawn back up. Positions are top-left corners, as the graph view places nodes.
 */
export function layoutGraph(req: LayoutRequest): LayoutResult {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 30, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  // Dagre places the nodes of a row in reverse insertion order: insert backwards so they read left to right in
  // the order given (the projection's order, by start time).
  for (let i = req.nodes.length - 1; i >= 0; i--) {
    const n = req.nodes[i] as LayoutRequest['nodes'][number];
    g.setNode(n.id, { width: n.width, height: n.height });
  }
  for (let i = req.edges.length - 1; i >= 0; i--) {
    const e = req.edges[i] as LayoutRequest['edges'][number];
    if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  }
  dagre.layout(g);
  const out: LayoutResult = {};
  for (const n of req.nodes) {
    const p = g.node(n.id) as { x: number; y: number } | undefined;
    if (p) out[n.id] = { x: p.x - n.width / 2, y: p.y - n.height / 2 };
  }
  return out;
}
