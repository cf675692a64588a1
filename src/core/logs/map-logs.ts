import type { LogRecord } from '../model/types';
import type { DecodedLogRecord } from '../otlp/decode-logs';
import { idProblem, NAMED_REJECTIONS } from '../otlp/validate';
import { joinMessages, notesOf, saneTime } from '../otlp/wire-notes';

/**
 * Decoded log records into stored ones. A record with no trace id, or the all-zero one OTLP uses for "none", is kept
 * without a trace; one whose trace or span id is malformed cannot be placed and is rejected (OTLP partial success),
 * like a span with a bad id. A record without any time takes the time it was received; one with a time outside
 * 1970..2200 (noted by the decoder, or found here for records decoded elsewhere) is rejected, like such a span.
 */
export interface MappedLogs {
  records: LogRecord[];
  rejected: number;
  /** '' when nothing was rejected. */
  errorMessage: string;
}

/** Time, then position in the request they came in, then id: the order a span's records are read in. */
export function compareLogRecords(a: LogRecord, b: LogRecord): number {
  return a.time - b.time || a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const isZeros = (id: string): boolean => /^0+$/.test(id);

function normalId(id: string): string {
  return id === '' || isZeros(id) ? '' : id;
}

/**
 * FNV-1a over the record's content, as 13 hex digits (52 bits): the same record delivered twice (a retry, a replay
 * after a restart) gets the same id and is stored once. Distinct records in one trace colliding is a 1 in 2^52 event.
 */
function contentHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 & 0xfffff).toString(16).padStart(5, '0');
}

/** `timeUnixNano`, else `observedTimeUnixNano`; 0 when neither is set. */
const recordTime = (r: DecodedLogRecord): number => (r.timeUnix > 0 ? r.timeUnix : r.observedTime);

/**
 * The id hashes only what is stored of the record, its time being the one it is stored with: an export writes that
 * time as `timeUnixNano` (the observed time is not kept), so a re-imported record gets its original id back and is
 * stored once even in the store it came from.
 */
function recordId(r: DecodedLogRecord, traceId: string, spanId: string): string {
  const content = JSON.stringify([
    recordTime(r),
    r.severityNumber,
    r.severityText,
    r.eventName,
    r.body,
    r.attributes,
    r.scope.name,
  ]);
  return `${traceId}/${spanId}/${contentHash(content)}`;
}

export function mapLogRecords(decoded: readonly DecodedLogRecord[], receivedAt: number): MappedLogs {
  const notes = notesOf(decoded);
  const records: LogRecord[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  for (let i = 0; i < decoded.length; i++) {
    const r = decoded[i] as DecodedLogRecord;
    const traceId = normalId(r.traceId);
    const spanId = normalId(r.spanId);
    const problem =
      (traceId === '' ? null : idProblem(traceId, 32, 'traceId')) ??
      (spanId === '' ? null : idProblem(spanId, 16, 'spanId')) ??
      (spanId !== '' && traceId === '' ? 'spanId is set but traceId is not' : null) ??
      notes?.badTimes.get(i) ??
      (saneTime(r.timeUnix) && saneTime(r.observedTime)
        ? null
        : 'timeUnixNano or observedTimeUnixNano is outside 1970..2200');
    if (problem !== null) {
      rejected++;
      if (reasons.length < NAMED_REJECTIONS) reasons.push(`log record #${i}: ${problem}`);
      continue;
    }
    const { timeUnix: _t, observedTime: _o, ...rest } = r;
    records.push({
      ...rest,
      id: recordId(r, traceId, spanId),
      traceId,
      spanId,
      time: recordTime(r) > 0 ? recordTime(r) : receivedAt,
      order: i,
    });
  }
  const more = rejected > reasons.length ? `; and ${rejected - reasons.length} more` : '';
  const rejections =
    rejected === 0
      ? ''
      : `${rejected} of ${decoded.length} log records rejected: ${reasons.join('; ')}${more}. The other records were stored; fix the ids or times where these records are emitted`;
  const errorMessage = joinMessages(rejections, notes?.droppedMessage() ?? '');
  return { records, rejected, errorMessage };
}
