import type { Observation } from '@core/model/types';
import { type Backlog, type BatchText, type IngestBatch, type Notice, toBatchText } from '@core/wire/protocol';
import { type ConvertRaw, otlpConverter } from '../convert/otlp-convert';
import {
  type BatchExtras,
  type BatchSpool,
  isRawBatch,
  MemorySpool,
  type RawOtlp,
  spansOfBatch,
} from '../spool/batch-spool';
import { SpoolFullError } from '../spool/spool-full-error';
import { BacklogReporter, SpoolFillWatch } from './backlog';

/**
 * What stores batches: a store worker, over a window's MessagePort (desktop app) or a WebSocket (headless). It takes
 * each batch either as the text of its message, passed on as it is (the store links), or parsed back from that text
 * (consumers that want objects: tests, in-process tools).
 */
export type BatchConsumer = {
  notice?(n: Notice): void;
  /** How much waits to be stored: on attach, then when it changes (throttled). */
  backlog?(b: Backlog): void;
} & ({ sendText(batch: BatchText): void; send?: undefined } | { send(batch: IngestBatch): void; sendText?: undefined });

export interface BatchHubOptions {
  /** Where batches wait for their ack: the durable spool in the apps, memory in tests. */
  spool?: BatchSpool;
  /**
   * Batches sent and not yet acked, per consumer: enough to keep a writer busy without flooding a slow one. The
   * default, 16, lets the hub convert the next batches while the writer stores the ones it has (it acks a group at
   * once, after its commit): with 8, a store worker draining a backlog waited for the hub a quarter of the time.
   */
  window?: number;
  /** First retry delay after a nack; doubles per failed attempt up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Notices kept to replay to a consumer that attaches later (a window opened after a rejected request). */
  noticeHistory?: number;
  now?: () => number;
  /** Backlog reports to consumers are at least this far apart: a top bar needs a few a second. */
  backlogIntervalMs?: number;
  /** Maps a spooled request body into a batch on its way to a writer; the receiver sets its prices and limits. */
  convert?: ConvertRaw;
}

/** What the hub keeps per unacked batch: a few numbers, never the batch itself (that stays in the spool). */
interface Pending {
  /** The consumer it was sent to and that has not answered yet. */
  sentTo: Attached | null;
  /** Epoch ms before which a nacked batch is not sent again. */
  retryAt: number;
  failures: number;
  source: string;
  /** Spans (or log records) it holds, for the backlog. */
  spans: number;
}

interface Attached {
  consumer: BatchConsumer;
  inFlight: number;
}

/** A batch read back and converted, ready to send; or why it never can be (its notice says so, and it is let go). */
type Prepared = { batch: BatchText } | { lost: string };

/**
 * Batches converted ahead of their turn at most, by spans and by count: two groups of what the store writer takes at
 * once (MAX_GROUP_OBSERVATIONS, 8,192 spans), held as the text that goes on the wire: about 60 MB at the drain
 * benchmark's 3 KB spans.
 */
export const AHEAD_SPANS = 16_384;
export const AHEAD_BATCHES = 32;
/**
 * With no writer attached, a backlog is converted ahead only once the senders have paused this long: while they
 * send, the receiver (answering them) has the cores, and the conversion would only compete with it.
 */
export const QUIET_BEFORE_AHEAD_MS = 200;

/**
 * Feeds store writers from the spool, in sequence order, and tells the spool when a batch is committed.
 *
 * Only the first attached consumer receives batches: in headless mode several tabs share one IndexedDB, so one writer
 * is enough, and a batch written by two writers at once would only cost time. When that consumer goes away, what it had
 * not acked goes to the next one. Notices go to every consumer.
 */
export class BatchHub {
  private readonly spool: BatchSpool;
  private readonly pending = new Map<number, Pending>();
  private readonly consumers: Attached[] = [];
  private readonly notices: Notice[] = [];
  private readonly window: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly noticeHistory: number;
  private readonly now: () => number;
  private convert: ConvertRaw;
  private nextNoticeId = 1;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDueAt = 0;
  private delivering = false;
  private wanted = false;
  /** Spans acked since start: the page measures the drain rate from it. */
  private storedSpans = 0;
  /**
   * Batches read and converted before their turn (`prepareAhead`), by seq: the writer takes the next ones the moment
   * it acks, instead of waiting for a conversion, and a backlog spooled while no page is open is converted meanwhile.
   * Memory only: the spool keeps the batch until its ack.
   */
  private readonly ahead = new Map<number, Promise<Prepared>>();
  /** Spans of every pending batch, kept as they change: the fill check runs after every delivery pass. */
  private pendingSpans = 0;
  /** When the last batch was received (not recovered), for converting ahead only in a pause of the senders. */
  private lastArrival = Number.NEGATIVE_INFINITY;
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly backlogReporter: BacklogReporter;
  private readonly fillWatch: SpoolFillWatch;

  constructor(options: BatchHubOptions = {}) {
    this.spool = options.spool ?? new MemorySpool();
    this.window = options.window ?? 16;
    this.retryMs = options.retryMs ?? 500;
    this.maxRetryMs = options.maxRetryMs ?? 10_000;
    this.noticeHistory = options.noticeHistory ?? 100;
    this.now = options.now ?? Date.now;
    this.convert = options.convert ?? otlpConverter();
    this.backlogReporter = new BacklogReporter(
      () => this.backlog,
      (backlog) => {
        for (const c of [...this.consumers]) c.consumer.backlog?.(backlog);
      },
      options.backlogIntervalMs ?? 250,
      this.now,
    );
    this.fillWatch = new SpoolFillWatch((level, message) => this.notice(level, message));
    this.spool.onSpaceFreed = () => this.backlogChanged();
    // After a restart: everything the spool holds unacked is delivered again.
    for (const seq of this.spool.unacked()) this.track(seq, '', this.spool.recoveredSpans(seq));
    for (const message of this.spool.recoveryNotices) this.notice('warning', message);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** How much waits to be stored, counted now (consumers get it throttled). */
  get backlog(): Backlog {
    let inFlightSpans = 0;
    let inFlightBatches = 0;
    for (const entry of this.pending.values()) {
      if (entry.sentTo) {
        inFlightSpans += entry.spans;
        inFlightBatches++;
      }
    }
    return {
      spans: this.pendingSpans,
      batches: this.pending.size,
      inFlightSpans,
      inFlightBatches,
      stored: this.storedSpans,
      spoolBytes: this.spool.bytesUsed,
      spoolLimitBytes: this.spool.maxBytes,
    };
  }

  /**
   * Stores observations as one batch and resolves with its sequence number once the spool holds it durably; rejects
   * when the spool cannot take it (full, or a disk error), and then the sender must be told so.
   */
  async push(observations: Observation[], source: string, extras?: BatchExtras): Promise<number> {
    const seq = await this.spooled(this.spool.append(this.now(), source, observations, extras));
    this.lastArrival = this.now();
    this.track(seq, source, spansOfBatch(observations, extras));
    return seq;
  }

  /**
   * Keeps a request body as received, for the receiver's fast path: it resolves once the body is durable, and the
   * body is decoded and mapped only on its way to a writer.
   */
  async pushRaw(raw: RawOtlp, source: string): Promise<number> {
    const seq = await this.spooled(this.spool.appendRaw(this.now(), source, raw));
    this.lastArrival = this.now();
    this.track(seq, source, raw.spans ?? 0);
    return seq;
  }

  /** Batches converted ahead of their turn and held in memory (at most AHEAD_BATCHES). */
  get aheadCount(): number {
    return this.ahead.size;
  }

  /**
   * How spooled request bodies become batches (the receiver's prices and limits). What was converted ahead with the
   * previous converter is converted again: after a restart the hub starts on the spooled backlog before the receiver
   * sets its converter, and those batches must carry the user's prices and the receiver's value limit too.
   */
  setConverter(convert: ConvertRaw): void {
    this.convert = convert;
    this.ahead.clear();
    this.prepareAhead();
  }

  attach(consumer: BatchConsumer): () => void {
    const attached: Attached = { consumer, inFlight: 0 };
    this.consumers.push(attached);
    for (const n of this.notices) consumer.notice?.(n);
    consumer.backlog?.(this.backlogReporter.current());
    this.pump();
    return () => this.detach(attached);
  }

  /** The batch is committed: forget it. Unknown or already acked sequence numbers are ignored. */
  ack(seq: number): void {
    const entry = this.pending.get(seq);
    if (!entry) return;
    this.pending.delete(seq);
    this.ahead.delete(seq);
    this.spool.ack(seq);
    this.storedSpans += entry.spans;
    this.pendingSpans -= entry.spans;
    if (entry.sentTo) entry.sentTo.inFlight--;
    this.pump();
  }

  /** The writer failed: keep the batch and send it again after a backoff. */
  nack(seq: number, error: string): void {
    const entry = this.pending.get(seq);
    if (!entry) return;
    if (entry.sentTo) entry.sentTo.inFlight--;
    entry.sentTo = null;
    entry.failures++;
    const delay = Math.min(this.retryMs * 2 ** (entry.failures - 1), this.maxRetryMs);
    entry.retryAt = this.now() + delay;
    // One notice per failing batch: a writer that keeps failing would otherwise repeat it every retry.
    if (entry.failures === 1) {
      this.notice('error', `Could not store ${entry.source} batch #${seq}: ${error}. Retrying.`);
    }
    this.scheduleRetry(delay);
    this.pump();
  }

  notice(level: Notice['level'], message: string): Notice {
    const n: Notice = { id: this.nextNoticeId++, time: this.now(), level, message };
    this.notices.push(n);
    if (this.notices.length > this.noticeHistory) this.notices.shift();
    for (const c of [...this.consumers]) c.consumer.notice?.(n);
    return n;
  }

  /** Stops the retry timer so a shutting-down process is not kept alive, and closes the spool (unacked stay in it). */
  close(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    this.backlogReporter.stop();
    return this.spool.close();
  }

  private track(seq: number, source: string, spans: number): void {
    this.pending.set(seq, { sentTo: null, retryAt: 0, failures: 0, source, spans });
    this.pendingSpans += spans;
    this.pump();
    this.prepareAhead();
  }

  /** Reads a batch back from the spool and converts it; never rejects (what goes wrong is the notice to give). */
  private async prepare(seq: number): Promise<Prepared> {
    let stored: Awaited<ReturnType<BatchSpool['read']>>;
    try {
      stored = await this.spool.read(seq);
    } catch (error) {
      // A record damaged on disk cannot be delivered, ever: say so and let it go rather than retry forever.
      return { lost: `Batch #${seq} could not be read back and is lost: ${(error as Error).message}` };
    }
    if (!isRawBatch(stored)) return { batch: toBatchText(stored) };
    try {
      return { batch: toBatchText(await this.convert(stored, (level, message) => this.notice(level, message))) };
    } catch (error) {
      // The receiver checked the body before accepting it, so this is a body its check let through.
      return {
        lost: `Spans received on POST ${stored.raw.path} could not be decoded and were dropped: ${(error as Error).message}`,
      };
    }
  }

  /**
   * Starts converting the next batches to send, in seq order, up to AHEAD_SPANS and AHEAD_BATCHES: also while no
   * writer is attached (once the senders pause, QUIET_BEFORE_AHEAD_MS), so the first page to connect gets its
   * batches at once. Batches waiting out a retry are not converted ahead (they wait for their backoff anyway).
   */
  private prepareAhead(): void {
    if (this.consumers.length === 0) {
      const wait = this.lastArrival + QUIET_BEFORE_AHEAD_MS - this.now();
      if (wait > 0) {
        this.quietTimer ??= setTimeout(() => {
          this.quietTimer = null;
          this.prepareAhead();
        }, wait);
        // Like the retry timer: a pending conversion must not keep a shutting-down process alive.
        (this.quietTimer as { unref?: () => void }).unref?.();
        return;
      }
    }
    let spans = 0;
    let count = 0;
    for (const [seq, entry] of this.pending) {
      if (entry.sentTo) continue;
      if (count >= AHEAD_BATCHES || spans + entry.spans > AHEAD_SPANS) {
        // Copies past the bound are let go: a writer that left hands its batches back to the front of the queue,
        // and what was converted behind them would otherwise stay in memory on top of the bound.
        for (const later of this.ahead.keys()) if (later >= seq) this.ahead.delete(later);
        return;
      }
      if (entry.failures > 0) continue;
      count++;
      spans += entry.spans;
      if (!this.ahead.has(seq)) this.ahead.set(seq, this.prepare(seq));
    }
  }

  /** An append, and the notice when it was refused for a full spool (once per episode: senders retry often). */
  private async spooled(append: Promise<number>): Promise<number> {
    try {
      return await append;
    } catch (error) {
      if (error instanceof SpoolFullError) this.fillWatch.refused(error.usedBytes, error.maxBytes);
      throw error;
    }
  }

  private backlogChanged(): void {
    this.fillWatch.check(this.spool.bytesUsed, this.spool.maxBytes, this.pendingSpans);
    this.backlogReporter.changed();
  }

  private detach(attached: Attached): void {
    const index = this.consumers.indexOf(attached);
    if (index < 0) return;
    this.consumers.splice(index, 1);
    for (const entry of this.pending.values()) {
      if (entry.sentTo === attached) entry.sentTo = null;
    }
    attached.inFlight = 0;
    this.pump();
  }

  /** Runs the delivery loop, or asks the running one for another pass (an ack or attach may have freed a slot). */
  private pump(): void {
    this.wanted = true;
    if (this.delivering) return;
    this.delivering = true;
    void (async () => {
      while (this.wanted) {
        this.wanted = false;
        await this.deliver();
      }
      this.delivering = false;
      // Every change to what is pending or in flight goes through here (push, ack, nack, attach, detach).
      this.backlogChanged();
    })();
  }

  /**
   * Sends, in seq order, what is neither in flight nor waiting out a backoff, up to the window. One batch at a time
   * is read from the spool, so the order holds and memory stays at the window's worth of batches.
   */
  private async deliver(): Promise<void> {
    for (;;) {
      const target = this.consumers[0];
      if (!target || target.inFlight >= this.window) return;
      const next = this.nextToSend();
      if (!next) return;
      const [seq, entry] = next;
      entry.sentTo = target;
      target.inFlight++;
      const prepared = await (this.ahead.get(seq) ?? this.prepare(seq));
      // Sent or lost, its copy is not kept: a batch sent again after a nack is read back again.
      this.ahead.delete(seq);
      this.prepareAhead();
      if ('lost' in prepared) {
        this.notice('error', prepared.lost);
        this.ack(seq);
        continue;
      }
      const { batch } = prepared;
      entry.source ||= batch.source;
      // Acked, or its consumer left, while it was being read: the loop moves on with the current state.
      if (this.pending.get(seq) !== entry || entry.sentTo !== target) continue;
      try {
        const { consumer } = target;
        if (consumer.sendText) consumer.sendText(batch);
        else consumer.send((JSON.parse(batch.text) as { batch: IngestBatch }).batch);
      } catch {
        // A consumer that cannot send (closed socket, destroyed window) is gone: its batches go to the next one.
        this.detach(target);
      }
    }
  }

  private nextToSend(): [number, Pending] | null {
    const now = this.now();
    for (const item of this.pending) {
      if (!item[1].sentTo && item[1].retryAt <= now) return item;
    }
    return null;
  }

  private scheduleRetry(delay: number): void {
    const dueAt = this.now() + delay;
    if (this.retryTimer) {
      if (this.retryDueAt <= dueAt) return;
      clearTimeout(this.retryTimer);
    }
    this.retryDueAt = dueAt;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.pump();
      const next = this.nextRetryAt();
      if (next !== null) this.scheduleRetry(Math.max(0, next - this.now()));
    }, delay);
    // Node timers keep the process alive; a pending retry must not block shutdown.
    (this.retryTimer as { unref?: () => void }).unref?.();
  }

  private nextRetryAt(): number | null {
    let next: number | null = null;
    for (const entry of this.pending.values()) {
      if (!entry.sentTo && entry.retryAt > this.now() && (next === null || entry.retryAt < next)) next = entry.retryAt;
    }
    return next;
  }
}
