import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';

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
  return encoding === 'identity' ? raw : decompress(raw, encoding, limits);
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

type Inflate = (buf: Buffer, options: ZlibOptions) => Promise<Buffer>;
const gunzipAsync: Inflate = promisify(gunzip);
const inflateAsync: Inflate = promisify(inflate);
const inflateRawAsync: Inflate = promisify(inflateRaw);

/** HTTP "deflate" is meant to be zlib-wrapped, but some clients send raw deflate: tell them apart by the header. */
function hasZlibHeader(buf: Buffer): boolean {
  const cmf = buf[0];
  const flg = buf[1];
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

async function decompress(raw: Buffer, encoding: 'gzip' | 'deflate', limits: ReceiverLimits): Promise<Buffer> {
  // maxOutputLength makes zlib stop as soon as the output passes the limit, without inflating the rest.
  const options: ZlibOptions = { maxOutputLength: limits.maxDecompressedBytes };
  try {
    if (encoding === 'gzip') return await gunzipAsync(raw, options);
    return await (hasZlibHeader(raw) ? inflateAsync : inflateRawAsync)(raw, options);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ReceiverError(
        413,
        GRPC.RESOURCE_EXHAUSTED,
        `decompressed body is larger than the limit of ${mib(limits.maxDecompressedBytes)} (maxDecompressedBytes); send smaller batches`,
      );
    }
    throw new ReceiverError(
      400,
      GRPC.INVALID_ARGUMENT,
      `body is not valid ${encoding} data (${(error as Error).message}); check the content-encoding header`,
    );
  }
}
