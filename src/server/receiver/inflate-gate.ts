/**
 * Bounds what decompressing request bodies may cost at once. Inflating is the one step where a small request costs
 * a lot: a 1 MB gzip of zeros is 1 GB inflated, and each request stops only at its own `maxDecompressedBytes`. So a
 * few inflate at a time, the next ones wait in a short queue (their compressed bodies already read, so a slow sender
 * never holds a turn), and past that they are refused for a retry; and all the inflated bytes held at once stay under
 * a budget, however many requests share it.
 */

export interface InflateGateOptions {
  /** Bodies inflated at the same time: the inflating itself runs on libuv's pool of 4 threads. */
  concurrency: number;
  /** Requests that may wait for a turn; the next are refused. */
  queue: number;
  /** Inflated bytes all requests may hold at once; a request alone may always reach its own limit. */
  budgetBytes: number;
}

/**
 * Two inflating at once keep two of libuv's four threads for file I/O; a queue of 16 takes the bursts of parallel
 * exporters; 256 MiB is the default `maxDecompressedBytes`, so one large request still fits alone, and six parallel
 * gzip bombs peak well under 512 MB of RSS.
 */
const DEFAULT_INFLATE_GATE: InflateGateOptions = {
  concurrency: 2,
  queue: 16,
  budgetBytes: 256 * 1024 * 1024,
};

export class InflateGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private held = 0;
  private refusing = false;

  constructor(readonly options: InflateGateOptions = DEFAULT_INFLATE_GATE) {}

  /**
   * A turn to inflate: resolves with the function that ends it, at once or when one ends; null when the queue is
   * full and the request should be refused.
   */
  enter(): Promise<() => void> | null {
    if (this.active < this.options.concurrency) {
      this.active++;
      return Promise.resolve(this.leaver());
    }
    if (this.waiting.length >= this.options.queue) return null;
    return new Promise((resolve) => {
      this.waiting.push(() => resolve(this.leaver()));
    });
  }

  /** Takes `bytes` more of the budget for a request already holding `own`; false when that would pass the budget. */
  reserve(bytes: number, own: number): boolean {
    const others = this.held - own;
    if (others > 0 && this.held + bytes > this.options.budgetBytes) return false;
    this.held += bytes;
    return true;
  }

  /** Gives back what a request held, once its body is handed on or dropped. */
  release(bytes: number): void {
    this.held -= bytes;
  }

  /**
   * Records a refusal; true for the first of an episode (which lasts until nothing inflates or waits), so that a
   * flood of refusals is told once.
   */
  refuse(): boolean {
    const first = !this.refusing;
    this.refusing = true;
    return first;
  }

  get stats(): { active: number; waiting: number; heldBytes: number } {
    return { active: this.active, waiting: this.waiting.length, heldBytes: this.held };
  }

  private leaver(): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
      if (this.active === 0 && this.waiting.length === 0) this.refusing = false;
    };
  }
}

/** One gate for the whole process: memory is the process's, whichever receiver the requests came through. */
export const sharedInflateGate = new InflateGate();
