import type { Attributes, AttrValue, OtlpSpan } from '../model/types';

/** Default largest attribute value kept whole, in UTF-8 bytes. */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

const encoder = new TextEncoder();

/** Bytes for people: `512 B`, `3.4 KiB`, `5.2 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} B`;
}

/** UTF-8 length, counted without allocating: surrogate pairs are 4 bytes, other chars 1 to 3. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The string cut to `maxBytes` of UTF-8 at a character boundary, with a marker saying what was cut. */
export function truncateText(text: string, maxBytes: number): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no counting.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = utf8Length(text);
  if (bytes <= maxBytes) return text;
  const { read } = encoder.encodeInto(text, new Uint8Array(maxBytes));
  return `${text.slice(0, read)}…[truncated by Loupe: ${formatBytes(bytes)} → ${formatBytes(maxBytes)}]`;
}

class Truncator {
  count = 0;
  constructor(private readonly maxBytes: number) {}

  value(v: AttrValue): AttrValue {
    if (typeof v === 'string') {
      const cut = truncateText(v, this.maxBytes);
      if (cut !== v) this.count++;
      return cut;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.value(v[i] as AttrValue);
      return v;
    }
    if (v !== null && typeof v === 'object') {
      this.attributes(v);
      return v;
    }
    return v;
  }

  attributes(attrs: Attributes): void {
    for (const key of Object.keys(attrs)) {
      const before = attrs[key] as AttrValue;
      const after = this.value(before);
      if (after !== before) Object.defineProperty(attrs, key, { value: after, enumerable: true, writable: true });
    }
  }
}

/**
 * Cuts every string attribute value (span, event, link and resource attributes, also inside arrays and
 * kvlists) to `maxBytes`, in place. A cut value ends with a visible marker; the count lets the receiver
 * tell the user. Resources shared by several spans are visited once.
 */
export function truncateLargeValues(spans: OtlpSpan[], maxBytes = DEFAULT_MAX_VALUE_BYTES): number {
  const t = new Truncator(maxBytes);
  const resources = new Set<Attributes>();
  for (const span of spans) {
    t.attributes(span.attributes);
    for (const e of span.events) t.attributes(e.attributes);
    for (const l of span.links) t.attributes(l.attributes);
    if (!resources.has(span.resource)) {
      resources.add(span.resource);
      t.attributes(span.resource);
    }
    span.name = truncateText(span.name, maxBytes);
    if (span.status.message) span.status.message = truncateText(span.status.message, maxBytes);
  }
  return t.count;
}

/** The same cut for log records: their bodies, attributes and resources. Returns how many values were cut. */
export function truncateLogValues(
  records: { body: AttrValue; attributes: Attributes; resource: Attributes }[],
  maxBytes = DEFAULT_MAX_VALUE_BYTES,
): number {
  const t = new Truncator(maxBytes);
  const resources = new Set<Attributes>();
  for (const r of records) {
    r.body = t.value(r.body);
    t.attributes(r.attributes);
    if (!resources.has(r.resource)) {
      resources.add(r.resource);
      t.attributes(r.resource);
    }
  }
  return t.count;
}
