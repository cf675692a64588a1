import type { Attributes, AttrValue, OtlpSpan, SpanEvent, SpanLink } from '../model/types';
import { MAX_VALUE_DEPTH, OtlpDecodeError } from './decode-error';
import { lookupTable, setOwn } from './safe-object';
import { attachNotes, noteSpanTimes, quoteWire, type SpanTime, WireNotes } from './wire-notes';
import { jsonId, nanosTextToMs, parentOrNull } from './wire-values';

/**
 * OTLP/JSON (ExportTraceServiceRequest as proto3 JSON with the OTLP deviations: hex ids, integer
 * enums). Lenient where SDKs differ (intValue as number or string, times as string or number,
 * base64 ids from canonical proto3-JSON encoders), strict about structure so a malformed body gets
 * a message that says where it went wrong. A value of the wrong type inside an attribute is dropped (stored as null)
 * and noted for the partial-success message; a time outside 1970..2200 is noted against its span, which
 * validateSpans then rejects.
 */

type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** A repeated field: absent means empty; anything but an array is an error. `where` is built only on failure. */
export function list(parent: Json, key: string, where: () => string): unknown[] {
  const v = parent[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v))
    throw new OtlpDecodeError(`invalid OTLP/JSON: ${where()}.${key} must be an array, got ${typeName(v)}`);
  return v;
}

export function object(v: unknown, where: () => string): Json {
  if (!isObject(v)) throw new OtlpDecodeError(`invalid OTLP/JSON: ${where()} must be an object, got ${typeName(v)}`);
  return v;
}

export function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function nonEmpty(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Nanoseconds as text or a number, in epoch ms: 0 when unset, NaN when not a number (the caller checks the range). */
export function time(v: unknown): number {
  if (v === undefined || v === null || v === '') return 0;
  if (typeof v === 'string') return nanosTextToMs(v);
  if (typeof v === 'number') return v / 1e6;
  return Number.NaN;
}

/** Where the decoder in progress writes what it dropped; null outside a decode (values are then dropped unnoted). */
let notes: WireNotes | null = null;

/** Runs a decode with a fresh set of notes, which it returns beside the result. */
export function collectNotes<T>(decode: (notes: WireNotes) => T): [T, WireNotes] {
  const outer = notes;
  const mine = new WireNotes();
  notes = mine;
  try {
    return [decode(mine), mine];
  } finally {
    notes = outer;
  }
}

function dropped(where: () => string, problem: string): null {
  notes?.drop(where, problem);
  return null;
}

/** Span kind and status code: integers per OTLP/JSON; enum names accepted from canonical proto3-JSON encoders. */
const ENUM_NAMES = lookupTable({
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
});

function enumValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return ENUM_NAMES[v] ?? (Number(v) || 0);
  return 0;
}

/** Decimal integer text, for intValues beyond 2^53 (kept as their exact text). Rare: only big values get here. */
const INTEGER_TEXT = /^-?[0-9]+$/;

function intValue(v: unknown, where: () => string): AttrValue {
  if (typeof v === 'number')
    return Number.isInteger(v) ? v : dropped(where, `has an intValue ${v} that is not an integer`);
  if (typeof v === 'string') {
    const n = Number(v);
    if (Number.isSafeInteger(n)) return n;
    // Beyond 2^53 keep the exact decimal text rather than a rounded number.
    if (INTEGER_TEXT.test(v)) return v;
  }
  if (v === null) return null;
  return dropped(where, `has an intValue ${quoteWire(v)} that is not an integer`);
}

/** proto3 JSON spells non-finite doubles as strings; kept as that text, readable. */
const DOUBLE_WORDS = new Set(['NaN', 'Infinity', '-Infinity']);

function doubleValue(v: unknown, where: () => string): AttrValue {
  if (typeof v === 'number' || v === null) return v;
  if (typeof v === 'string' && (DOUBLE_WORDS.has(v) || (v.trim() !== '' && Number.isFinite(Number(v))))) return v;
  return dropped(where, `has a doubleValue ${quoteWire(v)} that is not a number`);
}

function typed<T>(v: unknown, type: string, field: string, where: () => string, value: T): T | null {
  if (typeof v === type) return value;
  return v === null ? null : dropped(where, `has a ${field} that is ${typeName(v)}, not a ${type}`);
}

/** The values of an arrayValue or kvlistValue (`{values: [...]}`), or null after noting what is wrong. */
function listValues(v: unknown, field: string, where: () => string): unknown[] | null {
  if (v === null) return [];
  if (!isObject(v)) return dropped(where, `has a ${field} that is ${typeName(v)}, not an object`);
  if (v.values === undefined || v.values === null) return [];
  if (!Array.isArray(v.values))
    return dropped(where, `has ${field}.values that is ${typeName(v.values)}, not an array`);
  return v.values;
}

function tooDeep(): OtlpDecodeError {
  return new OtlpDecodeError(
    `invalid OTLP/JSON: an attribute value nests arrays or kvlists deeper than ${MAX_VALUE_DEPTH} levels; flatten it`,
  );
}

const valueWhere = () => 'a value';

/**
 * An AnyValue. Absent, null and `{}` are the empty value (null); a value field of the wrong type is dropped and
 * noted with `where`, the path of the attribute, built only when something is noted.
 */
export function jsonAnyValue(v: unknown, depth = 0, where: () => string = valueWhere): AttrValue {
  if (!isObject(v))
    return v === undefined || v === null ? null : dropped(where, `is ${typeName(v)}, not an AnyValue object`);
  if (depth > MAX_VALUE_DEPTH) throw tooDeep();
  if ('stringValue' in v)
    return v.stringValue === null ? '' : typed(v.stringValue, 'string', 'stringValue', where, v.stringValue as string);
  if ('intValue' in v) return intValue(v.intValue, where);
  if ('doubleValue' in v) return doubleValue(v.doubleValue, where);
  if ('boolValue' in v) return typed(v.boolValue, 'boolean', 'boolValue', where, v.boolValue === true);
  if ('arrayValue' in v) {
    const values = listValues(v.arrayValue, 'arrayValue', where);
    return values === null
      ? null
      : values.map((item, i) => jsonAnyValue(item, depth + 1, () => `${where()}.arrayValue.values[${i}]`));
  }
  if ('kvlistValue' in v) {
    const values = listValues(v.kvlistValue, 'kvlistValue', where);
    return values === null ? null : jsonKeyValues(values, depth + 1, () => `${where()}.kvlistValue.values`);
  }
  if ('bytesValue' in v) return typed(v.bytesValue, 'string', 'bytesValue', where, v.bytesValue as string);
  for (const key in v) return dropped(where, `has no AnyValue field (found "${key.slice(0, 40)}")`);
  return null;
}

function jsonKeyValues(kvs: unknown[], depth: number, where: () => string): Attributes {
  const out: Attributes = {};
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i];
    if (isObject(kv) && typeof kv.key === 'string') {
      const key = kv.key;
      const value = kv.value;
      // Most values are strings: those skip the general path and the closure naming the attribute.
      if (isObject(value) && typeof value.stringValue === 'string' && depth <= MAX_VALUE_DEPTH)
        setOwn<AttrValue>(out, key, value.stringValue);
      else
        setOwn(
          out,
          key,
          jsonAnyValue(value, depth, () => `${where()}[${i}] (key "${key.slice(0, 80)}")`),
        );
    } else if (notes) {
      const problem = isObject(kv)
        ? `has a key that is ${typeName(kv.key)}, not a string`
        : `is ${typeName(kv)}, not a key-value object`;
      notes.drop(() => `${where()}[${i}]`, problem);
    }
  }
  return out;
}

/**
 * How many values the decoder would drop from one attribute (a key-value) or AnyValue already parsed, or 1 when it
 * would throw: for the scanner, which checks only the shapes it cannot tell from their bytes this way.
 */
export function droppedIn(v: unknown, keyValue: boolean): number {
  try {
    return collectNotes(() => (keyValue ? jsonKeyValues([v], 0, valueWhere) : jsonAnyValue(v)))[1].dropped;
  } catch {
    return 1;
  }
}

/** The `attributes` of `parent`: absent or null is none, anything but an array is an error naming the path. */
export function jsonAttributes(parent: Json, where: () => string, depth = 0): Attributes {
  const kvs = list(parent, 'attributes', where);
  return kvs.length === 0 ? {} : jsonKeyValues(kvs, depth, () => `${where()}.attributes`);
}

function jsonEvents(raw: unknown[], where: () => string): SpanEvent[] {
  const out: SpanEvent[] = [];
  for (let i = 0; i < raw.length; i++) {
    const eventWhere = () => `${where()}.events[${i}]`;
    const e = object(raw[i], eventWhere);
    out.push({ name: text(e.name), time: time(e.timeUnixNano), attributes: jsonAttributes(e, eventWhere) });
  }
  return out;
}

function jsonLinks(raw: unknown[], where: () => string): SpanLink[] {
  const out: SpanLink[] = [];
  for (let i = 0; i < raw.length; i++) {
    const linkWhere = () => `${where()}.links[${i}]`;
    const l = object(raw[i], linkWhere);
    out.push({
      traceId: jsonId(text(l.traceId), 16),
      spanId: jsonId(text(l.spanId), 8),
      attributes: jsonAttributes(l, linkWhere),
    });
  }
  return out;
}

/** A span's time as sent, for a message. */
function jsonTimeText(span: Json, time: SpanTime): string {
  if (time === 'start') return quoteWire(span.startTimeUnixNano);
  if (time === 'end') return quoteWire(span.endTimeUnixNano);
  return quoteWire((span.events as Json[])[time]?.timeUnixNano);
}

function jsonSpan(span: Json, resource: Attributes, scope: OtlpSpan['scope'], where: () => string): OtlpSpan {
  const status = isObject(span.status) ? span.status : {};
  const parent = typeof span.parentSpanId === 'string' ? jsonId(span.parentSpanId, 8) : '';
  return {
    traceId: jsonId(text(span.traceId), 16),
    spanId: jsonId(text(span.spanId), 8),
    parentSpanId: parentOrNull(parent),
    name: text(span.name),
    kind: enumValue(span.kind),
    startTime: time(span.startTimeUnixNano),
    endTime: time(span.endTimeUnixNano),
    attributes: jsonAttributes(span, where),
    events: jsonEvents(list(span, 'events', where), where),
    links: jsonLinks(list(span, 'links', where), where),
    status: { code: enumValue(status.code), message: nonEmpty(status.message) },
    resource,
    scope,
  };
}

/** `resource.attributes`: a resource that is not an object, or attributes that are not an array, is an error. */
export function jsonResource(parent: Json, where: () => string): Attributes {
  const resource = parent.resource;
  if (resource === undefined || resource === null) return {};
  const resourceWhere = () => `${where()}.resource`;
  return jsonAttributes(object(resource, resourceWhere), resourceWhere);
}

/** An OTLP/JSON body parsed, of any signal; a body that is not JSON (or not UTF-8) is an OtlpDecodeError. */
export function parseJsonBody(body: Uint8Array): unknown {
  try {
    // fatal: invalid UTF-8 is a broken body, not text to repair with replacement characters.
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (e) {
    throw new OtlpDecodeError(`invalid OTLP/JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function decodeJsonRequest(body: Uint8Array): OtlpSpan[] {
  return decodeJsonRoot(parseJsonBody(body));
}

/**
 * An OTLP/JSON request already parsed (an imported file, parsed once to tell its format). What was dropped and which
 * spans have times out of range travel with the array (`notesOf`).
 */
export function decodeJsonRoot(root: unknown): OtlpSpan[] {
  const [spans, found] = collectNotes(() => decodeJsonSpans(root));
  return attachNotes(spans, found);
}

function decodeJsonSpans(root: unknown): OtlpSpan[] {
  const request = object(root, () => 'the request body');
  const spans: OtlpSpan[] = [];
  const resourceSpans = list(request, 'resourceSpans', () => 'request');
  for (let r = 0; r < resourceSpans.length; r++) {
    const rsWhere = () => `resourceSpans[${r}]`;
    const rs = object(resourceSpans[r], rsWhere);
    const resource = jsonResource(rs, rsWhere);
    const scopeSpans = list(rs, 'scopeSpans', rsWhere);
    for (let s = 0; s < scopeSpans.length; s++) {
      const ssWhere = () => `${rsWhere()}.scopeSpans[${s}]`;
      const ss = object(scopeSpans[s], ssWhere);
      const scopeRaw = isObject(ss.scope) ? ss.scope : {};
      const scope = { name: text(scopeRaw.name), version: nonEmpty(scopeRaw.version) };
      const raw = list(ss, 'spans', ssWhere);
      for (let i = 0; i < raw.length; i++) {
        const where = () => `${ssWhere()}.spans[${i}]`;
        const rawSpan = object(raw[i], where);
        const span = jsonSpan(rawSpan, resource, scope, where);
        noteSpanTimes(notes, spans.length, span, rawSpan, jsonTimeText);
        spans.push(span);
      }
    }
  }
  return spans;
}
