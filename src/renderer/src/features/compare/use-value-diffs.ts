import type { ValueDiff } from '@core/compare/message-diff';
import type { ObservationBody } from '@core/model/types';
import { useEffect, useRef, useState } from 'react';
import { workerErrorMessage } from '../../lib/worker-error';

export interface ValueDiffs {
  input: ValueDiff;
  output: ValueDiff;
}

type Reply = { seq: number; input: ValueDiff; output: ValueDiff } | { seq: number; error: string };

export type DiffState =
  | { status: 'idle' | 'working' }
  | { status: 'done'; diffs: ValueDiffs }
  | { status: 'error'; error: string };

/** Input and output diffs of two observation bodies, computed in a worker; the latest pair wins. */
export function useValueDiffs(a: ObservationBody | null | undefined, b: ObservationBody | null | undefined): DiffState {
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const [state, setState] = useState<DiffState>({ status: 'idle' });
  useEffect(() => {
    const w = new Worker(new URL('./diff.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<Reply>) => {
      if (e.data.seq !== seq.current) return;
      setState(
        'error' in e.data
          ? { status: 'error', error: `the diff failed: ${e.data.error}` }
          : { status: 'done', diffs: { input: e.data.input, output: e.data.output } },
      );
    };
    w.onerror = (e) => setState({ status: 'error', error: `the diff failed: ${workerErrorMessage(e)}` });
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);
  useEffect(() => {
    seq.current++;
    // Undefined while a body loads; null when a side has none stored (compared as empty).
    if (a === undefined || b === undefined) {
      setState({ status: 'idle' });
      return;
    }
    setState({ status: 'working' });
    worker.current?.postMessage({ seq: seq.current, input: [a?.input, b?.input], output: [a?.output, b?.output] });
  }, [a, b]);
  return state;
}
