import type { RetentionSettings } from '@core/commands/contract';
import { Dexie, type Table } from 'dexie';
import type { LoupeDb } from './db';

/**
 * Keeps the local store within the user's limits: traces older than `maxAgeDays`, then the oldest traces while the
 * store is larger than `maxBytes`. Also what runs when a write fails because the disk (or the browser's quota) is
 * full, and what "Delete trace" and "Delete all data" use.
 */

/** Traces deleted per transaction: small enough to keep each transaction short. */
const SIZE_CHUNK = 200;
/** Trimming by size aims this far under the limit. */
const SIZE_TARGET = 0.9;
/** Share of traces removed after a quota error when no limit is set. */
const QUOTA_TRIM_SHARE = 0.1;

export interface RetentionRun {
  time: number;
  /** What started the run. */
  reason: 'startup' | 'schedule' | 'settings' | 'quota';
  byAge: number;
  bySize: number;
  /** Storage used after the run, when the browser can tell. */
  usageBytes: number | null;
}

export type StorageEstimate = () => Promise<{ usage?: number; quota?: number }>;

/** The browser's own estimate of what this origin stores (IndexedDB included); `{}` where there is none. */
const browserEstimate: StorageEstimate = () => {
  const storage = (globalThis as { navigator?: { storage?: { estimate?: StorageEstimate } } }).navigator?.storage;
  return storage?.estimate ? storage.estimate() : Promise.resolve({});
};

/** True for a write refused because storage is full: the DOMException itself or Dexie's wrapper around it. */
export function isQuotaError(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { name, inner } = e as { name?: unknown; inner?: unknown };
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    e = inner;
  }
  return false;
}

/** How to delete one trace's rows from a table: found generically so tables added later are covered too. */
function deleteFrom(table: Table, traceIds: string[]): Promise<unknown> {
  const { primKey, idxByName } = table.schema;
  if (idxByName.traceId) return table.where('traceId').anyOf(traceIds).delete();
  const keyPath = primKey.keyPath;
  if (Array.isArray(keyPath) && keyPath[0] === 'traceId')
    return Promise.all(
      traceIds.map((id) =>
        table.where(primKey.name).between([id, Dexie.minKey], [id, Dexie.maxKey], true, true).delete(),
      ),
    );
  if (table.name === 'traces' || table.name === 'traceBodies') return table.bulkDelete(traceIds);
  // The analysis snapshot stays; a delta tells the Analysis view which traces went (see AnalysisDelta).
  if (table.name === 'analysisCache') return Promise.resolve();
  if (table.name === 'analysisDeltas') return table.add({ deleted: traceIds });
  // Any other table with no trace key holds something derived from the rest: rebuilt when read.
  return table.clear();
}

/** Removes traces and everything that belongs to them (observations, bodies, scores, derived rows). */
export async function deleteTraces(db: LoupeDb, traceIds: string[]): Promise<void> {
  if (traceIds.length === 0) return;
  await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((table) => deleteFrom(table, traceIds))));
}

/** Empties every table. */
export async function deleteAllData(db: LoupeDb): Promise<void> {
  await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((table) => table.clear())));
}

async function oldestTraceIds(db: LoupeDb, count: number): Promise<string[]> {
  return (await db.traces.orderBy('startTime').limit(count).primaryKeys()) as string[];
}

/** Deletes traces whose start is older than the limit; returns how many. */
async function trimByAge(db: LoupeDb, maxAgeDays: number, now = Date.now()): Promise<number> {
  const cutoff = now - maxAgeDays * 86_400_000;
  const ids = (await db.traces.where('startTime').below(cutoff).primaryKeys()) as string[];
  for (let i = 0; i < ids.length; i += SIZE_CHUNK) await deleteTraces(db, ids.slice(i, i + SIZE_CHUNK));
  return ids.length;
}

/**
 * When the store uses more than `maxBytes`, deletes the oldest traces in one pass: as many as the overshoot is worth
 * at the average size per trace, down to a little under the limit so that the next trace does not trim again. One
 * estimate only: browsers release the space of deleted rows lazily (on compaction), so an estimate taken right after
 * deleting still shows the old usage and would make a loop delete everything.
 */
export async function trimBySize(db: LoupeDb, maxBytes: number, estimate = browserEstimate): Promise<number> {
  const { usage } = await estimate();
  if (usage === undefined || usage <= maxBytes) return 0;
  const total = await db.traces.count();
  if (total === 0) return 0;
  const perTrace = usage / total;
  const count = Math.min(total, Math.ceil((usage - maxBytes * SIZE_TARGET) / perTrace));
  const ids = await oldestTraceIds(db, count);
  for (let i = 0; i < ids.length; i += SIZE_CHUNK) await deleteTraces(db, ids.slice(i, i + SIZE_CHUNK));
  return ids.length;
}

/** Applies both limits, age first (cheap and exact), then size. */
export async function runRetention(
  db: LoupeDb,
  limits: RetentionSettings,
  reason: RetentionRun['reason'],
  estimate = browserEstimate,
): Promise<RetentionRun> {
  const byAge = limits.maxAgeDays ? await trimByAge(db, limits.maxAgeDays) : 0;
  const bySize = limits.maxBytes ? await trimBySize(db, limits.maxBytes, estimate) : 0;
  const { usage } = await estimate().catch(() => ({ usage: undefined }));
  return { time: Date.now(), reason, byAge, bySize, usageBytes: usage ?? null };
}

/** A write refused for lack of space, after room was made: the message is the notice to show. */
export class QuotaRecoveredError extends Error {
  override name = 'QuotaRecoveredError';
}

/**
 * After a quota error: applies the limits, or without any, removes the oldest tenth of the traces. Returns the
 * notice that tells the user what happened; the server sends the batch again (it was nacked, not dropped).
 */
export async function recoverFromQuota(
  db: LoupeDb,
  limits: RetentionSettings | null,
  estimate = browserEstimate,
): Promise<{ removed: number; message: string; run: RetentionRun }> {
  let run =
    limits && (limits.maxAgeDays || limits.maxBytes)
      ? await runRetention(db, limits, 'quota', estimate)
      : { time: Date.now(), reason: 'quota' as const, byAge: 0, bySize: 0, usageBytes: null };
  let removed = run.byAge + run.bySize;
  let how = 'by your retention limits';
  if (removed === 0) {
    const total = await db.traces.count();
    const ids = await oldestTraceIds(db, Math.max(1, Math.ceil(total * QUOTA_TRIM_SHARE)));
    await deleteTraces(db, ids);
    removed = ids.length;
    run = { ...run, bySize: removed };
    how =
      limits && (limits.maxAgeDays || limits.maxBytes)
        ? 'as your retention limits freed nothing, the oldest 10%'
        : 'with no retention limit set, the oldest 10%';
  }
  const message =
    removed === 0
      ? 'The disk is full and Loupe’s store is already empty: free some disk space. Loupe will retry; nothing received was lost.'
      : `The disk is full: Loupe removed the oldest ${removed} trace${removed === 1 ? '' : 's'} (${how}) and will retry; nothing received was lost.`;
  return { removed, message, run: { ...run, reason: 'quota' } };
}

/**
 * Wraps a batch writer: on a quota error, makes room and throws a QuotaRecoveredError carrying the notice, so the
 * caller nacks the batch and it comes again. Other errors pass through unchanged.
 */
export function withQuotaRecovery<A extends unknown[], R>(
  db: LoupeDb,
  write: (...args: A) => Promise<R>,
  limits: () => Promise<RetentionSettings | null>,
  onRecovered?: (run: RetentionRun) => void,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await write(...args);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      const current = await limits().catch(() => null);
      const { message, run } = await recoverFromQuota(db, current);
      onRecovered?.(run);
      throw new QuotaRecoveredError(message);
    }
  };
}
