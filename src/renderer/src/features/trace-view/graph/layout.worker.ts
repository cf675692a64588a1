import { layoutGraph } from '@core/graph/dagre-layout';
import { type GraphSource, projectSteps } from './project-skeleton';

export interface GraphRequest {
  seq: number;
  source: GraphSource;
  width: number;
  height: number;
}

/** Projection and layout off the UI thread: both walk the whole trace, and dagre takes seconds on big graphs. */
self.onmessage = (e: MessageEvent<GraphRequest>) => {
  const { seq, source, width, height } = e.data;
  try {
    const graph = projectSteps(source);
    const positions = layoutGraph({
      nodes: graph.nodes.map((n) => ({ id: n.id, width, height })),
      edges: graph.edges,
    });
    self.postMessage({ seq, graph, positions }, { transfer: [graph.nodeOf.buffer as ArrayBuffer] });
  } catch (error) {
    self.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
  }
};
