import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { ForwardingSettings, ForwardingStatus } from '@core/commands/contract';
import { otlpJsonToProtobuf, otlpProtobufToJson } from '@core/export/otlp-wire';
import { cpuLane } from '../convert/cpu-lane';
import { type ForwardKind, ForwardQueue, type QueuedItem } from './forward-queue';
import { resolveUpstream, type Upstream } from './upstream';

const gzip = promisify(gzipCallback);

/**
 * Tees what the receiver accepted to an upstream (a team's Langfuse, an OpenTelemetry Collector, any OTLP endpoint),
 * in the background. The receiver calls `enqueue` after the request's batch is in the local spool; enqueue only starts
 * an async write to the on-disk queue and returns, so a slow or dead upstream never slows local ingest.
 *
 * Sending: at most `concurrency` requests at once, oldest first. 2xx removes a request from the queue; 408, 429, 5xx
 * and network errors are retried with exponential backoff and full jitter (1 s doubling to 60 s), waiting at least
 * what `Retry-After` asks; any other 4xx means the upstream will never take that request: it is dropped and the
 * error shown. Upstream delivery is at least once: a request whose answer was lost is sent again.
 */

export interface ForwarderOptions {
  /** `<dataDir>/forward`. */
  dir: string;
  /** Disk for the upstream queue; the oldest requests are dropped past it (default 256 MiB). */
  maxBytes?: number;
  concurrency?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  random?: () => number;
  now?: () => number;
}

/** Consecutive failed attempts after which the status says `failing` rather than `retrying`. */
const FAILING_AFTER = 5;
/** A `Retry-After` beyond this is capped: the queue is on disk, and a user fixing the upstream wants to see it work. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

const DEFAULT_FORWARD_MAX_BYTES = 256 * 1024 * 1024;

export class Forwarder {
  private settings: ForwardingSettings;
  private upstream: Upstream | null = null;
  private configError: string | null = null;
  private readonly inFlight = new Set<QueuedItem>();
  private readonly controllers = new Set<AbortController>();
  private consecutiveFailures = 0;
  private rejected = false;
  private sentBatches = 0;
  private droppedRejected = 0;
  private skippedIngestion = 0;
  private lastError: string | null = null;
  private lastSuccessAt: number | null = null;
  private retryAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly concurrency: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly random: () => number;
  private readonly now: () => number;

  private constructor(
    private readonly queue: ForwardQueue,
    settings: ForwardingSettings,
    options: ForwarderOptions,
  ) {
    this.settings = settings;
    this.concurrency = options.concurrency ?? 2;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetch = options.fetch ?? fetch;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  static async open(settings: ForwardingSettings, options: ForwarderOptions): Promise<Forwarder> {
    const queue = await ForwardQueue.open(options.dir, options.maxBytes ?? DEFAULT_FORWARD_MAX_BYTES);
    const forwarder = new Forwarder(queue, settings, options);
    forwarder.configure(settings);
    return forwarder;
  }

  /** New settings, live: a changed endpoint or headers apply to the next attempt, and waiting retries start over. */
  configure(settings: ForwardingSettings): void {
    this.settings = settings;
    this.upstream = null;
    this.configError = null;
    if (settings.enabled) {
      try {
        this.upstream = resolveUpstream(settings);
      } catch (error) {
        this.configError = (error as Error).message;
      }
    }
    this.consecutiveFailures = 0;
    this.rejected = false;
    this.lastError = this.configError;
    this.retryAt = 0;
    this.pump();
  }

  /** Queues an accepted request body for the upstream. Never throws and never waits: a failure shows in the status. */
  enqueue(kind: ForwardKind, body: Uint8Array): void {
    if (this.closed || !this.upstream) return;
    if (kind === 'ingestion' && this.upstream.ingestionUrl === null) {
      this.skippedIngestion++;
      return;
    }
    this.queue.append(kind, body).then(
      () => this.pump(),
      (error: unknown) => {
        this.lastError = `could not queue a request for the upstream: ${(error as Error).message}`;
      },
    );
  }

  status(): ForwardingStatus {
    const notes: string[] = [];
    if (this.skippedIngestion > 0) {
      notes.push(
        `${this.skippedIngestion} request${this.skippedIngestion === 1 ? '' : 's'} from the Langfuse ingestion API (legacy SDKs, scores) not forwarded: an OTLP upstream has no such API; forward to a Langfuse host to include them`,
      );
    }
    if (this.queue.dropped > 0) {
      notes.push(
        `${this.queue.dropped} oldest request${this.queue.dropped === 1 ? '' : 's'} dropped from the upstream queue because it was full; local data is unaffected`,
      );
    }
    if (this.droppedRejected > 0) {
      notes.push(
        `${this.droppedRejected} request${this.droppedRejected === 1 ? '' : 's'} rejected by the upstream and dropped`,
      );
    }
    return {
      enabled: this.settings.enabled,
      endpoint: this.upstream?.tracesUrl ?? this.settings.endpoint,
      state: this.state(),
      queuedBatches: this.queue.length,
      queuedBytes: this.queue.bytes,
      sentBatches: this.sentBatches,
      lastError: this.lastError,
      lastSuccessAt: this.lastSuccessAt,
      droppedBatches: this.queue.dropped + this.droppedRejected,
      notes,
    };
  }

  /** Stops sending; what is queued stays on disk for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const c of this.controllers) c.abort();
    await this.queue.settled();
  }

  private state(): ForwardingStatus['state'] {
    if (!this.settings.enabled) return 'off';
    if (this.configError || this.rejected || this.consecutiveFailures >= FAILING_AFTER) return 'failing';
    if (this.consecutiveFailures > 0) return 'retrying';
    return 'ok';
  }

  private pump(): void {
    if (this.closed || !this.upstream) return;
    const wait = this.retryAt - this.now();
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    for (const item of this.queue.head(this.concurrency + this.inFlight.size)) {
      if (this.inFlight.size >= this.concurrency) return;
      if (this.inFlight.has(item)) continue;
      this.inFlight.add(item);
      void this.send(item, this.upstream).finally(() => {
        this.inFlight.delete(item);
        this.pump();
      });
    }
  }

  private schedule(delay: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, delay);
    // A waiting retry must not keep a shutting-down process alive.
    this.timer.unref?.();
  }

  private async send(item: QueuedItem, upstream: Upstream): Promise<void> {
    let request: { url: string; body: Uint8Array; headers: Record<string, string> };
    try {
      request = await this.prepare(item, upstream);
    } catch (error) {
      // A queued file that cannot be read or converted will not get better by waiting.
      await this.queue.remove(item);
      this.droppedRejected++;
      this.lastError = `a queued request could not be prepared and was dropped: ${(error as Error).message}`;
      return;
    }
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
    } catch (error) {
      if (this.closed) return;
      // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, a timeout, a port fetch refuses to use).
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = controller.signal.aborted
        ? `no answer within ${this.timeoutMs / 1000} s`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
      this.failed(`cannot reach ${request.url}: ${why}`, null);
      return;
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      await this.queue.remove(item);
      this.sentBatches++;
      this.consecutiveFailures = 0;
      this.rejected = false;
      this.lastError = null;
      this.lastSuccessAt = this.now();
      return;
    }
    const detail = `${request.url} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      this.failed(detail, response.headers.get('retry-after'));
      return;
    }
    await this.queue.remove(item);
    this.droppedRejected++;
    this.rejected = true;
    const hint = response.status === 401 || response.status === 403 ? ' (check the keys or headers)' : '';
    this.lastError = `${detail}${hint}; that request was dropped`;
  }

  private failed(message: string, retryAfter: string | null): void {
    this.consecutiveFailures++;
    this.lastError = message;
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (this.consecutiveFailures - 1));
    let delay = this.baseDelayMs / 2 + this.random() * (ceiling - this.baseDelayMs / 2);
    const asked = retryAfterMs(retryAfter, this.now());
    if (asked !== null) delay = Math.max(delay, Math.min(asked, MAX_RETRY_AFTER_MS));
    this.retryAt = Math.max(this.retryAt, this.now() + delay);
  }

  private async prepare(item: QueuedItem, upstream: Upstream) {
    const body = new Uint8Array(await this.queue.read(item));
    const headers: Record<string, string> = { ...upstream.headers };
    if (item.kind === 'ingestion') {
      headers['content-type'] = 'application/json';
      return { url: upstream.ingestionUrl ?? upstream.tracesUrl, body, headers };
    }
    const wantsJson = upstream.protocol === 'otlp-http-json';
    let out: Uint8Array = body;
    if (wantsJson && item.kind === 'otlp-protobuf') out = await cpuLane.run(() => otlpProtobufToJson(body));
    if (!wantsJson && item.kind === 'otlp-json') out = await cpuLane.run(() => otlpJsonToProtobuf(body));
    headers['content-type'] = wantsJson ? 'application/json' : 'application/x-protobuf';
    headers['content-encoding'] = 'gzip';
    return { url: upstream.tracesUrl, body: new Uint8Array(await gzip(out)), headers };
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
