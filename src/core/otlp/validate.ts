import type { OtlpSpan } from '../model/types';
import { joinMessages, notesOf, saneTime, type WireNotes } from './wire-notes';

/** Spans the receiver keeps, and what it tells the sender about the others (OTLP partial success). */
export interface ValidatedSpans {
  valid: OtlpSpan[];
  rejected: number;
  /** Empty when nothing was rejected. */
  errorMessage: string;
}

/** How many rejected spans are named in the message: enough to find the bug, short enough to log. */
export const NAMED_REJECTIONS = 3;

export const MISSING_START = 'startTimeUnixNano is missing';

export function idProblem(id: string, hexDigits: number, field: string): string | null {
  if (id.length !== hexDigits) return `${field} "${id.slice(0, 40)}" is not ${hexDigits} hex digits`;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return `${field} "${id}" is not hexadecimal`;
  }
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) !== 48) return null;
  return `${field} is all zeros, which OTLP defines as invalid`;
}

/** Times the decoder did not note (spans built elsewhere): the range alone, without the wire text. */
function timesProblem(span: OtlpSpan): string | null {
  if (!saneTime(span.startTime)) return `startTimeUnixNano is outside 1970..2200 (${span.startTime} ms)`;
  if (!saneTime(span.endTime)) return `endTimeUnixNano is outside 1970..2200 (${span.endTime} ms)`;
  for (const event of span.events)
    if (!saneTime(event.time)) return `an event's timeUnixNano is outside 1970..2200 (${event.time} ms)`;
  return null;
}

function spanProblem(span: OtlpSpan, index: number, notes: WireNotes | null): string | null {
  return (
    idProblem(span.traceId, 32, 'traceId') ??
    idProblem(span.spanId, 16, 'spanId') ??
    (span.startTime === 0 ? MISSING_START : null) ??
    notes?.badTimes.get(index) ??
    timesProblem(span)
  );
}

/** How a rejected span is named: its index and name, and its ids once they are known to be valid. */
function spanLabel(span: OtlpSpan, index: number, problem: string): string {
  const name = `"${span.name.slice(0, 80)}"`;
  const idsValid = problem !== MISSING_START && !problem.startsWith('traceId') && !problem.startsWith('spanId');
  return idsValid ? `span #${index} ${span.traceId}/${span.spanId} (${name})` : `span #${index} (${name})`;
}

/**
 * Splits decoded spans into those Loupe can place (valid trace and span ids, a start time, every time between
 * 1970 and 2200) and those it cannot. An end before the start is kept: the span is still worth seeing, and the
 * views show what was sent. The message also counts the attribute values the decoder dropped (`notesOf`).
 */
export function validateSpans(spans: OtlpSpan[]): ValidatedSpans {
  const notes = notesOf(spans);
  const valid: OtlpSpan[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as OtlpSpan;
    const problem = spanProblem(span, i, notes);
    if (problem === null) {
      valid.push(span);
      continue;
    }
    rejected++;
    if (reasons.length < NAMED_REJECTIONS) reasons.push(`${spanLabel(span, i, problem)}: ${problem}`);
  }
  const errorMessage = joinMessages(rejectionMessage(rejected, spans.length, reasons), notes?.droppedMessage() ?? '');
  return { valid, rejected, errorMessage };
}

/** The partial-success message: how many spans were rejected, the first few by index and reason. '' for none. */
export function rejectionMessage(rejected: number, total: number, reasons: readonly string[]): string {
  if (rejected === 0) return '';
  const more = rejected > reasons.length ? `; and ${rejected - reasons.length} more` : '';
  return `${rejected} of ${total} spans rejected: ${reasons.join('; ')}${more}. The other spans were stored; fix the ids or times where these spans are created`;
}
