import type { Observation } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';

/** What a batch carries besides its observations (Langfuse ingestion: trace upserts and scores; OTLP log records). */
export type BatchExtras = Pick<IngestBatch, 'traces' | 'scores' | 'logs'>;

/** An OTLP request body as received (already checked to decode), kept until it is mapped on its way to a writer. */
export interface RawOtlp {
  format: 'json' | 'protobuf';
  /** How it came, for messages: `POST /v1/traces` (older spools hold the bare path). */
  path: string;
  body: Uint8Array;
  /** Spans it holds that will be stored, from the receiver's scan: the backlog counts them without decoding. */
  spans?: number;
}

export interface RawOtlpBatch {
  seq: number;
  receivedAt: number;
  source: string;
  raw: RawOtlp;
}

/** What a spool hands back: a batch ready for a writer, or a request body still to be mapped into one. */
export type SpooledBatch = IngestBatch | RawOtlpBatch;

export const isRawBatch = (batch: SpooledBatch): batch is RawOtlpBatch => 'raw' in batch;

/**
 * Where the hub keeps batches until a store writer acks them. `append` resolves once the batch is as safe as the
 * spool can make it (on disk and fsync'd for the durable one, `Spool`), which is when the receiver may answer 2xx.
 */
export interface BatchSpool {
  append(receivedAt: number, source: string, observations: Observation[], extras?: BatchExtras): Promise<number>;
  /** Keeps a request body as it came: the costly decoding and mapping happen after the sender has its answer. */
  appendRaw(receivedAt: number, source: string, raw: RawOtlp): Promise<number>;
  read(seq: number): Promise<SpooledBatch>;
  /** The batch is committed downstream; the spool may forget it. Unknown sequence numbers are ignored. */
  ack(seq: number): void;
  /** Sequence numbers not yet acked, ascending: after a restart, what must be delivered again. */
  unacked(): number[];
  /** Spans (and log records) of a batch found unacked on open, as counted when it was appended; 0 when unknown. */
  recoveredSpans(seq: number): number;
  /** Bytes the spool takes, and past which it refuses appends (null: no limit). */
  readonly bytesUsed: number;
  readonly maxBytes: number | null;
  /** Called when acked batches' space was given back (which happens a moment after the acks). */
  onSpaceFreed?: () => void;
  /** Problems found while opening (a torn record after a crash), for the user. */
  readonly recoveryNotices: readonly string[];
  close(): Promise<void>;
}

/** What a batch adds to the backlog: its spans, or its log records. */
export const spansOfBatch = (observations: readonly unknown[], extras?: BatchExtras): number =>
  observations.length + (extras?.logs?.length ?? 0);

/** Keeps batches in memory: for tests and as the fallback when the data directory cannot be written. */
export class MemorySpool implements BatchSpool {
  private readonly batches = new Map<number, SpooledBatch>();
  private nextSeq = 1;
  readonly recoveryNotices: readonly string[] = [];
  readonly bytesUsed: number = 0;
  readonly maxBytes: number | null = null;
  onSpaceFreed?: () => void;

  append(receivedAt: number, source: string, observations: Observation[], extras?: BatchExtras): Promise<number> {
    const seq = this.nextSeq++;
    this.batches.set(seq, { seq, receivedAt, source, observations, ...extras });
    return Promise.resolve(seq);
  }

  appendRaw(receivedAt: number, source: string, raw: RawOtlp): Promise<number> {
    const seq = this.nextSeq++;
    this.batches.set(seq, { seq, receivedAt, source, raw });
    return Promise.resolve(seq);
  }

  read(seq: number): Promise<SpooledBatch> {
    const batch = this.batches.get(seq);
    return batch ? Promise.resolve(batch) : Promise.reject(new Error(`batch #${seq} is not pending`));
  }

  ack(seq: number): void {
    this.batches.delete(seq);
  }

  unacked(): number[] {
    return [...this.batches.keys()];
  }

  /** Nothing survives a restart here. */
  recoveredSpans(): number {
    return 0;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
