import type { AnalysisQuery, AnalysisResult } from '@core/analysis/types';
import { useConnectionStore } from '../../connection/connection-store';
import { isBacklogged } from '../../connection/drain';
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

/** Starts the worker ahead of the view, so the first visit does not pay for it. */
export function prewarmAnalysis(): void {
  worker ??= start();
}

/** Connected, and told that nothing waits to be stored. */
const quiet = (): boolean => {
  const { status, backlog } = useConnectionStore.getState();
  return status === 'connected' && backlog !== null && !isBacklogged(backlog);
};

/**
 * Starts the worker ahead of the view once nothing waits to be stored and the page is idle. Loading it and opening
 * the database take some 60 ms of a core: on a page still storing a backlog, that is taken from the frames that show
 * the list. A backlog that begins before the page is idle puts it off again. Returns a function that gives up.
 */
export function prewarmAnalysisWhenQuiet(
  whenIdle: (run: () => void) => void = (run) => requestIdleCallback(run, { timeout: 10_000 }),
): () => void {
  let waiting = true;
  let unsubscribe = () => {};
  const wait = () => {
    unsubscribe = useConnectionStore.subscribe(check);
    check();
  };
  function check() {
    if (!waiting || !quiet()) return;
    unsubscribe();
    whenIdle(() => {
      if (!waiting) return;
      if (!quiet()) return wait();
      waiting = false;
      prewarmAnalysis();
    });
  }
  wait();
  return () => {
    waiting = false;
    unsubscribe();
  };
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
