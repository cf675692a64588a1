import type { RetentionSettings } from '@core/commands/contract';
import type { TraceSummary } from '@core/model/types';
import type { TracePreview } from '@core/trace/preview-text';
import { COMPACT_AFTER } from '@core/tree/skeleton-log';
import type { ClientMessage, IngestBatch, Notice } from '@core/wire/protocol';
import type { LoupeDb } from './db';
import { KnownTraces } from './known-traces';
import { QuotaRecoveredError, withQuotaRecovery } from './retention';
import { compactSkeletonLog } from './skeleton-log-store';
import { applyBatches, groupable, MAX_GROUP_OBSERVATIONS } from './writer';

/** Where a batch came from and where its ack goes: one connection to the server. */
export interface BatchSource {
  reply(message: ClientMessage): void;
}

export interface BatchWriterOptions {
  /** The user's retention limits, asked only when a write fails for lack of space. */
  retention: () => Promise<RetentionSettings | null>;
  /**
   * After each commit, with the traces it touched and the summaries it stored for them; with none when traces were
   * removed to make room.
   */
  stored: (traceIds: string[], summaries: TraceSummary[], previews: TracePreview[]) => void;
  /** Something the user should see: a batch that could not be stored, room made on a full disk. */
  notice: (level: Notice['level'], message: string) => void;
}

export interface BatchWriter {
  /** Queues a batch from `source`; it is written after every batch received before it, then acked or nacked. */
  receive(source: BatchSource, batch: IngestBatch): void;
  /** Resolves once everything received so far is written and answered. */
  idle(): Promise<void>;
}

/**
 * The one module that applies received batches to the store, whatever carried them. Batches are written in arrival
 * order; those that arrived while others were being written go into the next transaction together (a commit is a
 * good part of what storing costs under load), as long as they come from the same source and can share one. Each
 * batch is acked once its transaction committed; a failed group is written again batch by batch, so one bad batch
 * does not take the others with it, and only that one is nacked (the server sends it again later). A full disk makes
 * room (the retention limits, or the oldest tenth) and nacks with the notice that says so: nothing received is lost.
 */
export function createBatchWriter(db: LoupeDb, options: BatchWriterOptions): BatchWriter {
  let writes: Promise<void> = Promise.resolve();
  const waiting: { source: BatchSource; batch: IngestBatch }[] = [];
  const storeBatches = withQuotaRecovery(db, applyBatches, options.retention);
  // The traces written so far: spans of traces it has not seen are written without reading first (known-traces.ts).
  const known = new KnownTraces();
  const compactions = skeletonCompactions(db, (compact) => {
    writes = writes.then(compact);
  });

  /** The next batches that can share a transaction: same source, no trace upserts, a bounded size. */
  const takeGroup = () => {
    const first = waiting.shift();
    if (!first) return null;
    const batches = [first.batch];
    let size = first.batch.observations.length;
    while (groupable(first.batch) && waiting[0]?.source === first.source && groupable(waiting[0].batch)) {
      size += waiting[0].batch.observations.length;
      if (size > MAX_GROUP_OBSERVATIONS) break;
      batches.push((waiting.shift() as { batch: IngestBatch }).batch);
    }
    return { source: first.source, batches };
  };

  const storeGroup = async (source: BatchSource, batches: IngestBatch[]): Promise<void> => {
    try {
      const { traceIds, summaries, previews } = await storeBatches(db, batches, known);
      compactions.written(traceIds);
      options.stored(traceIds, summaries, previews);
      for (const b of batches) source.reply({ type: 'ack', seq: b.seq });
    } catch (err) {
      if (batches.length > 1 && !(err instanceof QuotaRecoveredError)) {
        for (const b of batches) await storeGroup(source, [b]);
        return;
      }
      const error = err instanceof Error ? err.message : String(err);
      if (err instanceof QuotaRecoveredError) {
        // Traces were removed to make room: views must drop them.
        options.stored([], [], []);
        options.notice('warning', error);
      } else {
        const seqs = batches.map((b) => b.seq).join(', ');
        options.notice('error', `Could not store batch ${seqs} in the local database: ${error}`);
      }
      for (const b of batches) source.reply({ type: 'nack', seq: b.seq, error });
    }
  };

  // Each arriving batch schedules one of these; one that finds nothing waiting was written with an earlier group.
  const writeNext = async () => {
    const group = takeGroup();
    if (group) await storeGroup(group.source, group.batches);
  };

  return {
    receive(source, batch) {
      waiting.push({ source, batch });
      writes = writes.then(writeNext);
    },
    idle: () => writes,
  };
}

/** Traces counted at most: past this the counts start again (a trace opened from a long log is compacted then). */
const MAX_COUNTED_TRACES = 10_000;

/**
 * Compacts the skeleton log of a trace once this writer has appended COMPACT_AFTER entries to it, queued after the
 * writes waiting (`queue`), so that a trace written to for hours still opens from a few records. Counted in memory,
 * since a count read from the store would be a read on every write.
 */
function skeletonCompactions(db: LoupeDb, queue: (compact: () => Promise<void>) => void) {
  const appended = new Map<string, number>();
  return {
    written(traceIds: readonly string[]) {
      if (appended.size > MAX_COUNTED_TRACES) appended.clear();
      for (const id of traceIds) {
        const n = (appended.get(id) ?? 0) + 1;
        if (n <= COMPACT_AFTER) {
          appended.set(id, n);
          continue;
        }
        appended.delete(id);
        // A failed compaction leaves the log as it was: correct, one more read to open.
        queue(() =>
          compactSkeletonLog(db, id).then(
            () => undefined,
            () => undefined,
          ),
        );
      }
    },
  };
}
