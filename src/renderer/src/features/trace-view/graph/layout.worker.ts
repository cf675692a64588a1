import { layoutGraph } from '@core/graph/dagre-layout';
import { type GraphMode, type GraphSource, projectSteps } from './project-skeleton';

export interface GraphRequest {
  seq: number;
  source: GraphSource;
  mode: GraphMode;
  width: number;
  height: number;
}

/** Projection and layout off the UI thread: both walk the whole trace, and dagre takes seconds on big graphs. */
self.onmessage = (e: MessageEvent<GraphRequest>) => {
  const { seq, source, mode, width, height } = e.data;
  try {
    const graph = projectSteps(source, mode);
    const positions = layoutGraph({
      nodes: graph.nodes.map((n) => ({ id: n.id, width, height })),
      edges: graph.edges,
    });
    self.postMessage({ seq, graph, positions }, { transfer: [graph.nodeOf.buffer as ArrayBuffer] });
  } catch (error) {
    self.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
  }
};
