import type { LayoutRequest, LayoutResult } from '@core/graph/dagre-layout';
import { useEffect, useRef, useState } from 'react';

type Reply = { seq: number; positions: LayoutResult } | { seq: number; error: string };

/** Positions for the request, computed in a worker; the latest request wins. */
export function useGraphLayout(request: LayoutRequest): { positions: LayoutResult | null; error: string | null } {
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const [state, setState] = useState<{ positions: LayoutResult | null; error: string | null }>({
    positions: null,
    error: null,
  });
  useEffect(() => {
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<Reply>) => {
      if (e.data.seq !== seq.current) return;
      setState(
        'error' in e.data ? { positions: null, error: e.data.error } : { positions: e.data.positions, error: null },
      );
    };
    w.onerror = (e) => setState({ positions: null, error: `graph layout failed: ${e.message}` });
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);
  useEffect(() => {
    seq.current++;
    worker.current?.postMessage({ seq: seq.current, request });
  }, [request]);
  return state;
}
