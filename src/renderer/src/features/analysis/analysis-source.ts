import { encodeSegment, type FactSegment } from '@core/analysis/fact-segments';
import { FactStore } from '@core/analysis/fact-store';
import { traceFact } from '@core/analysis/facts';
import { analyzeStore } from '@core/analysis/rollup';
import type { AnalysisQuery, AnalysisResult } from '@core/analysis/types';
import type { LoupeDb } from '../../store/db';
import {
  type AnalysisCacheRecord,
  type AnalysisDelta,
  SNAPSHOT_FORMAT,
  type SnapshotMeta,
  storedGenerationFacts,
} from '../../store/generation-facts';

/**
 * When the snapshot is rewritten (after answering): once the deltas merged since it hold this share of what it
 * holds, or this many records. Rewriting costs about as much as reading everything once, so it waits until the
 * deltas are worth it; reading a delta costs a record (IndexedDB pays about 8 µs per record) plus its size.
 */
const REWRITE_SHARE = 0.1;
const REWRITE_RECORDS = 256;

export interface Timing {
  /** Where the facts came from on this query: the snapshot and deltas, every row (rebuilt), or memory plus deltas. */
  source: 'snapshot' | 'rows' | 'memory';
  /** Reading IndexedDB (records copied out included). */
  readMs: number;
  /** Folding what was read into the columns in memory. */
  mergeMs: number;
  analyzeMs: number;
  /** Deltas read on this query. */
  deltas: number;
  traces: number;
  generations: number;
}

const segmentIndex = (r: AnalysisCacheRecord) => Number(r.key.slice('segment:'.length));

/**
 * The traces and generation facts the Analysis view aggregates, held in memory in columns (core/analysis/
 * fact-store.ts) and kept current from what the writer appends: the first query reads the snapshot and the deltas
 * written after it (a few large records), later ones only the new deltas. Deleted traces come as deltas too; a
 * trace count that still differs (data written some other way) is repaired from the trace keys or, failing that,
 * by rebuilding from every row once. After answering, the caller folds the deltas into a new snapshot
 * (`writeSnapshot`) when they are worth it.
 */
export class AnalysisSource {
  private store = new FactStore();
  /** The last delta merged. */
  private deltaMark = 0;
  private loaded = false;
  /** Traces and facts merged from deltas since the stored snapshot, and how many deltas. */
  private pendingRows = 0;
  private pendingDeltas = 0;
  private snapshotRows = 0;
  /** Memory holds something the stored snapshot plus deltas do not say (a rebuild or a repair). */
  private rewrite = false;
  private settled = false;

  constructor(private readonly db: LoupeDb) {}

  async query(q: AnalysisQuery): Promise<{ result: AnalysisResult; timing: Timing }> {
    const read = await this.refresh();
    const t0 = performance.now();
    const result = analyzeStore(this.store, q);
    return {
      result,
      timing: {
        ...read,
        analyzeMs: performance.now() - t0,
        traces: this.store.liveTraces,
        generations: this.store.liveFacts,
      },
    };
  }

  /** Whether enough changed since the stored snapshot that writing a new one pays off. */
  get wantsSnapshot(): boolean {
    return (
      this.rewrite ||
      this.pendingDeltas >= REWRITE_RECORDS ||
      (this.pendingDeltas > 0 && this.pendingRows >= REWRITE_SHARE * this.snapshotRows)
    );
  }

  private async refresh(): Promise<Pick<Timing, 'source' | 'readMs' | 'mergeMs' | 'deltas'>> {
    const t0 = performance.now();
    const first = !this.loaded;
    // The first answer skips the trace count (a tenth of the read with 100,000 traces): `settle` checks it after.
    const { cache, deltas, count } = await this.read(first, !first);
    const t1 = performance.now();
    this.loaded = true;
    // Room for everything at once, rather than growing the columns while they fill.
    const changes = deltas.flatMap((d) => (d.segment ? [d.segment] : []));
    if (cache && !this.loadSnapshot(cache, changes)) {
      // No snapshot usable (never written, another layout, or incomplete): every row, once.
      await this.rebuild();
      return { source: 'rows', readMs: t1 - t0, mergeMs: performance.now() - t1, deltas: 0 };
    }
    if (!cache) this.store.reserve(changes);
    await this.catchUp(deltas, count);
    return {
      source: cache ? 'snapshot' : 'memory',
      readMs: t1 - t0,
      mergeMs: performance.now() - t1,
      deltas: deltas.length,
    };
  }

  /**
   * What the first answer left unchecked: the trace count, with the deltas written since (one moment). True when
   * the figures may have changed, so the answer is worth computing again.
   */
  async settle(): Promise<boolean> {
    if (this.settled) return false;
    this.settled = true;
    const { deltas, count } = await this.read(false, true);
    return (await this.catchUp(deltas, count)) || deltas.length > 0;
  }

  /** Merges the deltas read, then repairs memory if the trace count (when read) differs; true when it did. */
  private async catchUp(deltas: AnalysisDelta[], count: number | null): Promise<boolean> {
    for (const delta of deltas) this.merge(delta);
    if (count === null || this.store.liveTraces === count) return false;
    await this.repair(count);
    return true;
  }

  /** The snapshot (if asked), the deltas after the mark and the trace count (if asked), in one transaction. */
  private read(snapshot: boolean, count: boolean) {
    const db = this.db;
    return db.transaction('r', [db.analysisCache, db.analysisDeltas, db.traces], async () => {
      const [cache, deltas, traces] = await Promise.all([
        snapshot ? db.analysisCache.toArray() : null,
        db.analysisDeltas.where(':id').above(this.deltaMark).toArray(),
        count ? db.traces.count() : null,
      ]);
      return { cache, deltas, count: traces };
    });
  }

  /** Loads a stored snapshot; false when there is none usable (never written, another layout, or incomplete). */
  private loadSnapshot(records: AnalysisCacheRecord[], changes: FactSegment[]): boolean {
    const meta = records.find((r) => r.key === 'meta')?.meta;
    const segments = records.filter((r) => r.segment).sort((a, b) => segmentIndex(a) - segmentIndex(b));
    if (!meta || meta.format !== SNAPSHOT_FORMAT || segments.length !== meta.segments) return false;
    this.store.reserve([...segments.flatMap((r) => (r.segment ? [r.segment] : [])), ...changes]);
    for (const r of segments) if (r.segment) this.store.apply(r.segment);
    this.deltaMark = meta.deltaMark;
    this.snapshotRows = this.store.liveTraces + this.store.liveFacts;
    return true;
  }

  private merge(delta: AnalysisDelta): void {
    // A delta at or below the mark is already in the snapshot (one left by an interrupted rewrite).
    if (delta.id === undefined || delta.id <= this.deltaMark) return;
    if (delta.segment) {
      this.store.apply(delta.segment);
      this.pendingRows += delta.segment.traceIds.length + delta.segment.factIds.length;
    }
    for (const id of delta.deleted ?? []) this.store.delete(id);
    this.pendingDeltas++;
    this.deltaMark = delta.id;
  }

  /** The trace count differs from memory: drops the traces that are gone; rebuilds if some are missing instead. */
  private async repair(count: number): Promise<void> {
    const ids = new Set(await this.db.traces.toCollection().primaryKeys());
    for (const id of [...this.store.ids()]) if (!ids.has(id)) this.store.delete(id);
    this.rewrite = true;
    if (this.store.liveTraces !== ids.size || ids.size !== count) await this.rebuild();
  }

  /** Every trace and the facts of every generation row, read once (a store without a usable snapshot): slow, and done once. */
  private async rebuild(): Promise<void> {
    const db = this.db;
    const seq = Date.now();
    const tables = [db.traces, db.bodyChunks, db.analysisDeltas];
    const { traces, facts, last } = await db.transaction('r', tables, async () => {
      const [traces, facts, last] = await Promise.all([
        db.traces.toArray(),
        storedGenerationFacts(db, seq),
        db.analysisDeltas.orderBy(':id').lastKey(),
      ]);
      return { traces, facts, last };
    });
    this.store = new FactStore();
    this.store.apply(encodeSegment(traces.map(traceFact), facts));
    this.deltaMark = Math.max(this.deltaMark, (last as number | undefined) ?? 0);
    this.rewrite = true;
  }

  /**
   * Writes the columns as the new snapshot and deletes the deltas it covers, in one transaction. Another page may
   * have written a newer one meanwhile: then this one is not written.
   */
  async writeSnapshot(): Promise<void> {
    const db = this.db;
    const segments = this.store.toSegments();
    const mark = this.deltaMark;
    const meta: SnapshotMeta = {
      format: SNAPSHOT_FORMAT,
      deltaMark: mark,
      segments: segments.length,
      traces: this.store.liveTraces,
    };
    const rewrite = this.rewrite;
    await db.transaction('rw', [db.analysisCache, db.analysisDeltas], async () => {
      const current = (await db.analysisCache.get('meta'))?.meta;
      const newer = current?.format === SNAPSHOT_FORMAT && current.deltaMark >= mark;
      if (newer && !(rewrite && current.deltaMark === mark)) return;
      await db.analysisCache.clear();
      await db.analysisCache.bulkPut([
        { key: 'meta', meta },
        ...segments.map((segment, i) => ({ key: `segment:${i}`, segment })),
      ]);
      await db.analysisDeltas.where(':id').belowOrEqual(mark).delete();
    });
    this.pendingRows = 0;
    this.pendingDeltas = 0;
    this.snapshotRows = this.store.liveTraces + this.store.liveFacts;
    this.rewrite = false;
  }
}
