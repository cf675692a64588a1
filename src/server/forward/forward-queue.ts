import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What waits to go upstream, on disk in `<dataDir>/forward/`: one file per accepted request, named by sequence
 * number and kind (`000000000042.otlp-json`), holding the request body as received (decompressed). A file is
 * written under a temporary name and renamed, so a crash leaves either the whole request or nothing; on start the
 * directory is read back and sending resumes in order.
 *
 * Bounded in bytes: when a new request would pass `maxBytes`, the oldest are dropped (and counted). This bound is for
 * the upstream copy only; what Loupe stores locally goes through the spool and is never affected.
 */

export type ForwardKind = 'otlp-json' | 'otlp-protobuf' | 'ingestion';

const KINDS: readonly ForwardKind[] = ['otlp-json', 'otlp-protobuf', 'ingestion'];
const NAME = /^(\d{12})\.(otlp-json|otlp-protobuf|ingestion)$/;

export interface QueuedItem {
  seq: number;
  kind: ForwardKind;
  bytes: number;
}

export class ForwardQueue {
  private readonly items: QueuedItem[] = [];
  private nextSeq = 1;
  private totalBytes = 0;
  /** Requests dropped by the byte bound since start. */
  dropped = 0;
  /** Appends and removals run one after the other: the directory and the counts never disagree. */
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  static async open(dir: string, maxBytes: number): Promise<ForwardQueue> {
    await mkdir(dir, { recursive: true });
    const queue = new ForwardQueue(dir, maxBytes);
    for (const name of (await readdir(dir)).sort()) {
      const match = NAME.exec(name);
      if (!match) {
        // A temporary file a crash left behind: its request was never acknowledged as queued.
        if (name.endsWith('.tmp')) await unlink(join(dir, name)).catch(() => {});
        continue;
      }
      const seq = Number(match[1]);
      const { size } = await stat(join(dir, name));
      queue.items.push({ seq, kind: match[2] as ForwardKind, bytes: size });
      queue.totalBytes += size;
      queue.nextSeq = Math.max(queue.nextSeq, seq + 1);
    }
    return queue;
  }

  get length(): number {
    return this.items.length;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The oldest items, in order, for the sender to pick from. */
  head(count: number): QueuedItem[] {
    return this.items.slice(0, count);
  }

  has(item: QueuedItem): boolean {
    return this.items.includes(item);
  }

  append(kind: ForwardKind, body: Uint8Array): Promise<QueuedItem> {
    if (!KINDS.includes(kind)) throw new Error(`unknown forward kind ${kind}`);
    const run = async () => {
      const item: QueuedItem = { seq: this.nextSeq++, kind, bytes: body.byteLength };
      const path = this.pathOf(item);
      const file = await open(`${path}.tmp`, 'w');
      try {
        await file.writeFile(body);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(`${path}.tmp`, path);
      this.items.push(item);
      this.totalBytes += item.bytes;
      while (this.totalBytes > this.maxBytes && this.items.length > 1) {
        const oldest = this.items[0] as QueuedItem;
        await this.removeNow(oldest);
        this.dropped++;
      }
      return item;
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => {});
    return result;
  }

  read(item: QueuedItem): Promise<Buffer> {
    return readFile(this.pathOf(item));
  }

  /** Sent, or given up on: forget it. */
  remove(item: QueuedItem): Promise<void> {
    const run = () => this.removeNow(item);
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => {});
    return result;
  }

  /** Waits for the appends and removals already asked for. */
  settled(): Promise<void> {
    return this.chain.then(() => {});
  }

  private async removeNow(item: QueuedItem): Promise<void> {
    const index = this.items.indexOf(item);
    if (index < 0) return;
    this.items.splice(index, 1);
    this.totalBytes -= item.bytes;
    await unlink(this.pathOf(item)).catch(() => {});
  }

  private pathOf(item: QueuedItem): string {
    return join(this.dir, `${String(item.seq).padStart(12, '0')}.${item.kind}`);
  }
}

/** What the receiver sees of the forwarder: one call per accepted request, after its batch is spooled. */
export interface ForwardTee {
  enqueue(kind: ForwardKind, body: Uint8Array): void;
}
