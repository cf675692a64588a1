import type { AnalysisQuery, AnalysisResult } from '@core/analysis/types';
import { workerErrorMessage } from '../../lib/worker-error';
import type { Timing } from './analysis-source';

export type AnalysisReply = { seq: number; result: AnalysisResult; timing: Timing } | { seq: number; error: string };

interface Listener {
  reply(reply: AnalysisReply): void;
  fail(message: string): void;
}

/**
 * One analysis worker for the page's lifetime. It keeps the facts it read in memory, so coming back to the view
 * costs only what was stored meanwhile, not a read of the whole store; and it can be started before the first
 * visit, so that visit does not wait for the worker to load and open the database.
 */
let worker: Worker | null = null;
let nextSeq = 0;
let listener: Listener | null = null;

function start(): Worker {
  const w = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<AnalysisReply>) => listener?.reply(e.data);
  w.onerror = (e) => {
    // The next visit starts a new one.
    if (worker === w) worker = null;
    listener?.fail(`The analysis worker failed: ${workerErrorMessage(e)}`);
  };
  return w;
}

/** Starts the worker ahead of the view (when the page is idle), so the first visit does not pay for it. */
export function prewarmAnalysis(): void {
  worker ??= start();
}

/**
 * The view's line to the worker: `ask` sends a query and returns its sequence number (replies carry it, so the view
 * keeps only its latest); replies go to the last view connected. `close` stops listening; the worker stays.
 */
export function connectAnalysis(reply: Listener['reply'], fail: Listener['fail']) {
  const own: Listener = { reply, fail };
  listener = own;
  return {
    ask(query: AnalysisQuery): number {
      worker ??= start();
      const seq = ++nextSeq;
      worker.postMessage({ seq, query });
      return seq;
    },
    close(): void {
      if (listener === own) listener = null;
    },
  };
}
