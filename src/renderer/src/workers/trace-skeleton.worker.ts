import { skeletonBuffers } from '@core/tree/skeleton';
import { openDb } from '../store/db';
import { loadSkeletonFromStore } from '../store/skeleton-log-store';

/**
 * Reads a trace's skeleton log (or, for a trace stored before it, its rows) and builds its skeleton off the UI
 * thread. The typed arrays are transferred, not copied. The worker only reads: a log worth compacting is reported, and
 * the page asks the store worker, the only writer, to compact it.
 */
const db = openDb();

export interface SkeletonRequest {
  seq: number;
  traceId: string;
  rootId: string | null;
}

self.onmessage = async (e: MessageEvent<SkeletonRequest>) => {
  const { seq, traceId, rootId } = e.data;
  try {
    const { skeleton, compact } = await loadSkeletonFromStore(db, traceId, rootId);
    self.postMessage({ seq, traceId, skeleton, compact }, { transfer: skeletonBuffers(skeleton) });
  } catch (error) {
    self.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
  }
};
