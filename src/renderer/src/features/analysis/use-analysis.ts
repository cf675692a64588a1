import type { AnalysisQuery, AnalysisResult } from '@core/analysis/types';
import { useEffect, useRef, useState } from 'react';
import { useConnectionStore } from '../../connection/connection-store';
import { connectAnalysis } from './analysis-client';
import type { Timing } from './analysis-source';

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
  const revision = useConnectionStore((s) => s.revision);
  const connection = useRef<ReturnType<typeof connectAnalysis> | null>(null);
  const seq = useRef(0);
  const lastRun = useRef(0);
  const [state, setState] = useState<AnalysisState>({ result: null, timing: null, error: null, running: true });

  useEffect(() => {
    const line = connectAnalysis(
      (reply) => {
        if (reply.seq !== seq.current) return;
        setState((s) =>
          'error' in reply
            ? { ...s, error: `The analysis failed: ${reply.error}`, running: false }
            : { result: reply.result, timing: reply.timing, error: null, running: false },
        );
      },
      (message) => setState((s) => ({ ...s, error: message, running: false })),
    );
    connection.current = line;
    return () => {
      line.close();
      connection.current = null;
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
      if (!connection.current) return;
      setState((s) => ({ ...s, running: true }));
      seq.current = connection.current.ask(query);
    };
    // A new query runs at once; new data refreshes no more often than LIVE_INTERVAL_MS.
    const wait = changed || seq.current === 0 ? 0 : Math.max(0, lastRun.current + LIVE_INTERVAL_MS - Date.now());
    const timer = setTimeout(run, wait);
    return () => clearTimeout(timer);
  }, [key, revision]);

  return state;
}
