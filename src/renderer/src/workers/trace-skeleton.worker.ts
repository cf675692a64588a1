import { buildSkeleton, skeletonBuffers } from '@core/tree/skeleton';
import { openDb } from '../store/db';
import { traceObservations } from '../store/queries';

/**
 * Reads a trace's observation rows and builds its skeleton off the UI thread: for 100k observations the read and
 * the tree take about a second together, which the page would otherwise spend frozen. The typed arrays are
 * transferred, not copied.
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
    const rows = await traceObservations(db, traceId);
    const skeleton = buildSkeleton(rows, rootId);
    self.postMessage({ seq, skeleton }, { transfer: skeletonBuffers(skeleton) });
  } catch (error) {
    self.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
  }
};
