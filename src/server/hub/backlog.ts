import { formatBytes } from '@core/otlp/truncate';
import type { Backlog, Notice } from '@core/wire/protocol';

/**
 * What the hub tells store links about the data that waits, and when. The backlog changes with every push and ack
 * (thousands a second under load), but a top bar needs a few updates a second: the first change is sent at once, the
 * ones after it within `intervalMs` are folded into one trailing update, and an update equal to the last is not sent.
 */
export class BacklogReporter {
  private last: Backlog | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly read: () => Backlog,
    private readonly send: (backlog: Backlog) => void,
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  /** The backlog may have changed: report it now, or once the interval since the last report is over. */
  changed(): void {
    if (this.timer) return;
    const wait = this.lastAt + this.intervalMs - this.now();
    if (wait <= 0) {
      this.report();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.report();
    }, wait);
    // Node timers keep the process alive; a pending report must not block shutdown.
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** The backlog as last reported, or as it is when none was: what a newly attached link starts with. */
  current(): Backlog {
    return this.last ?? this.read();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private report(): void {
    const backlog = this.read();
    if (this.last && sameBacklog(this.last, backlog)) return;
    this.last = backlog;
    this.lastAt = this.now();
    this.send(backlog);
  }
}

function sameBacklog(a: Backlog, b: Backlog): boolean {
  return (Object.keys(a) as (keyof Backlog)[]).every((key) => a[key] === b[key]);
}

/** Share of the spool's limit at which the user is warned: at 1 GiB, some 200 MB (minutes of a busy stream) before 503s. */
export const SPOOL_NEAR_FULL = 0.8;
/** Below this share an episode is over and the next one is told again: a spool hovering at 80 % says it once. */
export const SPOOL_REARM = 0.6;

type Fill = 'ok' | 'near' | 'full';

const AFTER =
  'senders get HTTP 503 (gRPC UNAVAILABLE) and retry, and an SDK drops the data once its retries run out. ' +
  'Keep a Loupe window or page open so the store drains, or raise the limit: headless mode takes ' +
  '--spool-max-bytes (e.g. npm run serve -- --spool-max-bytes 4G); the desktop app keeps the default 1 GiB.';

/**
 * Tells the user once per episode that the spool is filling up, and once that it is full: a spool that refuses
 * senders otherwise shows only as 503s in the senders' logs. An episode ends when the spool drains below
 * `SPOOL_REARM` of its limit.
 */
export class SpoolFillWatch {
  private fill: Fill = 'ok';

  constructor(private readonly notice: (level: Notice['level'], message: string) => void) {}

  /** After the spool's size changed. */
  check(usedBytes: number, maxBytes: number | null, spans: number): void {
    if (maxBytes === null || maxBytes <= 0) return;
    const share = usedBytes / maxBytes;
    if (share < SPOOL_REARM) this.fill = 'ok';
    else if (share >= SPOOL_NEAR_FULL && this.fill === 'ok') {
      this.fill = 'near';
      this.notice(
        'warning',
        `Loupe's spool of data not yet stored is ${Math.floor(share * 100)} % full (${formatBytes(usedBytes)} of ` +
          `${formatBytes(maxBytes)}, ${spans.toLocaleString('en-US')} spans): the store is not keeping up, or no ` +
          `Loupe window or page is open to store them. When it is full, ${AFTER}`,
      );
    }
  }

  /** The spool refused a batch. */
  refused(usedBytes: number, maxBytes: number): void {
    if (this.fill === 'full') return;
    this.fill = 'full';
    this.notice(
      'error',
      `Loupe's spool of data not yet stored is full (${formatBytes(usedBytes)} of ${formatBytes(maxBytes)}): ${AFTER}`,
    );
  }
}
