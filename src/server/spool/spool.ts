import { mkdirSync } from 'node:fs';
import { type FileHandle, open, readdir, readFile, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Observation } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { type AckFile, readAckFile, syncDir, writeAckFile } from './ack-file';
import { type BatchExtras, type BatchSpool, type RawOtlp, type SpooledBatch, spansOfBatch } from './batch-spool';
import { decodeRecord, encodeRawRecord, encodeRecord, peekRecord, type ScannedRecord, scanRecords } from './record';
import { SpoolFullError } from './spool-full-error';

export interface SpoolOptions {
  dir: string;
  /** Bytes of segment files past which appends are refused (the receiver answers 503). Default 1 GiB. */
  maxBytes?: number;
  /** A segment file is closed for appends past this size; it is deleted once all its batches are acked. */
  segmentBytes?: number;
  /** Acks are written to disk at most this often: a lost ack only means a batch is delivered twice. */
  ackFlushMs?: number;
  /** What a refused sender is told to wait (the Retry-After header). */
  retryAfterSeconds?: number;
  /** Told about a failure that loses nothing but should be known (the ack file could not be written). */
  onProblem?: (message: string) => void;
}

export const DEFAULT_SPOOL_MAX_BYTES = 1024 ** 3;
const SEGMENT = /^seg-(\d{16})\.log$/;

interface Segment {
  path: string;
  size: number;
  /** Batches in this file not yet acked. */
  unacked: Set<number>;
  reader: FileHandle | null;
}

interface Entry {
  segment: Segment;
  offset: number;
  length: number;
}

interface Queued {
  seq: number;
  /** The record's bytes, in one or more pieces written one after the other. */
  record: readonly Uint8Array[];
  bytes: number;
  done: (error?: Error) => void;
}

/** What a raw record says about its body. */
interface RawDescription {
  receivedAt: number;
  source: string;
  format: RawOtlp['format'];
  path: string;
  /** Absent in records written before the backlog was counted. */
  spans?: number;
}

/**
 * A JSON record starts with its batch's span count (`{"spans":12,"seq":…`), so that opening the spool counts the
 * backlog without parsing batches; it is taken out again when the batch is read back.
 */
const SPANS_HEAD = /^\{"spans":(\d+),/;

/** The spans a record holds, as counted when it was appended; 0 for records written before counts were kept. */
function recordSpans(data: Buffer, record: ScannedRecord): number {
  try {
    const peeked = peekRecord(data, record, 32);
    if (peeked.kind === 'json') return Number(SPANS_HEAD.exec(peeked.head)?.[1] ?? 0);
    const spans = (peeked.description as Partial<RawDescription> | null)?.spans;
    return typeof spans === 'number' && Number.isSafeInteger(spans) ? spans : 0;
  } catch {
    // A description that does not parse is reported when the batch is read back; it only costs the count here.
    return 0;
  }
}

/** The segment appended to, and the fsyncs running on its file. */
interface ActiveSegment {
  segment: Segment;
  writer: FileHandle;
  syncing: Set<Promise<void>>;
  /** Settles when every group written to this segment is durable; rejects once one of them could not be. */
  durable: Promise<void>;
  /** The fsync that waits for the one in progress, and will cover every write made until it starts. */
  nextSync: Promise<void> | null;
}

const segmentName = (firstSeq: number) => `seg-${String(firstSeq).padStart(16, '0')}.log`;

/**
 * A durable queue of batches on disk: append-only segment files of checksummed records, and a small ack file.
 * `append` resolves after the record is fsync'd, so a 2xx means the batch survives a crash. On open, every batch not
 * acked is found again; a record torn by a crash is cut off with a notice, keeping everything before it.
 */
export class Spool implements BatchSpool {
  private readonly index = new Map<number, Entry>();
  private readonly segments = new Map<string, Segment>();
  private readonly ackedAbove = new Set<number>();
  /** Span counts of the batches found unacked on open, until they are acked. */
  private readonly recovered = new Map<number, number>();
  onSpaceFreed?: () => void;
  private queue: Queued[] = [];
  private writing: Queued[] = [];
  private active: ActiveSegment | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** Cleared in the same tick the flush loop sees an empty queue, so no append is left waiting. */
  private flushActive = false;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private ackWrite: Promise<void> = Promise.resolve();
  private queuedBytes = 0;
  private usedBytes = 0;
  private ackedThrough = 0;
  private closed = false;
  /** Acks not yet in the ack file: a shutdown with none writes nothing (other tools may be cleaning the directory). */
  private acksDirty = false;
  readonly maxBytes: number;
  private readonly segmentBytes: number;
  private readonly ackFlushMs: number;
  private readonly retryAfterSeconds: number;
  private readonly onProblem: ((message: string) => void) | undefined;

  private constructor(
    private readonly dir: string,
    private nextSeq: number,
    options: SpoolOptions,
    readonly recoveryNotices: readonly string[],
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_SPOOL_MAX_BYTES;
    this.segmentBytes = options.segmentBytes ?? Math.max(64 * 1024, Math.min(64 * 1024 ** 2, this.maxBytes / 8));
    this.ackFlushMs = options.ackFlushMs ?? 100;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 2;
    this.onProblem = options.onProblem;
  }

  static async open(options: SpoolOptions): Promise<Spool> {
    const { dir } = options;
    mkdirSync(dir, { recursive: true });
    const notices: string[] = [];
    const acks = await readAckFile(dir, notices);
    const acked = new Set(acks.acked);
    const names = (await readdir(dir)).filter((n) => SEGMENT.test(n)).sort();
    let maxSeq = Math.max(acks.ackedThrough, acks.nextSeq - 1);
    // Each unacked record: its seq, where it is, and the spans it holds.
    const found: { name: string; segment: Segment; entries: [number, Entry, number][] }[] = [];
    for (const name of names) {
      const path = join(dir, name);
      const data = await readFile(path);
      const { records, validBytes } = scanRecords(data);
      if (validBytes < data.length) {
        notices.push(
          `The spool file ${path} ended with ${data.length - validBytes} bytes of a batch that was not completely written ` +
            `(Loupe stopped while writing it); that part was skipped, the ${records.length} batches before it are kept`,
        );
        await truncate(path, validBytes);
      }
      const segment: Segment = { path, size: validBytes, unacked: new Set(), reader: null };
      const entries: [number, Entry, number][] = [];
      for (const r of records) {
        maxSeq = Math.max(maxSeq, r.seq);
        if (r.seq <= acks.ackedThrough || acked.has(r.seq)) continue;
        segment.unacked.add(r.seq);
        entries.push([r.seq, { segment, offset: r.offset, length: r.length }, recordSpans(data, r)]);
      }
      found.push({ name, segment, entries });
    }
    const spool = new Spool(dir, maxSeq + 1, options, notices);
    spool.ackedThrough = acks.ackedThrough;
    for (const s of acks.acked) if (s > acks.ackedThrough) spool.ackedAbove.add(s);
    for (const { name, segment, entries } of found) {
      if (segment.unacked.size === 0) {
        await rm(segment.path, { force: true });
        continue;
      }
      spool.segments.set(name, segment);
      spool.usedBytes += segment.size;
      for (const [seq, entry, spans] of entries.sort((a, b) => a[0] - b[0])) {
        spool.index.set(seq, entry);
        spool.recovered.set(seq, spans);
      }
    }
    return spool;
  }

  get bytesUsed(): number {
    return this.usedBytes + this.queuedBytes;
  }

  unacked(): number[] {
    return [...this.index.keys()];
  }

  recoveredSpans(seq: number): number {
    return this.recovered.get(seq) ?? 0;
  }

  append(receivedAt: number, source: string, observations: Observation[], extras?: BatchExtras): Promise<number> {
    if (this.closed) return Promise.reject(new Error('the spool is closed'));
    const seq = this.nextSeq;
    const batch: IngestBatch = { seq, receivedAt, source, observations, ...extras };
    const payload = JSON.stringify({ spans: spansOfBatch(observations, extras), ...batch });
    return this.enqueue(seq, [encodeRecord(seq, payload)]);
  }

  appendRaw(receivedAt: number, source: string, raw: RawOtlp): Promise<number> {
    if (this.closed) return Promise.reject(new Error('the spool is closed'));
    const seq = this.nextSeq;
    const description: RawDescription = {
      receivedAt,
      source,
      format: raw.format,
      path: raw.path,
      spans: raw.spans ?? 0,
    };
    return this.enqueue(seq, encodeRawRecord(seq, description, raw.body));
  }

  private enqueue(seq: number, record: readonly Uint8Array[]): Promise<number> {
    const bytes = record.reduce((sum, piece) => sum + piece.length, 0);
    // A batch bigger than the whole cap is still taken when nothing else waits: refusing it would refuse it forever.
    const idle = this.index.size === 0 && this.queue.length === 0 && this.writing.length === 0;
    if (!idle && this.bytesUsed + bytes > this.maxBytes) {
      return Promise.reject(new SpoolFullError(this.bytesUsed, this.maxBytes, this.retryAfterSeconds));
    }
    this.nextSeq++;
    this.queuedBytes += bytes;
    return new Promise((resolve, reject) => {
      this.queue.push({ seq, record, bytes, done: (error) => (error ? reject(error) : resolve(seq)) });
      if (!this.flushActive) {
        this.flushActive = true;
        this.flushing = this.flush();
      }
    });
  }

  async read(seq: number): Promise<SpooledBatch> {
    const entry = this.index.get(seq);
    if (!entry) throw new Error(`batch #${seq} is not in the spool`);
    entry.segment.reader ??= await open(entry.segment.path, 'r');
    const buffer = Buffer.allocUnsafe(entry.length);
    const { bytesRead } = await entry.segment.reader.read(buffer, 0, entry.length, entry.offset);
    const decoded = decodeRecord(buffer.subarray(0, bytesRead), seq);
    if (decoded.kind === 'json') {
      const batch = JSON.parse(decoded.text) as IngestBatch & { spans?: number };
      delete batch.spans;
      return batch;
    }
    const d = decoded.description as RawDescription;
    return {
      seq,
      receivedAt: d.receivedAt,
      source: d.source,
      raw: { format: d.format, path: d.path, body: decoded.body, ...(d.spans === undefined ? {} : { spans: d.spans }) },
    };
  }

  ack(seq: number): void {
    const entry = this.index.get(seq);
    if (!entry) return;
    this.index.delete(seq);
    this.recovered.delete(seq);
    entry.segment.unacked.delete(seq);
    this.ackedAbove.add(seq);
    this.acksDirty = true;
    if (!this.ackTimer && !this.closed) {
      this.ackTimer = setTimeout(() => {
        this.ackTimer = null;
        void this.persistAcks();
      }, this.ackFlushMs);
      this.ackTimer.unref();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    await this.active?.durable.catch(() => undefined);
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (this.acksDirty) await this.persistAcks();
    await this.ackWrite;
    if (this.active) await this.closeWriter(this.active);
    this.active = null;
    for (const segment of this.segments.values()) await segment.reader?.close();
  }

  /**
   * Writes what was queued meanwhile as one group and goes on to the next group without waiting for its fsync:
   * writes stay in order and overlap the fsync in progress, and the next fsync covers every group written meanwhile.
   * A group is answered once its fsync and every earlier group's in the segment are done, so no answered record ever
   * follows one that might be missing after a crash.
   */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      this.writing = this.queue;
      this.queue = [];
      const group = this.writing;
      const bytes = group.reduce((sum, q) => sum + q.bytes, 0);
      let target: ActiveSegment | null = null;
      try {
        target = await this.activeSegment(group[0]?.seq ?? this.nextSeq);
        await target.writer.writev(group.flatMap((q) => q.record));
      } catch (error) {
        this.writing = [];
        this.refuse(group, bytes, target, error);
        continue;
      }
      const { segment } = target;
      let offset = segment.size;
      for (const q of group) {
        this.index.set(q.seq, { segment, offset, length: q.bytes });
        segment.unacked.add(q.seq);
        offset += q.bytes;
      }
      segment.size = offset;
      this.usedBytes += bytes;
      this.queuedBytes -= bytes;
      this.writing = [];
      const synced = this.nextSync(target);
      // Chained per segment: a failed segment refuses its later groups, and a new segment starts afresh.
      const durable = Promise.all([target.durable, synced]).then(() => undefined);
      target.durable = durable;
      const written = target;
      durable.then(
        () => {
          for (const q of group) q.done();
        },
        (error: unknown) => {
          // Their bytes stay counted in the segment's size, released when the segment is deleted.
          for (const q of group) {
            this.index.delete(q.seq);
            segment.unacked.delete(q.seq);
          }
          this.refuse(group, 0, written, error);
        },
      );
    }
    // Same tick as the empty-queue check: an append made from a resolved caller's continuation starts a new flush.
    this.flushActive = false;
  }

  /**
   * A group could not be made durable: its senders are refused. The segment may now end in part of a record, so
   * later appends go to a new one (none follows a torn record); it is closed once its fsyncs have settled.
   */
  private refuse(group: Queued[], queuedBytes: number, target: ActiveSegment | null, error: unknown): void {
    this.queuedBytes -= queuedBytes;
    const failed = target ?? this.active;
    if (failed && this.active === failed) {
      this.active = null;
      void this.closeWriter(failed);
    }
    const reason = new Error(`could not write to the spool in ${this.dir}: ${(error as Error).message}`);
    for (const q of group) q.done(reason);
  }

  /**
   * The fsync that will cover what was just written: one at a time per segment, each started when the previous one
   * is done and covering every write made meanwhile. Concurrent fsyncs of one file only slow each other down.
   */
  private nextSync(target: ActiveSegment): Promise<void> {
    if (target.nextSync) return target.nextSync;
    const synced: Promise<void> = target.durable.then(() => {
      if (target.nextSync === synced) target.nextSync = null;
      return target.writer.datasync();
    });
    target.nextSync = synced;
    target.syncing.add(synced);
    const settled = () => {
      target.syncing.delete(synced);
      if (target.nextSync === synced) target.nextSync = null;
    };
    void synced.then(settled, settled);
    return synced;
  }

  /** Closes a segment's writer once the fsyncs running on it are done. */
  private async closeWriter(active: ActiveSegment): Promise<void> {
    await Promise.allSettled([...active.syncing]);
    await active.writer.close().catch(() => undefined);
  }

  private async activeSegment(firstSeq: number): Promise<ActiveSegment> {
    if (this.active && this.active.segment.size < this.segmentBytes) return this.active;
    const previous = this.active;
    this.active = null;
    if (previous) await this.closeWriter(previous);
    const name = segmentName(firstSeq);
    const path = join(this.dir, name);
    const writer = await open(path, 'a');
    try {
      await syncDir(this.dir);
    } catch (error) {
      await writer.close().catch(() => undefined);
      throw error;
    }
    const segment: Segment = { path, size: 0, unacked: new Set(), reader: null };
    this.segments.set(name, segment);
    this.active = { segment, writer, syncing: new Set(), durable: Promise.resolve(), nextSync: null };
    return this.active;
  }

  /** Writes the ack file (atomically, fsync'd), then deletes the segments whose batches are all acked. */
  private persistAcks(): Promise<void> {
    this.ackWrite = this.ackWrite
      .then(() => this.writeAcks())
      .catch((error: unknown) => {
        // Batches stay on disk and are delivered again after a restart: worth telling, not worth failing over.
        this.acksDirty = true;
        this.onProblem?.(`Loupe could not record stored batches in ${this.dir}: ${(error as Error).message}`);
      });
    return this.ackWrite;
  }

  private async writeAcks(): Promise<void> {
    this.acksDirty = false;
    const outstanding = [this.index.keys().next().value, this.writing[0]?.seq, this.queue[0]?.seq];
    const lowest = Math.min(this.nextSeq, ...outstanding.filter((s): s is number => s !== undefined));
    this.ackedThrough = lowest - 1;
    for (const s of this.ackedAbove) if (s <= this.ackedThrough) this.ackedAbove.delete(s);
    const file: AckFile = { ackedThrough: this.ackedThrough, acked: [...this.ackedAbove], nextSeq: this.nextSeq };
    await writeAckFile(this.dir, file);
    await this.deleteAckedSegments();
  }

  private async deleteAckedSegments(): Promise<void> {
    const before = this.usedBytes;
    for (const [name, segment] of this.segments) {
      if (segment.unacked.size > 0) continue;
      if (this.active?.segment === segment) {
        if (this.flushActive || this.queue.length > 0 || this.active.syncing.size > 0) continue;
        const { writer } = this.active;
        this.active = null;
        await writer.close();
      }
      this.segments.delete(name);
      await segment.reader?.close();
      await rm(segment.path, { force: true });
      this.usedBytes -= segment.size;
    }
    if (this.usedBytes < before) this.onSpaceFreed?.();
  }
}
