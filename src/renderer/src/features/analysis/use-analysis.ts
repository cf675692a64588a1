import type { AnalysisQuery, AnalysisResult } from '@core/analysis/types';
import { useEffect, useRef, useState } from 'react';
import { useBridgeStore } from '../../bridge/bridge-store';
import type { Timing } from './analysis-source';

type Reply = { seq: number; result: AnalysisResult; timing: Timing } | { seq: number; error: string };

export interface AnalysisState {
  result: AnalysisResult | null;
  timing: Timing | null;
  error: string | null;
  running: boolean;
}

/** While traces stream in, the figures follow at most this often. */
const LIVE_INTERVAL_MS = 2000;

/** The analysis of `query`, computed in a worker; the latest query wins, and new batches refresh it. */
export function useAnalysis(query: AnalysisQuery): AnalysisState {
  const revision = useBridgeStore((s) => s.revision);
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const lastRun = useRef(0);
  const [state, setState] = useState<AnalysisState>({ result: null, timing: null, error: null, running: true });

  useEffect(() => {
    const w = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<Reply>) => {
      if (e.data.seq !== seq.current) return;
      const reply = e.data;
      setState((s) =>
        'error' in reply
          ? { ...s, error: `The analysis failed: ${reply.error}`, running: false }
          : { result: reply.result, timing: reply.timing, error: null, running: false },
      );
    };
    w.onerror = (e) =>
      setState((s) => ({ ...s, error: `The analysis worker failed: ${e.message || 'unknown error'}`, running: false }));
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  const key = JSON.stringify(query);
  const queryKey = useRef(key);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the query; the revision refreshes it
  useEffect(() => {
    const changed = queryKey.current !== key;
    queryKey.current = key;
    const run = () => {
      lastRun.current = Date.now();
      seq.current++;
      setState((s) => ({ ...s, running: true }));
      worker.current?.postMessage({ seq: seq.current, query });
    };
    // A new query runs at once; new data refreshes no more often than LIVE_INTERVAL_MS.
    const wait = changed || seq.current === 0 ? 0 : Math.max(0, lastRun.current + LIVE_INTERVAL_MS - Date.now());
    const timer = setTimeout(run, wait);
    return () => clearTimeout(timer);
  }, [key, revision]);

  return state;
}
