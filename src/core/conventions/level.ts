import type { Attributes, Level, ObservationException, OtlpSpan } from '../model/types';
import { lookupTable } from '../otlp/safe-object';

/** Level spellings SDKs and loggers use, mapped onto the four Langfuse levels. */
const LEVEL_ALIASES = lookupTable<Level>({
  DEBUG: 'DEBUG',
  TRACE: 'DEBUG',
  VERBOSE: 'DEBUG',
  DEFAULT: 'DEFAULT',
  INFO: 'DEFAULT',
  LOG: 'DEFAULT',
  NOTICE: 'DEFAULT',
  OK: 'DEFAULT',
  SUCCESS: 'DEFAULT',
  WARNING: 'WARNING',
  WARN: 'WARNING',
  ERROR: 'ERROR',
  FATAL: 'ERROR',
  CRITICAL: 'ERROR',
});

export function parseLevel(v: unknown): Level | undefined {
  return typeof v === 'string' ? LEVEL_ALIASES[v.trim().toUpperCase()] : undefined;
}

const STATUS_ERROR = 2;

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The span's first `exception` event (the OTel way to record a thrown error), with a message always set. */
export function spanException(span: OtlpSpan): ObservationException | undefined {
  for (const e of span.events) {
    if (e.name !== 'exception') continue;
    const a = e.attributes;
    const type = text(a['exception.type']);
    const message = text(a['exception.message']) ?? type;
    if (message === undefined) continue;
    const out: ObservationException = { message };
    if (type !== undefined) out.type = type;
    const stacktrace = text(a['exception.stacktrace']);
    if (stacktrace !== undefined) out.stacktrace = stacktrace;
    return out;
  }
  return undefined;
}

/**
 * What failed, from the OTel `error.type` attribute (the error's class: `rate_limit_error`, `500`, `timeout`) and
 * `http.response.status_code`, for an error span with no status message and no exception event, as the Anthropic
 * SDK's spans of failed calls are: `rate_limit_error (HTTP 429)`.
 */
function errorReason(a: Attributes): string | undefined {
  const type = text(a['error.type']);
  const status = a['http.response.status_code'];
  const http = typeof status === 'number' || text(status) ? `HTTP ${status}` : undefined;
  if (type === undefined || type === String(status)) return http ?? type;
  return http === undefined ? type : `${type} (${http})`;
}

/**
 * Level and message from the OTel span status and exception events, for spans that state no level
 * of their own. A recorded exception is an error even when the status was left UNSET.
 */
export function statusLevel(
  span: OtlpSpan,
  exception: ObservationException | undefined,
): { level: Level; message: string | undefined } {
  const statusMessage = span.status.message ?? undefined;
  if (span.status.code === STATUS_ERROR || exception !== undefined) {
    return { level: 'ERROR', message: statusMessage ?? exception?.message ?? errorReason(span.attributes) };
  }
  return { level: 'DEFAULT', message: statusMessage };
}
