import { exportTraceServiceResponse, rpcStatus } from './proto-root';

/**
 * OTLP/HTTP reply bodies, in the encoding of the request. A full success is an empty response (zero bytes in
 * protobuf, `{}` in JSON); a partial success carries the count of rejected spans and why.
 */
export function encodeExportResponse(
  format: 'json' | 'protobuf',
  rejectedSpans: number,
  errorMessage: string,
): Uint8Array | string {
  const partial = rejectedSpans > 0 || errorMessage !== '';
  if (format === 'json') {
    // proto3 JSON writes int64 as a decimal string.
    return JSON.stringify(partial ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {});
  }
  const type = exportTraceServiceResponse();
  const message = partial ? { partialSuccess: { rejectedSpans, errorMessage } } : {};
  return type.encode(type.fromObject(message)).finish();
}

/** A `google.rpc.Status` error body. */
export function encodeStatus(format: 'json' | 'protobuf', code: number, message: string): Uint8Array | string {
  if (format === 'json') return JSON.stringify({ code, message });
  const type = rpcStatus();
  return type.encode(type.fromObject({ code, message })).finish();
}

/** Reads a reply back (tests and tools): the decoded object with int64 as numbers. */
export function decodeExportResponse(body: Uint8Array): {
  partialSuccess?: { rejectedSpans?: number; errorMessage?: string };
} {
  const type = exportTraceServiceResponse();
  return type.toObject(type.decode(body), { longs: Number, defaults: false }) as ReturnType<
    typeof decodeExportResponse
  >;
}

export function decodeStatus(body: Uint8Array): { code?: number; message?: string } {
  const type = rpcStatus();
  return type.toObject(type.decode(body)) as { code?: number; message?: string };
}
