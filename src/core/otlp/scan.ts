import { scanJsonRequest } from './scan-json';
import { scanProtobufRequest } from './scan-protobuf';
import { SpanTally } from './scan-tally';

/**
 * A validating scan of an OTLP/HTTP trace export body: what the receiver must answer before it keeps the raw body
 * and decodes it later. It throws exactly when `decodeOtlpTraces` would, and counts the spans and the spans
 * `validateSpans` would reject, at a fraction of the cost of decoding (no span objects are built).
 */
export interface ScannedRequest {
  /** Spans in the request. */
  spans: number;
  /** Spans validateSpans would reject (traceId/spanId not valid or all zeros, no start time, a time past 2200). */
  rejected: number;
  /** The message validateSpans would give: rejections and dropped attribute values; '' for neither. */
  errorMessage: string;
}

/** Throws OtlpDecodeError with a message naming the problem and where. */
export function scanOtlpTraces(body: Uint8Array, format: 'json' | 'protobuf'): ScannedRequest {
  const tally = new SpanTally();
  if (format === 'json') scanJsonRequest(body, tally);
  else scanProtobufRequest(body, tally);
  return tally.result();
}
