/**
 * Bounds every long value an agent reads. A model's context is the scarce resource: a 2 MB prompt or a base64 image
 * pasted whole would crowd out everything else, so a value longer than its budget is cut, and the cut says how much
 * is left and how to read on (the `read_value` tool pages through it by character offset).
 */

/** Characters of one value shown inline (an input, an output, a message's text) before it is cut. */
export const INLINE_CHARS = 2_000;
/** Characters one `read_value` call returns. */
export const PAGE_CHARS = 8_000;

/** Where a value lives, so a cut can say how to read the rest of it. */
export interface ValueRef {
  traceId: string;
  /** Null for the trace's own input, output and metadata. */
  observationId: string | null;
  field: string;
}

export interface Clipped {
  text: string;
  /** Characters of the whole value. */
  total: number;
  /** Where the next page starts; null when the text is the whole rest of the value. */
  nextOffset: number | null;
}

/** How to read on from `offset`, as the tool call an agent makes. */
function readOnHint(ref: ValueRef, offset: number): string {
  const args: Record<string, unknown> = { traceId: ref.traceId };
  if (ref.observationId !== null) args.observationId = ref.observationId;
  args.field = ref.field;
  args.offset = offset;
  return `read_value ${JSON.stringify(args)}`;
}

/** Up to `max` characters of `text` from `offset`, with a marker saying what was left out and how to read on. */
export function clip(text: string, max: number, ref: ValueRef | null, offset = 0): Clipped {
  const total = text.length;
  const start = Math.min(Math.max(0, offset), total);
  let end = Math.min(total, start + max);
  // Never split a surrogate pair: half an emoji is not text.
  if (end < total && end > start && /[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
  if (end >= total) return { text: text.slice(start), total, nextOffset: null };
  const hint = ref ? `; read on with ${readOnHint(ref, end)}` : '';
  return {
    text: `${text.slice(start, end)}… [truncated: characters ${start}-${end} of ${total} shown${hint}]`,
    total,
    nextOffset: end,
  };
}

/** A value as text: strings as they are, anything else as compact JSON (what a model reads best per character). */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
