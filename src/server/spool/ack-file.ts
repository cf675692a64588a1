import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `acks.json`: which spooled batches a store writer has acked. Everything up to `ackedThrough` is acked, plus the
 * listed later ones (acks arrive out of order after a nack); `nextSeq` keeps numbering going when every segment
 * has been deleted.
 */
export interface AckFile {
  ackedThrough: number;
  acked: number[];
  nextSeq: number;
}

const ACK_FILE = 'acks.json';

/** fsync of a directory: makes a created, renamed or deleted entry durable. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The ack file, or a fresh start when it is missing; unreadable, it costs a redelivery of everything, with a notice. */
export async function readAckFile(dir: string, notices: string[]): Promise<AckFile> {
  const empty = { ackedThrough: 0, acked: [], nextSeq: 1 };
  let text: string;
  try {
    text = await readFile(join(dir, ACK_FILE), 'utf8');
  } catch {
    return empty;
  }
  try {
    const parsed = JSON.parse(text) as Partial<AckFile>;
    return {
      ackedThrough: Number.isSafeInteger(parsed.ackedThrough) ? (parsed.ackedThrough as number) : 0,
      acked: Array.isArray(parsed.acked) ? parsed.acked.filter(Number.isSafeInteger) : [],
      nextSeq: Number.isSafeInteger(parsed.nextSeq) ? (parsed.nextSeq as number) : 1,
    };
  } catch {
    notices.push(
      `Loupe's record of stored batches (${join(dir, ACK_FILE)}) was unreadable; every spooled batch is delivered again`,
    );
    return empty;
  }
}

/** Replaces the ack file atomically (write, fsync, rename, fsync of the directory). */
export async function writeAckFile(dir: string, file: AckFile): Promise<void> {
  const tmp = join(dir, `${ACK_FILE}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await writeFile(handle, JSON.stringify(file));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, join(dir, ACK_FILE));
  await syncDir(dir);
}
