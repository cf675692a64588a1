import { decodeFacts, decodeTraces, encodeFacts, encodeTraces } from '@core/analysis/columns';
import { traceFact } from '@core/analysis/facts';
import { analyze } from '@core/analysis/rollup';
import type { AnalysisQuery, AnalysisResult, GenerationFact, TraceFact } from '@core/analysis/types';
import type { LoupeDb } from '../../store/db';
import type { AnalysisCacheRecord, SnapshotMeta } from '../../store/generation-facts';

/**
 * Rows read since the snapshot beyond which a new snapshot is written: reading this many rows one by one costs
 * about as much as the whole snapshot (IndexedDB pays per record; see core/analysis/columns.ts).
 */
const SNAPSHOT_AFTER = 5_000;

export interface Timing {
  /** Where the facts came from on this query: the columnar snapshot, every row, or memory plus what changed. */
  source: 'snapshot' | 'rows' | 'memory';
  readMs: number;
  analyzeMs: number;
  traces: number;
  generations: number;
}

const factKey = (f: { traceId: string; id: string }) => `${f.traceId}/${f.id}`;

/**
 * The traces and generation facts the Analysis view aggregates, held in memory and kept current incrementally:
 * the first query reads the columnar snapshot (or, without one, every row once), later ones only the rows written
 * since (the `updatedAt` and `seq` indexes). Deleted traces are noticed by the trace count and dropped with their
 * facts. The snapshot is rewritten in the background when enough has changed.
 */
export class AnalysisSource {
  private traces = new Map<string, TraceFact>();
  private facts = new Map<string, GenerationFact>();
  private traceMark = 0;
  private factMark = 0;
  private loaded = false;
  private changedSinceSnapshot = 0;
  private snapshotDirty = false;

  constructor(private readonly db: LoupeDb) {}

  async query(q: AnalysisQuery): Promise<{ result: AnalysisResult; timing: Timing }> {
    const t0 = performance.now();
    const source = await this.refresh();
    const t1 = performance.now();
    const result = analyze(this.traces.values(), this.facts.values(), q);
    const t2 = performance.now();
    return {
      result,
      timing: {
        source,
        readMs: t1 - t0,
        analyzeMs: t2 - t1,
        traces: this.traces.size,
        generations: this.facts.size,
      },
    };
  }

  /** Whether enough changed since the stored snapshot that writing a new one pays off. */
  get wantsSnapshot(): boolean {
    return this.snapshotDirty || this.changedSinceSnapshot >= SNAPSHOT_AFTER;
  }

  private async refresh(): Promise<Timing['source']> {
    const db = this.db;
    let source: Timing['source'] = 'memory';
    if (!this.loaded) source = await this.load();
    // Deletions leave no row to read: a count that differs says some happened.
    const [traces, facts, count] = await Promise.all([
      db.traces.where('updatedAt').aboveOrEqual(this.traceMark).toArray(),
      db.genFacts.where('seq').aboveOrEqual(this.factMark).toArray(),
      db.traces.count(),
    ]);
    for (const t of traces) this.putTrace(traceFact(t));
    for (const f of facts) this.putFact(f);
    this.changedSinceSnapshot += traces.length + facts.length;
    if (count !== this.traces.size) await this.dropDeleted();
    return source;
  }

  private putTrace(t: TraceFact): void {
    this.traces.set(t.id, t);
    if (t.updatedAt > this.traceMark) this.traceMark = t.updatedAt;
  }

  private putFact(f: GenerationFact): void {
    this.facts.set(factKey(f), f);
    if (f.seq > this.factMark) this.factMark = f.seq;
  }

  private async load(): Promise<Timing['source']> {
    const records = await this.db.analysisCache.toArray();
    const meta = records.find((r) => r.key === 'meta')?.meta;
    this.loaded = true;
    if (meta && records.length === meta.factBlocks + meta.traceBlocks + 1) {
      for (const r of records) {
        if (r.traces) for (const t of decodeTraces(r.traces)) this.traces.set(t.id, t);
        if (r.facts) for (const f of decodeFacts(r.facts)) this.facts.set(factKey(f), f);
      }
      this.traceMark = meta.traceMark;
      this.factMark = meta.factMark;
      return 'snapshot';
    }
    // No snapshot (or a broken one): every row once, and a snapshot written afterwards.
    const [traces, facts] = await Promise.all([this.db.traces.toArray(), this.db.genFacts.toArray()]);
    for (const t of traces) this.putTrace(traceFact(t));
    for (const f of facts) this.putFact(f);
    this.snapshotDirty = true;
    return 'rows';
  }

  private async dropDeleted(): Promise<void> {
    const ids = new Set(await this.db.traces.toCollection().primaryKeys());
    for (const id of this.traces.keys()) if (!ids.has(id)) this.traces.delete(id);
    for (const [key, f] of this.facts) if (!ids.has(f.traceId)) this.facts.delete(key);
    this.snapshotDirty = true;
  }

  /** Writes the current state as the new snapshot, replacing the old one in one transaction. */
  async writeSnapshot(): Promise<void> {
    const factBlocks = encodeFacts([...this.facts.values()]);
    const traceBlocks = encodeTraces([...this.traces.values()]);
    const meta: SnapshotMeta = {
      factMark: this.factMark,
      traceMark: this.traceMark,
      factBlocks: factBlocks.length,
      traceBlocks: traceBlocks.length,
      traces: this.traces.size,
    };
    const records: AnalysisCacheRecord[] = [
      { key: 'meta', meta },
      ...factBlocks.map((facts, i) => ({ key: `facts:${i}`, facts })),
      ...traceBlocks.map((traces, i) => ({ key: `traces:${i}`, traces })),
    ];
    await this.db.transaction('rw', this.db.analysisCache, async () => {
      await this.db.analysisCache.clear();
      await this.db.analysisCache.bulkPut(records);
    });
    this.changedSinceSnapshot = 0;
    this.snapshotDirty = false;
  }
}
