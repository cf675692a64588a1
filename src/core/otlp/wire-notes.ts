import type { OtlpSpan, SpanEvent } from '../model/types';

/**
 * What the decoders refused or fixed on the way in, for the OTLP partial-success message: spans and log records with
 * a time Loupe cannot place, and attribute values of the wrong type that were dropped. The notes travel with the
 * decoded array (a WeakMap keyed by it), so `decodeOtlpTraces` keeps returning a plain array to its many callers and
 * `validateSpans` finds the exact wording, the wire text of a bad time included, without another decode.
 */

/** 2200-01-01 in epoch ms. Later times are SDK bugs (wrong unit) or attacks; they also break Date in the views. */
export const MAX_TIME_MS = Date.UTC(2200, 0, 1);

/** How many dropped values are named in a message: enough to find the bug, short enough to log. */
const NAMED_DROPS = 3;

/** Whether an epoch-ms time is one Loupe can place and show: finite, from 1970-01-01 up to 2200-01-01. */
export function saneTime(ms: number): boolean {
  return ms >= 0 && ms <= MAX_TIME_MS;
}

/**
 * Why a time read from the wire is refused, or null when it is sane. `ms` is what the decoder made of it (NaN when
 * it is not a number at all), `wire` the value as sent, for the message.
 */
export function timeProblem(field: string, ms: number, wire: () => string): string | null {
  if (saneTime(ms)) return null;
  if (Number.isNaN(ms)) return `${field} ${wire()} is not a number of nanoseconds since 1970`;
  return `${field} ${wire()} is ${ms < 0 ? 'before 1970-01-01' : 'after 2200-01-01'}`;
}

/** Which time of a span a message quotes: its start, its end, or the time of event `i`. */
export type SpanTime = 'start' | 'end' | number;

/**
 * Notes against span `index` why its times cannot be placed, if they cannot. Every time counts, the optional ones
 * too: an end or event time past 2200 means the sender's clock or unit is wrong, so its start cannot be trusted
 * either, and a span shown with its end quietly dropped would show a duration nobody measured. Rejecting the span
 * tells the sender at once. `wire(raw, time)` gives a time as the decoder read it from `raw`, for the message.
 */
export function noteSpanTimes<R>(
  notes: WireNotes | null,
  index: number,
  span: OtlpSpan,
  raw: R,
  wire: (raw: R, time: SpanTime) => string,
): void {
  if (notes === null || (saneTime(span.startTime) && saneTime(span.endTime) && span.events.length === 0)) return;
  let problem =
    timeProblem('startTimeUnixNano', span.startTime, () => wire(raw, 'start')) ??
    timeProblem('endTimeUnixNano', span.endTime, () => wire(raw, 'end'));
  for (let i = 0; problem === null && i < span.events.length; i++)
    problem = timeProblem(`events[${i}].timeUnixNano`, (span.events[i] as SpanEvent).time, () => wire(raw, i));
  if (problem !== null) notes.badTimes.set(index, problem);
}

/** A wire value for a message: strings and numbers as written, anything else as JSON, cut to 80 characters. */
export function quoteWire(v: unknown): string {
  const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return text === undefined ? 'undefined' : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export class WireNotes {
  /** The problem with the times of an item, by its index in the decoded array. */
  readonly badTimes = new Map<number, string>();
  dropped = 0;
  private readonly drops: string[] = [];

  /** An attribute value that was dropped: `where` is built only for the first few. */
  drop(where: () => string, problem: string): void {
    if (this.drops.length < NAMED_DROPS) this.drops.push(`${where()} ${problem}`);
    this.dropped++;
  }

  /** '' when nothing was dropped. */
  droppedMessage(): string {
    if (this.dropped === 0) return '';
    const more = this.dropped > this.drops.length ? `; and ${this.dropped - this.drops.length} more` : '';
    const were = this.dropped === 1 ? 'attribute value was' : 'attribute values were';
    return `${this.dropped} ${were} dropped (stored as null): ${this.drops.join('; ')}${more}. Fix the value types where these attributes are set`;
  }

  get empty(): boolean {
    return this.dropped === 0 && this.badTimes.size === 0;
  }
}

const NOTES = new WeakMap<readonly unknown[], WireNotes>();

/** Keeps the notes beside the array the decoder returns (nothing is kept for a clean body). */
export function attachNotes<T extends readonly unknown[]>(decoded: T, notes: WireNotes): T {
  if (!notes.empty) NOTES.set(decoded, notes);
  return decoded;
}

/** The notes of an array a decoder returned, or null (a clean body, or an array built elsewhere). */
export function notesOf(decoded: readonly unknown[]): WireNotes | null {
  return NOTES.get(decoded) ?? null;
}

/** Joins the parts of a partial-success message that are not empty. */
export function joinMessages(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}
