import type { IngestBatch } from '@core/bridge/protocol';
import type { Observation } from '@core/model/types';

/** What a batch carries besides its observations (Langfuse ingestion: trace upserts and scores). */
export type BatchExtras = Pick<IngestBatch, 'traces' | 'scores'>;

/**
 * Where the hub keeps batches until a store writer acks them. `append` resolves once the batch is as safe as the
 * store can make it (on disk and fsync'd for the spool), which is when the receiver may answer 2xx.
 */
export interface BatchStore {
  append(receivedAt: number, source: string, observations: Observation[], extras?: BatchExtras): Promise<number>;
  read(seq: number): Promise<IngestBatch>;
  /** The batch is committed downstream; the store may forget it. Unknown sequence numbers are ignored. */
  ack(seq: number): void;
  /** Sequence numbers not yet acked, ascending: after a restart, what must be delivered again. */
  unacked(): number[];
  /** Problems found while opening (a torn record after a crash), for the user. */
  readonly recoveryNotices: readonly string[];
  close(): Promise<void>;
}

/** Keeps batches in memory: for tests and as the fallback when the data directory cannot be written. */
export class MemoryStore implements BatchStore {
  private readonly batches = new Map<number, IngestBatch>();
  private nextSeq = 1;
  readonly recoveryNotices: readonly string[] = [];

  append(receivedAt: number, source: string, observations: Observation[], extras?: BatchExtras): Promise<number> {
    const seq = this.nextSeq++;
    this.batches.set(seq, { seq, receivedAt, source, observations, ...extras });
    return Promise.resolve(seq);
  }

  read(seq: number): Promise<IngestBatch> {
    const batch = this.batches.get(seq);
    return batch ? Promise.resolve(batch) : Promise.reject(new Error(`batch #${seq} is not pending`));
  }

  ack(seq: number): void {
    this.batches.delete(seq);
  }

  unacked(): number[] {
    return [...this.batches.keys()];
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
