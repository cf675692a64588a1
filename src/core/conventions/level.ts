import type { Level, OtlpSpan } from '../model/types';
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

/** The message of the span's first `exception` event, the OTel way to record a thrown error. */
function exceptionMessage(span: OtlpSpan): string | undefined {
  for (const e of span.events) {
    if (e.name !== 'exception') continue;
    const m = e.attributes['exception.message'];
    if (typeof m === 'string' && m !== '') return m;
  }
  return undefined;
}

/** Level and message from the OTel span status, for spans that state no level of their own. */
export function statusLevel(span: OtlpSpan): { level: Level; message: string | undefined } {
  if (span.status.code === STATUS_ERROR) {
    return { level: 'ERROR', message: span.status.message ?? exceptionMessage(span) };
  }
  return { level: 'DEFAULT', message: span.status.message ?? undefined };
}
