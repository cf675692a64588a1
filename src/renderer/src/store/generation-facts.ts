import { encodeSegment, type FactSegment } from '@core/analysis/fact-segments';
import { generationFact, traceFact } from '@core/analysis/facts';
import type { GenerationFact } from '@core/analysis/types';
import type { ObservationRow, TraceSummary } from '@core/model/types';
import type { Transaction } from 'dexie';
import type { LoupeDb } from './db';

/**
 * The analysis record of each model call (a generation fact), derived from its observation row: the writer appends
 * the facts of what it stores to the Analysis view's deltas, in the same transaction as the rows (so they always
 * reflect the latest merged version). They are not stored apart (ADR 0016): a store without a usable snapshot derives
 * them from the rows again, and the trace list's model filter reads the chunks' `models` index.
 */

/** The facts of the generations among `rows`; `seq` is the write time. */
export function generationFactsOf(rows: Iterable<ObservationRow>, seq: number): GenerationFact[] {
  const out: GenerationFact[] = [];
  for (const row of rows) {
    const fact = generationFact(row, seq);
    if (fact) out.push(fact);
  }
  return out;
}

/**
 * Called by the writer inside its transaction with the observation rows and trace summaries it stores: one delta for
 * the Analysis view with their facts and the traces in columns (see AnalysisDelta).
 */
export function putAnalysisDelta(
  db: LoupeDb,
  rows: Iterable<ObservationRow>,
  traces: readonly TraceSummary[],
  seq: number,
): Promise<unknown> {
  const facts = generationFactsOf(rows, seq);
  if (facts.length === 0 && traces.length === 0) return Promise.resolve();
  return db.analysisDeltas.add({ segment: encodeSegment(traces.map(traceFact), facts) });
}

/** The facts of every stored generation, derived from the rows one at a time (a store without a usable snapshot). */
export async function storedGenerationFacts(db: LoupeDb, seq: number): Promise<GenerationFact[]> {
  const facts: GenerationFact[] = [];
  await db.bodyChunks.each((chunk) => {
    for (const row of chunk.rows) {
      const fact = generationFact(row, seq);
      if (fact) facts.push(fact);
    }
  });
  return facts;
}

const traceIdsOf = (keys: readonly (readonly [string, string])[]) => new Set(keys.map(([traceId]) => traceId));

/** Traces with at least one observation of `model`, from the chunks' index of the models their rows name. */
export async function tracesWithModel(db: LoupeDb, model: string): Promise<ReadonlySet<string>> {
  const keys = await db.bodyChunks.where('models').equals(model).primaryKeys();
  return traceIdsOf(keys);
}

/** Every model name seen, sorted. */
export async function modelNames(db: LoupeDb): Promise<string[]> {
  return (await db.bodyChunks.orderBy('models').uniqueKeys()).map(String);
}

/** Traces with at least one observation (of any type) named `name`. */
export async function tracesWithObservationNamed(db: LoupeDb, name: string): Promise<ReadonlySet<string>> {
  const keys = await db.bodyChunks.where('names').equals(name).primaryKeys();
  return traceIdsOf(keys);
}

export async function observationNames(db: LoupeDb): Promise<string[]> {
  return (await db.bodyChunks.orderBy('names').uniqueKeys()).map(String);
}

/** Traces with a score named `name`, on the trace itself or on one of its observations. */
export async function tracesWithScoreNamed(db: LoupeDb, name: string): Promise<ReadonlySet<string>> {
  const scores = await db.scores.where('name').equals(name).toArray();
  return new Set(scores.flatMap((s) => (s.traceId ? [s.traceId] : [])));
}

export async function scoreNames(db: LoupeDb): Promise<string[]> {
  return (await db.scores.orderBy('name').uniqueKeys()).map(String);
}

/** The snapshot's layout; a stored meta of another format is not read (the facts are then rebuilt from the rows). */
export const SNAPSHOT_FORMAT = 2;

/** What the analysis snapshot holds: everything written up to delta `deltaMark`, in `segments` records. */
export interface SnapshotMeta {
  format: number;
  deltaMark: number;
  segments: number;
  traces: number;
}

/** A record of the analysis snapshot: its description (`meta`) or one segment (`segment:<n>`). */
export interface AnalysisCacheRecord {
  key: string;
  meta?: SnapshotMeta;
  segment?: FactSegment;
}

/**
 * What one write changed, for the Analysis view, appended in the writer's transaction: the written traces' trace
 * facts and the facts of the generations it stored (`segment`), or the traces a deletion removed (`deleted`). The
 * analysis reads the snapshot plus the deltas after its mark, in key order (later ones win), and folds them into a
 * new snapshot after answering, so a first visit reads a few large records, never every row.
 */
export interface AnalysisDelta {
  id?: number;
  segment?: FactSegment;
  deleted?: string[];
}

/** The snapshot of a store with nothing in it: written when the database is created, so deltas are all there is. */
export const EMPTY_SNAPSHOT: AnalysisCacheRecord = {
  key: 'meta',
  meta: { format: SNAPSHOT_FORMAT, deltaMark: 0, segments: 0, traces: 0 },
};

/** Upgrade step from stores with the earlier snapshot layout: it is dropped, and rebuilt from the rows when read. */
export function dropOldSnapshot(tx: Transaction): Promise<void> {
  return tx.table('analysisCache').clear();
}
