import type { Attributes, AttrValue, OtlpSpan, SpanEvent, SpanLink } from '../model/types';
import { MAX_VALUE_DEPTH, OtlpDecodeError } from './decode-error';
import { lookupTable, setOwn } from './safe-object';
import { jsonId, nanosTextToMs, parentOrNull } from './wire-values';

/**
 * OTLP/JSON (ExportTraceServiceRequest as proto3 JSON with the OTLP deviations: hex ids, integer
 * enums). Lenient where SDKs differ (intValue as number or string, times as string or number,
 * base64 ids from canonical proto3-JSON encoders), strict about structure so a malformed body gets
 * a message that says where it went wrong.
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

export function time(v: unknown): number {
  if (typeof v === 'string') return v === '' ? 0 : nanosTextToMs(v);
  if (typeof v === 'number' && Number.isFinite(v)) return v / 1e6;
  return 0;
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

function intValue(v: unknown): AttrValue {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = Number(v);
    // Beyond 2^53 keep the exact decimal text rather than a rounded number.
    return Number.isSafeInteger(n) ? n : v;
  }
  return null;
}

function doubleValue(v: unknown): AttrValue {
  if (typeof v === 'number') return v;
  // proto3 JSON spells non-finite doubles as strings; keep them readable.
  if (typeof v === 'string') return v;
  return null;
}

function tooDeep(): OtlpDecodeError {
  return new OtlpDecodeError(
    `invalid OTLP/JSON: an attribute value nests arrays or kvlists deeper than ${MAX_VALUE_DEPTH} levels; flatten it`,
  );
}

export function jsonAnyValue(v: unknown, depth = 0): AttrValue {
  if (!isObject(v)) return null;
  if (depth > MAX_VALUE_DEPTH) throw tooDeep();
  if ('stringValue' in v) return text(v.stringValue);
  if ('intValue' in v) return intValue(v.intValue);
  if ('doubleValue' in v) return doubleValue(v.doubleValue);
  if ('boolValue' in v) return v.boolValue === true;
  if ('arrayValue' in v) {
    const values = isObject(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values : [];
    return values.map((item) => jsonAnyValue(item, depth + 1));
  }
  if ('kvlistValue' in v) {
    const values = isObject(v.kvlistValue) && Array.isArray(v.kvlistValue.values) ? v.kvlistValue.values : [];
    return jsonAttributes(values, depth + 1);
  }
  if ('bytesValue' in v) return text(v.bytesValue);
  return null;
}

export function jsonAttributes(kvs: unknown, depth = 0): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(kvs)) return out;
  for (const kv of kvs) {
    if (isObject(kv) && typeof kv.key === 'string') setOwn(out, kv.key, jsonAnyValue(kv.value, depth));
  }
  return out;
}

function jsonEvents(raw: unknown[]): SpanEvent[] {
  const out: SpanEvent[] = [];
  for (const e of raw) {
    if (!isObject(e)) continue;
    out.push({ name: text(e.name), time: time(e.timeUnixNano), attributes: jsonAttributes(e.attributes) });
  }
  return out;
}

function jsonLinks(raw: unknown[]): SpanLink[] {
  const out: SpanLink[] = [];
  for (const l of raw) {
    if (!isObject(l)) continue;
    out.push({
      traceId: jsonId(text(l.traceId), 16),
      spanId: jsonId(text(l.spanId), 8),
      attributes: jsonAttributes(l.attributes),
    });
  }
  return out;
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
    attributes: jsonAttributes(span.attributes),
    events: jsonEvents(list(span, 'events', where)),
    links: jsonLinks(list(span, 'links', where)),
    status: { code: enumValue(status.code), message: nonEmpty(status.message) },
    resource,
    scope,
  };
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

/** An OTLP/JSON request already parsed (an imported file, parsed once to tell its format). */
export function decodeJsonRoot(root: unknown): OtlpSpan[] {
  const request = object(root, () => 'the request body');
  const spans: OtlpSpan[] = [];
  const resourceSpans = list(request, 'resourceSpans', () => 'request');
  for (let r = 0; r < resourceSpans.length; r++) {
    const rsWhere = () => `resourceSpans[${r}]`;
    const rs = object(resourceSpans[r], rsWhere);
    const resource = jsonAttributes(isObject(rs.resource) ? rs.resource.attributes : undefined);
    const scopeSpans = list(rs, 'scopeSpans', rsWhere);
    for (let s = 0; s < scopeSpans.length; s++) {
      const ssWhere = () => `${rsWhere()}.scopeSpans[${s}]`;
      const ss = object(scopeSpans[s], ssWhere);
      const scopeRaw = isObject(ss.scope) ? ss.scope : {};
      const scope = { name: text(scopeRaw.name), version: nonEmpty(scopeRaw.version) };
      const raw = list(ss, 'spans', ssWhere);
      for (let i = 0; i < raw.length; i++) {
        const where = () => `${ssWhere()}.spans[${i}]`;
        spans.push(jsonSpan(object(raw[i], where), resource, scope, where));
      }
    }
  }
  return spans;
}
