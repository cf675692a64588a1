import type { PackedValues } from '@core/model/packed-values';
import type { LogRecord, ObservationBody, ObservationRow, Score, TraceBody, TraceSummary } from '@core/model/types';
import type { SkeletonLogEntry } from '@core/tree/skeleton-log';
import { Dexie, type DexieOptions, type Table, type Transaction } from 'dexie';
import { chunkStoredBodies, foldRowsIntoChunks } from './body-chunks';
import { type AnalysisCacheRecord, type AnalysisDelta, dropOldSnapshot, EMPTY_SNAPSHOT } from './generation-facts';

/** Compound primary key of observations and their bodies: span ids are only unique within a trace. */
export type ObservationKey = [traceId: string, id: string];

/**
 * An observation row as stores before rows moved into their chunks (version 10) kept it: with the name of the chunk
 * that held its body. Only the upgrade reads these.
 */
export type StoredRow = ObservationRow & { bodyChunk?: string };

/**
 * An observation body as stored: an input or output that one of its attributes holds exactly is left out, and `from`
 * names that attribute (body-chunks.ts `packBody`). Bodies stored without `from` hold both as they are.
 */
export type StoredBody = Omit<ObservationBody, 'input' | 'output'> & {
  input?: unknown;
  output?: unknown;
  from?: PackedValues;
};

/**
 * Some spans of one trace, written together (body-chunks.ts): their rows and their bodies, `rows[i]` and `bodies[i]`
 * of the same span. Named by its first span's id. `spans`, `names` and `models` are what its indexes hold: every
 * span's key, and the distinct names and models of its rows.
 */
export interface BodyChunk {
  traceId: string;
  chunk: string;
  rows: ObservationRow[];
  bodies: StoredBody[];
  spans: ObservationKey[];
  names: string[];
  models: string[];
}

export type BodyChunkKey = [traceId: string, chunk: string];

/**
 * A trace's skeleton log as stored (skeleton-log-store.ts), in `seq` order. `legacy` marks a trace stored before the
 * log existed: its skeleton is built from its rows until the log is rebuilt from them.
 */
export type SkeletonLogRecord =
  | (SkeletonLogEntry & { seq?: number; legacy?: undefined })
  | { seq?: number; traceId: string; legacy: true };

/**
 * The local store. The summaries (`traces`) are what the list reads, the skeleton log what trees and timelines
 * read; a trace's spans, rows and bodies, are in chunks of a few dozen (`bodyChunks`), read on demand.
 * Indexes exist only for what the views query.
 */
export class LoupeDb extends Dexie {
  traces!: Table<TraceSummary, string>;
  traceBodies!: Table<TraceBody, string>;
  bodyChunks!: Table<BodyChunk, BodyChunkKey>;
  scores!: Table<Score, string>;
  analysisCache!: Table<AnalysisCacheRecord, string>;
  analysisDeltas!: Table<AnalysisDelta, number>;
  logs!: Table<LogRecord, string>;
  skeletonLog!: Table<SkeletonLogRecord, number>;

  constructor(name: string, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      traces: 'id, startTime, updatedAt, sessionId, userId',
      traceBodies: 'id',
      observations: '[traceId+id], traceId',
      observationBodies: '[traceId+id]',
    });
    // Scores (Langfuse `score-create`), found by trace, by observation, or by name.
    this.version(2).stores({
      scores: 'id, traceId, observationId, name',
    });
    // One small fact row per model call for the Analysis view (see generation-facts.ts), a derived columnar snapshot
    // of them that it reads in one go, and observations found by name (the list's "has an observation named"). The
    // facts rows went in version 9; a store upgraded from before them builds its snapshot from the rows.
    this.version(3).stores({
      observations: '[traceId+id], traceId, name',
      genFacts: '[traceId+id], traceId, seq, model',
      analysisCache: 'key',
    });
    // What each write changed, in columns, for the Analysis view (see AnalysisDelta); the snapshot's layout changed
    // with it. A new store starts with an empty snapshot, which the deltas then complete.
    this.version(4).stores({ analysisDeltas: '++id' }).upgrade(dropOldSnapshot);
    // OTLP log records, found by span (the inspector, and the writer joining them to their observation), by trace,
    // and by time (records without a trace).
    this.version(5).stores({ logs: 'id, traceId, [traceId+spanId], time' });
    // Each trace's skeleton log, read in write order by trace (ADR 0012); the traces stored before it are marked.
    this.version(6).stores({ skeletonLog: '++seq, traceId' }).upgrade(markLegacySkeletons);
    // Bodies in chunks per trace (ADR 0016), and no index that nothing queries: rows and facts of a trace are a range
    // of their primary key, and no view reads facts by write time. Version 8 drops the per-span bodies once moved.
    this.version(7)
      .stores({
        observations: '[traceId+id], name',
        bodyChunks: '[traceId+chunk]',
        genFacts: '[traceId+id], model',
      })
      .upgrade(chunkStoredBodies);
    this.version(8).stores({ observationBodies: null });
    // No facts rows (ADR 0016): the Analysis view's deltas carry the facts, a snapshot is rebuilt from the rows, and
    // the model filter reads the rows' `model` index (only rows with a model are in it).
    this.version(9).stores({ observations: '[traceId+id], name, model', genFacts: null });
    // Rows in their span's chunk (ADR 0024): a span is found by its key in the chunk's `spans`, and a trace by a
    // name or model in the chunk's. Version 11 drops the row table once emptied.
    this.version(10).stores({ bodyChunks: '[traceId+chunk], *spans, *names, *models' }).upgrade(foldRowsIntoChunks);
    this.version(11).stores({ observations: null });
    this.on('populate', (tx) => {
      tx.table('analysisCache').add(EMPTY_SNAPSHOT);
    });
  }
}

/** Traces stored before the skeleton log open from their rows, until the store worker rebuilds their log. */
async function markLegacySkeletons(tx: Transaction): Promise<void> {
  const ids = (await tx.table('traces').toCollection().primaryKeys()) as string[];
  await tx.table('skeletonLog').bulkAdd(ids.map((traceId) => ({ traceId, legacy: true })));
}

/**
 * The store worker opens it with `relaxed` durability (ADR 0016): a batch is acked only once its transaction
 * committed, and until then the server's spool holds it, so a commit lost to a power cut is sent again.
 */
export function openDb(name = 'loupe', options?: DexieOptions): LoupeDb {
  return new LoupeDb(name, options);
}
