import type { LayoutResult } from '@core/graph/dagre-layout';
import type { TraceSkeleton } from '@core/tree/skeleton';
import { useEffect, useRef, useState } from 'react';
import { workerErrorMessage } from '../../../lib/worker-error';
import type { GraphRequest } from './layout.worker';
import type { GraphMode, StepGraph } from './project-skeleton';

type Reply = { seq: number; graph: StepGraph; positions: LayoutResult } | { seq: number; error: string };

export interface GraphLayoutState {
  graph: StepGraph | null;
  positions: LayoutResult | null;
  error: string | null;
}

/** The trace's step graph in a mode and its positions, both computed in a worker; the latest request wins. */
export function useGraphLayout(
  skeleton: TraceSkeleton,
  mode: GraphMode,
  width: number,
  height: number,
): GraphLayoutState {
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const [state, setState] = useState<GraphLayoutState>({ graph: null, positions: null, error: null });
  useEffect(() => {
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<Reply>) => {
      if (e.data.seq !== seq.current) return;
      setState(
        'error' in e.data
          ? { graph: null, positions: null, error: e.data.error }
          : { graph: e.data.graph, positions: e.data.positions, error: null },
      );
    };
    w.onerror = (e) =>
      setState({ graph: null, positions: null, error: `graph layout failed: ${workerErrorMessage(e)}` });
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);
  useEffect(() => {
    seq.current++;
    const { count, strings, name, type, level, parent, start, end, open, sameCall } = skeleton;
    const request: GraphRequest = {
      seq: seq.current,
      source: { count, strings, name, type, level, parent, start, end, open, sameCall },
      mode,
      width,
      height,
    };
    worker.current?.postMessage(request);
  }, [skeleton, mode, width, height]);
  return state;
}
