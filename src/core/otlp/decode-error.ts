/** A request body that is not a valid OTLP trace export; the message says what is wrong and where. */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';
}

/**
 * How deep arrays and kvlists may nest inside one attribute value. Real SDKs stay in single digits; the limit
 * turns a hostile body (100k nested arrays) into a 400 instead of a stack overflow.
 */
export const MAX_VALUE_DEPTH = 64;
