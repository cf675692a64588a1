import type { OtlpSpan } from '../model/types';
import { decodeJsonRequest } from './decode-json';
import { decodeProtobufRequest } from './decode-protobuf';

export { OtlpDecodeError } from './decode-error';

/**
 * Decode an OTLP/HTTP trace export body (already decompressed) into plain spans.
 * Spans with missing times are kept with time 0, and spans with times outside 1970..2200 are kept as decoded but
 * noted: rejecting them is validateSpans's decision, which reads the notes (the wire text of a bad time, and the
 * attribute values dropped for their type) with `notesOf(spans)`.
 * Throws OtlpDecodeError when the body is not a trace export at all.
 */
export function decodeOtlpTraces(body: Uint8Array, format: 'json' | 'protobuf'): OtlpSpan[] {
  return format === 'json' ? decodeJsonRequest(body) : decodeProtobufRequest(body);
}
