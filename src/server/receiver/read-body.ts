import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { type InflateGate, sharedInflateGate } from './inflate-gate';

export interface ReceiverLimits {
  /** Bytes on the wire, before decompression. */
  maxBodyBytes: number;
  /** Bytes after decompression: stops gzip bombs (a 1 MB gzip of zeros inflates to 1 GB). */
  maxDecompressedBytes: number;
  maxSpansPerRequest: number;
  /** UTF-8 bytes of one string attribute value kept whole; longer ones are cut with a visible marker. */
  maxValueBytes: number;
}

/**
 * Generous for a local viewer: Langfuse and OTel exporters send at most 512 spans per request, but multi-MB prompts
 * and base64 images in attributes are normal.
 */
export const DEFAULT_LIMITS: ReceiverLimits = {
  maxBodyBytes: 64 * 1024 * 1024,
  maxDecompressedBytes: 256 * 1024 * 1024,
  maxSpansPerRequest: 100_000,
  maxValueBytes: 1024 * 1024,
};

/** gRPC status codes used in OTLP error bodies (google.rpc.Status). */
export const GRPC = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** A request the receiver refuses: the HTTP status, the gRPC code for the body, and what to tell the sender. */
export class ReceiverError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The client went away before the body ended: nobody is left to answer. */
export class ClientGoneError extends Error {}

export type ContentEncoding = 'identity' | 'gzip' | 'deflate';

export function parseContentEncoding(header: string | undefined): ContentEncoding {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  throw new ReceiverError(
    415,
    GRPC.INVALID_ARGUMENT,
    `unsupported content-encoding "${value}"; send gzip, deflate or no encoding`,
  );
}

const mib = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 100) / 100} MiB`;

function bodyTooLarge(limits: ReceiverLimits): ReceiverError {
  return new ReceiverError(
    413,
    GRPC.RESOURCE_EXHAUSTED,
    `request body is larger than the limit of ${mib(limits.maxBodyBytes)} (maxBodyBytes); send smaller batches`,
  );
}

/** Reads the whole body (chunked or not), stopping at the size limit, then decompresses it. */
export async function readBody(
  req: IncomingMessage,
  encoding: ContentEncoding,
  limits: ReceiverLimits,
): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) throw bodyTooLarge(limits);
  const raw = await collect(req, limits);
  if (encoding === 'identity') return raw;
  return decompress(raw, encoding, limits, sharedInflateGate, () => req.socket?.destroyed ?? false);
}

function collect(req: IncomingMessage, limits: ReceiverLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return; // past the limit: keep draining so the client can read the 413
      size += chunk.length;
      if (size > limits.maxBodyBytes) fail(bodyTooLarge(limits));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on('error', () => fail(new ClientGoneError('client closed the connection before the body ended')));
    req.on('close', () => {
      if (!req.complete) fail(new ClientGoneError('client closed the connection before the body ended'));
    });
  });
}

/** HTTP "deflate" is meant to be zlib-wrapped, but some clients send raw deflate: tell them apart by the header. */
function hasZlibHeader(buf: Buffer): boolean {
  const cmf = buf[0];
  const flg = buf[1];
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * How much zlib inflates per output buffer (its default is 16 KiB). Measured with six parallel 1 GiB gzip bombs
 * (`scripts/probe/gzip-bombs.mjs`), the server's RSS 20 s after the last answer: 16 KiB 358 MiB, 256 KiB 326 MiB,
 * 1 MiB 69-90 MiB, 4 MiB 340 MiB, 8 MiB 334 MiB, 32 MiB 104 MiB, 64 MiB 136 MiB (from about 65 MiB before). With
 * 1 MiB the memory goes back to the OS; with the others, most of it stays with the process.
 */
export const INFLATE_CHUNK_BYTES = 1024 * 1024;

/** Inflates a request body under the shared gate, stopping the moment it passes `maxDecompressedBytes`. */
export async function decompress(
  raw: Buffer,
  encoding: 'gzip' | 'deflate',
  limits: ReceiverLimits,
  gate: InflateGate = sharedInflateGate,
  isGone: () => boolean = () => false,
): Promise<Buffer> {
  const turn = gate.enter();
  if (!turn) throw busy(gate, encoding, 'queue');
  const leave = await turn;
  try {
    // A sender that hung up while its request waited for a turn is owed nothing: skip the work.
    if (isGone()) throw new ClientGoneError('client closed the connection while its body waited to be decompressed');
    return await inflateBounded(raw, encoding, limits, gate);
  } finally {
    leave();
  }
}

function inflateBounded(
  raw: Buffer,
  encoding: 'gzip' | 'deflate',
  limits: ReceiverLimits,
  gate: InflateGate,
): Promise<Buffer> {
  const options = { chunkSize: INFLATE_CHUNK_BYTES };
  const stream: Transform =
    encoding === 'gzip'
      ? createGunzip(options)
      : hasZlibHeader(raw)
        ? createInflate(options)
        : createInflateRaw(options);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = () => {
      settled = true;
      gate.release(size);
      stream.destroy();
    };
    const fail = (error: Error) => {
      if (settled) return;
      chunks.length = 0;
      settle();
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (size + chunk.length > limits.maxDecompressedBytes) return fail(decompressedTooLarge(limits));
      if (!gate.reserve(chunk.length, size)) return fail(busy(gate, encoding, 'budget'));
      size += chunk.length;
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (settled) return;
      const body = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size);
      chunks.length = 0;
      settle();
      resolve(body);
    });
    stream.on('error', (error) =>
      fail(
        new ReceiverError(
          400,
          GRPC.INVALID_ARGUMENT,
          `body is not valid ${encoding} data (${error.message}); check the content-encoding header, or send the body uncompressed`,
        ),
      ),
    );
    stream.end(raw);
  });
}

/**
 * Decompression is busy: retried by exporters (503 with Retry-After). `startsEpisode` is set on the first refusal of
 * a busy spell only, so that the user is told once, not once per retry.
 */
export class DecompressBusyError extends ReceiverError {
  constructor(
    message: string,
    readonly startsEpisode: boolean,
  ) {
    super(503, GRPC.UNAVAILABLE, message, { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) });
  }
}

const BUSY_RETRY_AFTER_SECONDS = 2;

function busy(gate: InflateGate, encoding: string, why: 'queue' | 'budget'): DecompressBusyError {
  const { concurrency, queue, budgetBytes } = gate.options;
  const cause =
    why === 'queue'
      ? `${concurrency} ${encoding} bodies are being decompressed and ${queue} more are waiting`
      : `the ${encoding} bodies being decompressed together would hold more than ${mib(budgetBytes)}`;
  return new DecompressBusyError(
    `Loupe is busy: ${cause}; retry after ${BUSY_RETRY_AFTER_SECONDS} s (Retry-After), send fewer requests at once, or send smaller batches`,
    gate.refuse(),
  );
}

function decompressedTooLarge(limits: ReceiverLimits): ReceiverError {
  return new ReceiverError(
    413,
    GRPC.RESOURCE_EXHAUSTED,
    `decompressed body is larger than the limit of ${mib(limits.maxDecompressedBytes)} (maxDecompressedBytes); send smaller batches`,
  );
}
