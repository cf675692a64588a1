import { type LayoutRequest, layoutGraph } from '@core/graph/dagre-layout';

/** Graph layout off the UI thread: dagre takes seconds on graphs with thousands of nodes. */
self.onmessage = (e: MessageEvent<{ seq: number; request: LayoutRequest }>) => {
  const { seq, request } = e.data;
  try {
    self.postMessage({ seq, positions: layoutGraph(request) });
  } catch (error) {
    self.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
  }
};
