import { compareLogRecords } from '@core/logs/map-logs';
import type { LogRecord, ObservationBody, ObservationRow, TraceBody, TraceSummary } from '@core/model/types';
import { type Collection, Dexie } from 'dexie';
import { unpackBody } from './body-chunks';
import type { BodyChunk, BodyChunkKey, LoupeDb, ObservationKey } from './db';

/** The newest traces first, by start time. */
export function recentTraces(db: LoupeDb, limit: number): Promise<TraceSummary[]> {
  return db.traces.orderBy('startTime').reverse().limit(limit).toArray();
}

export interface TraceWithBody {
  trace: TraceSummary;
  body: TraceBody | null;
}

/** One trace and its body; null when no observation of it has been stored yet. */
export async function traceWithBody(db: LoupeDb, traceId: string): Promise<TraceWithBody | null> {
  return db.transaction('r', [db.traces, db.traceBodies], async () => {
    const [trace, body] = await Promise.all([db.traces.get(traceId), db.traceBodies.get(traceId)]);
    return trace ? { trace, body: body ?? null } : null;
  });
}

/** A trace's chunks (its spans' rows and bodies): a range of the primary key, whose first part is the trace id. */
export function traceChunks(db: LoupeDb, traceId: string): Collection<BodyChunk, BodyChunkKey> {
  return db.bodyChunks.where('[traceId+chunk]').between([traceId, Dexie.minKey], [traceId, Dexie.maxKey], true, true);
}

/** Every observation row of one trace, in no particular order (the tree builder sorts). */
export async function traceObservations(db: LoupeDb, traceId: string): Promise<ObservationRow[]> {
  return (await traceChunks(db, traceId).toArray()).flatMap((c) => c.rows);
}

/** Every stored observation row, by trace id and then id. */
export async function allObservations(db: LoupeDb): Promise<ObservationRow[]> {
  const rows = (await db.bodyChunks.toArray()).flatMap((c) => c.rows);
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => order(a.traceId, b.traceId) || order(a.id, b.id));
}

/** How many observations are stored: the entries of the chunks' span index. */
export function countObservations(db: LoupeDb): Promise<number> {
  return db.bodyChunks.orderBy('spans').count();
}

/** The chunk that holds a span, and where in it; null when the span is not stored. */
async function spanOf(db: LoupeDb, traceId: string, observationId: string) {
  const chunk = await db.bodyChunks.where('spans').equals([traceId, observationId]).first();
  const at = chunk ? chunk.rows.findIndex((r) => r.id === observationId) : -1;
  return chunk && at >= 0 ? { row: chunk.rows[at] as ObservationRow, body: chunk.bodies[at] } : null;
}

/** One observation's row and its body, from the chunk that holds them (body-chunks.ts); null when it is not stored. */
export async function observationWithBody(
  db: LoupeDb,
  traceId: string,
  observationId: string,
): Promise<{ row: ObservationRow; body: ObservationBody | null } | null> {
  const span = await spanOf(db, traceId, observationId);
  return span ? { row: span.row, body: span.body ? unpackBody(span.body) : null } : null;
}

/** One observation's body. */
export async function observationBody(
  db: LoupeDb,
  traceId: string,
  observationId: string,
): Promise<ObservationBody | null> {
  return (await observationWithBody(db, traceId, observationId))?.body ?? null;
}

/** One observation's row, for the inspector: the views hold only the trace's skeleton. */
export async function observationRow(
  db: LoupeDb,
  traceId: string,
  observationId: string,
): Promise<ObservationRow | null> {
  return (await spanOf(db, traceId, observationId))?.row ?? null;
}

/** The rows of the given spans of one trace that are stored, by id. */
export async function rowsOf(
  db: LoupeDb,
  traceId: string,
  ids: readonly string[],
): Promise<Map<string, ObservationRow>> {
  const wanted = new Set(ids);
  const chunks =
    ids.length > 0
      ? await db.bodyChunks
          .where('spans')
          .anyOf(ids.map((id): ObservationKey => [traceId, id]))
          .distinct()
          .toArray()
      : [];
  const out = new Map<string, ObservationRow>();
  for (const c of chunks) for (const r of c.rows) if (wanted.has(r.id)) out.set(r.id, r);
  return out;
}

/** Rows read per step while loading every trace summary: each step stays a short task on the UI thread. */
const SUMMARY_CHUNK = 4000;

/**
 * A writer stamps `updatedAt` when its transaction starts and the change is visible when it commits: looking back
 * this far catches a trace stamped before the last one seen but committed after it. Traces re-read for nothing are
 * skipped by their unchanged stamp.
 */
const WRITE_LAG_MS = 10_000;

const newestFirst = (a: TraceSummary, b: TraceSummary) => b.startTime - a.startTime || (a.id < b.id ? -1 : 1);

/**
 * Every trace summary in memory, newest first, kept current without reading everything again: the first page is
 * one indexed read, the rest comes in chunks, and later changes are found by the `updatedAt` index (what was
 * written since the last look). 100k summaries load in a few seconds in the background while the first page shows.
 */
export class StoredTraces {
  private readonly byId = new Map<string, TraceSummary>();
  private sorted: TraceSummary[] = [];
  /** Traces updated at or after this time are read again on refresh. */
  private mark = 0;
  private complete = false;
  /** While a refresh reads, the traces that `apply` adds: they may have committed after the refresh's snapshot. */
  private addedDuringRefresh: Set<string> | null = null;

  constructor(private readonly db: LoupeDb) {}

  get all(): TraceSummary[] {
    return this.sorted;
  }

  get loaded(): boolean {
    return this.complete;
  }

  /** The newest `limit` traces, for a first paint before everything is loaded. */
  firstPage(limit: number): Promise<TraceSummary[]> {
    return recentTraces(this.db, limit);
  }

  /**
   * Reads every summary in chunks, newest first, walking the startTime index down from where the last chunk ended
   * (reading by offset would step over every skipped entry again). `onProgress` hears once, when all is read: the
   * first page is on screen meanwhile, and each partial list would cost a filter and a render.
   */
  async loadAll(onProgress: (traces: TraceSummary[]) => void, signal: AbortSignal): Promise<void> {
    // Anything written from here on is read again by the next refresh, whatever chunk it fell between.
    const startedAt = Date.now();
    this.byId.clear();
    let below: { start: number; inclusive: boolean } | null = null;
    while (!signal.aborted) {
      const range: Collection<TraceSummary, string> = below
        ? this.db.traces.where('startTime')[below.inclusive ? 'belowOrEqual' : 'below'](below.start)
        : this.db.traces.orderBy('startTime');
      const rows: TraceSummary[] = await range.reverse().limit(SUMMARY_CHUNK).toArray();
      let added = 0;
      for (const t of rows) {
        if (this.byId.has(t.id)) continue;
        this.byId.set(t.id, t);
        added++;
      }
      const last: TraceSummary | undefined = rows.at(-1);
      if (!last || rows.length < SUMMARY_CHUNK) break;
      if (added > 0) {
        // The next chunk starts at the last start time again: traces sharing it may straddle the two chunks.
        below = { start: last.startTime, inclusive: true };
        continue;
      }
      // A whole chunk of traces that share one start time: read them all, then go on below it.
      for (const t of await this.db.traces.where('startTime').equals(last.startTime).toArray()) this.byId.set(t.id, t);
      below = { start: last.startTime, inclusive: false };
    }
    if (signal.aborted) return;
    this.sorted = [...this.byId.values()].sort(newestFirst);
    this.mark = startedAt - WRITE_LAG_MS;
    this.complete = true;
    onProgress(this.sorted);
  }

  /**
   * Takes summaries as the writer stored them (it posts them with each commit), with no read: the list shows a trace
   * the moment its summary is stored. True when something changed. Before everything is loaded they are left to the
   * refresh that follows the load, which reads them anyway. A summary older than the one held (posts can cross a
   * refresh) is ignored.
   */
  apply(summaries: readonly TraceSummary[]): boolean {
    if (!this.complete) return false;
    const fresh: TraceSummary[] = [];
    for (const t of summaries) {
      if (!this.notOlder(t)) continue;
      if (this.addedDuringRefresh && !this.byId.has(t.id)) this.addedDuringRefresh.add(t.id);
      this.byId.set(t.id, t);
      // No look back for these: they come from the one writer that stores received data (the hub feeds one consumer),
      // in the order its transactions committed, so nothing stamped before them can still commit.
      this.mark = Math.max(this.mark, t.updatedAt);
      fresh.push(t);
    }
    this.mergeIn(fresh);
    return fresh.length > 0;
  }

  /**
   * Reads what changed since the last look; true when something did. Only the `updatedAt` index's keys are walked,
   * and only summaries newer than the ones held are read (those the writer posted are held already). A deletion makes
   * it load everything again.
   */
  async refresh(signal: AbortSignal): Promise<boolean> {
    if (!this.complete) return false;
    const since = this.mark;
    const walked: { id: string; updatedAt: number }[] = [];
    // Summaries the writer posts while this reads are taken meanwhile: the count below must not take a trace that
    // committed after this read's snapshot for one that was deleted.
    const held = this.byId.size;
    const added = new Set<string>();
    this.addedDuringRefresh = added;
    let count: number;
    try {
      [, count] = await this.db.transaction('r', this.db.traces, () =>
        Promise.all([
          this.db.traces
            .where('updatedAt')
            .aboveOrEqual(since)
            .eachKey((updatedAt, cursor) => {
              walked.push({ id: cursor.primaryKey as string, updatedAt: updatedAt as number });
            }),
          this.db.traces.count(),
        ]),
      );
    } finally {
      this.addedDuringRefresh = null;
    }
    if (signal.aborted) return false;
    // Every trace the snapshot holds beyond those held when this started was written since the mark, so it was
    // walked: a count below that means traces were deleted.
    const unheld = walked.filter(({ id }) => !this.byId.has(id) || added.has(id)).length;
    let newest = since;
    const stale: string[] = [];
    for (const { id, updatedAt } of walked) {
      newest = Math.max(newest, updatedAt);
      if ((this.byId.get(id)?.updatedAt ?? -1) < updatedAt) stale.push(id);
    }
    if (count !== held + unheld) return this.reload(signal);
    // Everything up to the newest stamp seen is held now, or read below.
    this.mark = Math.max(this.mark, newest - WRITE_LAG_MS);
    if (stale.length === 0) return false;
    const changed = (await this.db.traces.bulkGet(stale)).filter((t): t is TraceSummary => t !== undefined);
    if (signal.aborted) return false;
    // Deleted between the two reads: read everything again.
    if (changed.length !== stale.length) return this.reload(signal);
    // A summary the writer posted meanwhile may be newer than what was read.
    const newer = changed.filter((t) => this.notOlder(t));
    for (const t of newer) this.byId.set(t.id, t);
    this.mergeIn(newer);
    return newer.length > 0;
  }

  /** Traces were deleted: everything is read again. True: the list changed. */
  private async reload(signal: AbortSignal): Promise<boolean> {
    this.complete = false;
    await this.loadAll(() => undefined, signal);
    return true;
  }

  /**
   * Whether what is held already covers a store whose newest summary is stamped `newest` and which holds `count`
   * summaries: nothing newer was written and nothing was removed, so a refresh would read nothing.
   */
  holds({ newest, count }: { newest: number; count: number }): boolean {
    return this.complete && newest <= this.mark && count === this.byId.size;
  }

  /** Whether `t` is at least as new as the summary held for its trace, if any. */
  private notOlder(t: TraceSummary): boolean {
    return (this.byId.get(t.id)?.updatedAt ?? -Infinity) <= t.updatedAt;
  }

  /**
   * Takes `changed` (already in `byId`) out of the sorted list and merges them back in order: linear, where sorting
   * everything again is not.
   */
  private mergeIn(changed: readonly TraceSummary[]): void {
    if (changed.length === 0) return;
    const ids = new Set(changed.map((t) => t.id));
    const rest = this.sorted.filter((t) => !ids.has(t.id));
    const incoming = [...ids].map((id) => this.byId.get(id) as TraceSummary).sort(newestFirst);
    const merged: TraceSummary[] = new Array(rest.length + incoming.length);
    let a = 0;
    let b = 0;
    for (let k = 0; k < merged.length; k++) {
      const takeIncoming =
        a >= rest.length ||
        (b < incoming.length && newestFirst(incoming[b] as TraceSummary, rest[a] as TraceSummary) < 0);
      merged[k] = takeIncoming ? (incoming[b++] as TraceSummary) : (rest[a++] as TraceSummary);
    }
    this.sorted = merged;
  }
}

/** Records shown per list: a chatty span or trace can log thousands; the count says how many more there are. */
export const LOG_PAGE = 500;

export interface LogPage {
  records: LogRecord[];
  total: number;
}

/** One span's log records, oldest first. */
export async function spanLogs(db: LoupeDb, traceId: string, spanId: string): Promise<LogPage> {
  const all = (await db.logs.where('[traceId+spanId]').equals([traceId, spanId]).toArray()).sort(compareLogRecords);
  return { records: all.slice(0, LOG_PAGE), total: all.length };
}

/**
 * A trace's records that belong to no observation in it: sent without a span id, or for a span that never arrived.
 * Oldest first.
 */
export async function traceOnlyLogs(db: LoupeDb, traceId: string): Promise<LogPage> {
  const records = await db.logs.where('traceId').equals(traceId).toArray();
  // Only the spans the records name are looked up: a trace can have far more observations than records.
  const named = [...new Set(records.flatMap((r) => (r.spanId === '' ? [] : [r.spanId])))];
  const spans = await rowsOf(db, traceId, named);
  const loose = records.filter((r) => !spans.has(r.spanId)).sort(compareLogRecords);
  return { records: loose.slice(0, LOG_PAGE), total: loose.length };
}

/** Records sent with no trace at all, newest first. */
export async function logsWithoutTrace(db: LoupeDb): Promise<LogPage> {
  const collection = db.logs.where('traceId').equals('');
  const all = (await collection.toArray()).sort((a, b) => compareLogRecords(b, a));
  return { records: all.slice(0, LOG_PAGE), total: all.length };
}
