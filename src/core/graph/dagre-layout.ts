import dagre from '@dagrejs/dagre';

export interface LayoutRequest {
  nodes: { id: string; width: number; height: number }[];
  edges: { source: string; target: string; kind: 'child' | 'next' }[];
}

export type LayoutResult = Record<string, { x: number; y: number }>;

/**
 * Top-down layered layout: parents above children. Only parent→child edges rank the nodes; the
 * step-to-step edges between siblings would otherwise push each sibling one layer further down.
 * Positions are top-left corners, as the graph view places nodes.
 */
export function layoutGraph(req: LayoutRequest): LayoutResult {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 60, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  // Dagre places siblings in reverse insertion order: insert backwards so they read left to right in the
  // order given (the projection's order, by start time).
  for (let i = req.nodes.length - 1; i >= 0; i--) {
    const n = req.nodes[i] as LayoutRequest['nodes'][number];
    g.setNode(n.id, { width: n.width, height: n.height });
  }
  for (let i = req.edges.length - 1; i >= 0; i--) {
    const e = req.edges[i] as LayoutRequest['edges'][number];
    if (e.kind === 'child') g.setEdge(e.source, e.target);
  }
  dagre.layout(g);
  const out: LayoutResult = {};
  for (const n of req.nodes) {
    const p = g.node(n.id) as { x: number; y: number } | undefined;
    if (p) out[n.id] = { x: p.x - n.width / 2, y: p.y - n.height / 2 };
  }
  return out;
}
