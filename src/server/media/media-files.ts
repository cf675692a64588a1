import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What Loupe keeps beside each media file. */
export interface MediaInfo {
  mediaId: string;
  contentType: string;
  contentLength: number;
  /** Standard base64 SHA-256, as the SDK states it. */
  sha256Hash: string;
  traceId: string | null;
  observationId: string | null;
  field: string | null;
  uploadedAt: string | null;
}

/** Langfuse media ids: the first 22 characters of the URL-safe base64 SHA-256 of the bytes. */
export function mediaIdOf(sha256Base64: string): string {
  return sha256Base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 22);
}

const MEDIA_ID = /^[A-Za-z0-9_-]{22}$/;

export function isMediaId(id: string): boolean {
  return MEDIA_ID.test(id);
}

/**
 * Media files (images and other data URIs the Langfuse SDKs lift out of inputs and outputs) under `<dir>/<id>`,
 * with their description in `<dir>/<id>.json`. Content-addressed: the same bytes are stored once.
 */
export class MediaFiles {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private path(id: string): string {
    if (!isMediaId(id)) throw new Error(`"${id}" is not a media id`);
    return join(this.dir, id);
  }

  async info(id: string): Promise<MediaInfo | null> {
    try {
      return JSON.parse(await readFile(`${this.path(id)}.json`, 'utf8')) as MediaInfo;
    } catch {
      return null;
    }
  }

  async hasBytes(id: string): Promise<boolean> {
    try {
      return (await stat(this.path(id))).isFile();
    } catch {
      return false;
    }
  }

  async describe(info: MediaInfo): Promise<void> {
    await writeAtomic(`${this.path(info.mediaId)}.json`, JSON.stringify(info));
  }

  /** Stores uploaded bytes when their SHA-256 is the one announced; returns the problem otherwise. */
  async upload(id: string, bytes: Buffer): Promise<string | null> {
    const info = await this.info(id);
    if (!info) return `no media ${id} was announced; POST /api/public/media first`;
    const hash = createHash('sha256').update(bytes).digest('base64');
    if (hash !== info.sha256Hash)
      return `the uploaded bytes have SHA-256 ${hash}, not the announced ${info.sha256Hash}`;
    await writeAtomic(this.path(id), bytes);
    await this.describe({ ...info, contentLength: bytes.length, uploadedAt: new Date().toISOString() });
    return null;
  }

  read(id: string): Promise<Buffer> {
    return readFile(this.path(id));
  }
}

async function writeAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
