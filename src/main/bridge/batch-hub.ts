import type { IngestBatch, Notice } from '@core/bridge/protocol';
import type { Observation } from '@core/model/types';

/** Something that stores batches: a window's preload (Electron) or a browser tab over the WebSocket (headless). */
export interface BatchConsumer {
  send(batch: IngestBatch): void;
  notice?(n: Notice): void;
}

export interface BatchHubOptions {
  /** Batches sent and not yet acked, per consumer: enough to keep a writer busy without flooding a slow one. */
  window?: number;
  /** First retry delay after a nack; doubles per failed attempt up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Notices kept to replay to a consumer that attaches later (a window opened after a rejected request). */
  noticeHistory?: number;
  now?: () => number;
}

interface Pending {
  batch: IngestBatch;
  /** The consumer it was sent to and that has not answered yet. */
  sentTo: Attached | null;
  /** Epoch ms before which a nacked batch is not sent again. */
  retryAt: number;
  failures: number;
}

interface Attached {
  consumer: BatchConsumer;
  inFlight: number;
}

/**
 * Holds every batch until a store writer acks it, and feeds the writers.
 *
 * Only the first attached consumer receives batches: in headless mode several tabs share one IndexedDB, so one writer
 * is enough, and a batch written by two writers at once would only cost time. When that consumer goes away, what it had
 * not acked goes to the next one. Notices go to every consumer.
 */
export class BatchHub {
  private readonly pending = new Map<number, Pending>();
  private readonly consumers: Attached[] = [];
  private readonly notices: Notice[] = [];
  private readonly window: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly noticeHistory: number;
  private readonly now: () => number;
  private nextSeq = 1;
  private nextNoticeId = 1;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDueAt = 0;

  constructor(options: BatchHubOptions = {}) {
    this.window = options.window ?? 8;
    this.retryMs = options.retryMs ?? 500;
    this.maxRetryMs = options.maxRetryMs ?? 10_000;
    this.noticeHistory = options.noticeHistory ?? 100;
    this.now = options.now ?? Date.now;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Queues observations as one batch and returns its sequence number. */
  push(observations: Observation[], source: string): number {
    const seq = this.nextSeq++;
    const batch: IngestBatch = { seq, receivedAt: this.now(), source, observations };
    this.pending.set(seq, { batch, sentTo: null, retryAt: 0, failures: 0 });
    this.pump();
    return seq;
  }

  attach(consumer: BatchConsumer): () => void {
    const attached: Attached = { consumer, inFlight: 0 };
    this.consumers.push(attached);
    for (const n of this.notices) consumer.notice?.(n);
    this.pump();
    return () => this.detach(attached);
  }

  /** The batch is committed: forget it. Unknown or already acked sequence numbers are ignored. */
  ack(seq: number): void {
    const entry = this.pending.get(seq);
    if (!entry) return;
    this.pending.delete(seq);
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
      this.notice('error', `Could not store ${entry.batch.source} batch #${seq}: ${error}. Retrying.`);
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

  /** Stops the retry timer so a shutting-down process is not kept alive; pending batches stay in memory. */
  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
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

  /** Sends, in seq order, what is neither in flight nor waiting out a backoff, up to the window. */
  private pump(): void {
    const target = this.consumers[0];
    if (!target) return;
    const now = this.now();
    for (const entry of this.pending.values()) {
      if (target.inFlight >= this.window) return;
      if (entry.sentTo || entry.retryAt > now) continue;
      entry.sentTo = target;
      target.inFlight++;
      try {
        target.consumer.send(entry.batch);
      } catch {
        // A consumer that cannot send (closed socket, destroyed window) is gone: its batches go to the next one.
        this.detach(target);
        return;
      }
      // An ack or detach from inside send() re-entered pump and may have changed the consumer list.
      if (this.consumers[0] !== target) return;
    }
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
