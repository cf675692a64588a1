import type { TraceSkeleton } from '@core/tree/skeleton';
import { storeRequest } from '../connection/connect';
import { workerErrorMessage } from '../lib/worker-error';
import type { SkeletonRequest } from './trace-skeleton.worker';

type Reply =
  | { seq: number; skeleton: TraceSkeleton; compact: boolean; traceId: string }
  | { seq: number; error: string };

/**
 * One skeleton worker for the page's lifetime: starting a worker and opening the database in it costs tens of
 * milliseconds, paid once instead of on every trace opened.
 */
let worker: Worker | null = null;
let nextSeq = 0;
const waiting = new Map<number, { resolve(s: TraceSkeleton): void; reject(e: Error): void }>();

function start(): Worker {
  const w = new Worker(new URL('./trace-skeleton.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<Reply>) => {
    const pending = waiting.get(e.data.seq);
    if (!pending) return;
    waiting.delete(e.data.seq);
    if ('error' in e.data) pending.reject(new Error(e.data.error));
    else pending.resolve(e.data.skeleton);
    // The trace opens faster next time; a failure costs only that, so it is not shown.
    if ('compact' in e.data && e.data.compact)
      storeRequest('compactSkeletonLog', { traceId: e.data.traceId }).catch(() => undefined);
  };
  w.onerror = (e) => {
    for (const pending of waiting.values())
      pending.reject(new Error(`the trace loader stopped: ${workerErrorMessage(e)}`));
    waiting.clear();
    worker = null;
  };
  return w;
}

/** The skeleton of one trace, built in the worker from what is stored now. */
export function loadSkeleton(traceId: string, rootId: string | null): Promise<TraceSkeleton> {
  worker ??= start();
  const seq = ++nextSeq;
  const request: SkeletonRequest = { seq, traceId, rootId };
  return new Promise((resolve, reject) => {
    waiting.set(seq, { resolve, reject });
    worker?.postMessage(request);
  });
}
