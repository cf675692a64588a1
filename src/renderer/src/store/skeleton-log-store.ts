import type { ObservationRow } from '@core/model/types';
import { buildSkeleton, skeletonOf, skeletonRowOf, type TraceSkeleton } from '@core/tree/skeleton';
import {
  COMPACT_AFTER,
  encodeSkeletonLog,
  replaySkeletonLog,
  type SkeletonLogEntry,
  skeletonLogRows,
} from '@core/tree/skeleton-log';
import { groupBy } from '../lib/group-by';
import type { LoupeDb, SkeletonLogRecord } from './db';
import { traceObservations } from './queries';

/**
 * The skeleton log in the store (ADR 0012). The writer appends one entry per trace it touched, in the transaction that
 * writes the rows and with nothing read for it; opening a trace reads its entries in one indexed range read. The
 * store worker, the only writer, compacts a trace's entries into one once there are many, and rebuilds the log of a
 * trace stored before the log existed from its rows.
 */

/** Appends, within the caller's transaction, one entry per trace of `rows` (each observation once: the batch's last). */
export function putSkeletonLog(db: LoupeDb, rows: Iterable<ObservationRow>): Promise<unknown> {
  const byTrace = groupBy(rows, (row) => row.traceId);
  if (byTrace.size === 0) return Promise.resolve();
  return db.skeletonLog.bulkAdd(
    [...byTrace].map(([traceId, list]) => encodeSkeletonLog(traceId, list.map(skeletonRowOf))),
  );
}

export interface LoadedSkeleton {
  skeleton: TraceSkeleton;
  /** The log would open faster compacted, or is missing rows (a trace stored before it): the store worker should. */
  compact: boolean;
}

const isEntry = (r: SkeletonLogRecord): r is SkeletonLogEntry & { seq?: number } => r.legacy !== true;

/** A trace's skeleton from its log; from its rows when it has none, or was stored before the log existed. */
export async function loadSkeletonFromStore(
  db: LoupeDb,
  traceId: string,
  rootId: string | null,
): Promise<LoadedSkeleton> {
  const records = await db.skeletonLog.where('traceId').equals(traceId).toArray();
  if (records.length === 0 || !records.every(isEntry)) {
    const rows = await traceObservations(db, traceId);
    return { skeleton: buildSkeleton(rows, rootId), compact: records.length > 0 && rows.length > 0 };
  }
  return {
    skeleton: skeletonOf(skeletonLogRows(records), rootId),
    compact: records.length > COMPACT_AFTER,
  };
}

/**
 * Replaces a trace's log with one entry, in one transaction: the entries read are the entries replaced, since no
 * write to the log can come between (IndexedDB runs read-write transactions on one table one after the other). The
 * entry takes the place of the last one replaced, so that anything appended afterwards still replays after it. A
 * trace stored before the log existed gets its log from its rows. Returns whether anything changed.
 */
export async function compactSkeletonLog(db: LoupeDb, traceId: string): Promise<boolean> {
  return db.transaction('rw', [db.skeletonLog, db.bodyChunks], async () => {
    const records = await db.skeletonLog.where('traceId').equals(traceId).toArray();
    const legacy = !records.every(isEntry);
    if (records.length === 0 || (records.length === 1 && !legacy)) return false;
    const rows = legacy
      ? (await traceObservations(db, traceId)).map(skeletonRowOf)
      : replaySkeletonLog(records as SkeletonLogEntry[]);
    const seqs = records.map((r) => r.seq as number);
    const last = seqs.pop() as number;
    await db.skeletonLog.bulkDelete(seqs);
    await db.skeletonLog.put({ ...encodeSkeletonLog(traceId, rows), seq: last });
    return true;
  });
}
