import protobuf from 'protobufjs';
import { exportLogsServiceResponse, exportTraceServiceResponse, rpcStatus } from './proto-root';

/** The OTLP signals Loupe answers; metrics are accepted and dropped. */
export type OtlpSignal = 'traces' | 'logs' | 'metrics';

/**
 * OTLP reply bodies (HTTP and gRPC), in the encoding of the request. A full success is an empty response (zero bytes
 * in protobuf, `{}` in JSON); a partial success carries the count of rejected spans or log records and why.
 */
export function encodeExportResponse(
  format: 'json' | 'protobuf',
  rejected: number,
  errorMessage: string,
  signal: OtlpSignal = 'traces',
): Uint8Array | string {
  const partial = (rejected > 0 || errorMessage !== '') && signal !== 'metrics';
  const countField = signal === 'logs' ? 'rejectedLogRecords' : 'rejectedSpans';
  if (format === 'json') {
    // proto3 JSON writes int64 as a decimal string.
    return JSON.stringify(partial ? { partialSuccess: { [countField]: String(rejected), errorMessage } } : {});
  }
  if (!partial) return new Uint8Array(0);
  const type = signal === 'logs' ? exportLogsServiceResponse() : exportTraceServiceResponse();
  return type.encode(type.fromObject({ partialSuccess: { [countField]: rejected, errorMessage } })).finish();
}

/** A `google.rpc.Status` error body. */
export function encodeStatus(format: 'json' | 'protobuf', code: number, message: string): Uint8Array | string {
  if (format === 'json') return JSON.stringify({ code, message });
  const type = rpcStatus();
  return type.encode(type.fromObject({ code, message })).finish();
}

/**
 * A `google.rpc.Status` carrying a `google.rpc.RetryInfo` detail, for gRPC's `grpc-status-details-bin` trailer: OTLP
 * says a client retries after the `retry_delay` it names. Written field by field: Status (code 1, message 2,
 * details 3), Any (type_url 1, value 2), RetryInfo (retry_delay 1), Duration (seconds 1).
 */
export function encodeRetryStatus(code: number, message: string, retryDelaySeconds: number): Uint8Array {
  const duration = protobuf.Writer.create().uint32(8).int64(retryDelaySeconds).finish();
  const retryInfo = protobuf.Writer.create().uint32(10).bytes(duration).finish();
  const any = protobuf.Writer.create()
    .uint32(10)
    .string('type.googleapis.com/google.rpc.RetryInfo')
    .uint32(18)
    .bytes(retryInfo)
    .finish();
  return protobuf.Writer.create().uint32(8).int32(code).uint32(18).string(message).uint32(26).bytes(any).finish();
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
