/** A request body that is not a valid OTLP trace export; the message says what is wrong and where. */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';
}
