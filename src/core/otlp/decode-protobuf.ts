import type { Attributes, AttrValue, OtlpSpan, SpanEvent, SpanLink } from '../model/types';
import { MAX_VALUE_DEPTH, OtlpDecodeError } from './decode-error';
import { exportTraceServiceRequest } from './proto-root';
import { setOwn } from './safe-object';
import { attachNotes, noteSpanTimes, type SpanTime, WireNotes } from './wire-notes';
import { bytesToBase64, bytesToHex, type Int64, int64ToValue, nanos64ToMs, parentOrNull } from './wire-values';

/**
 * OTLP/protobuf: decode with protobufjs, then walk the decoded message objects directly.
 * `toObject` would allocate a second copy of every span only to be converted again.
 * Only the fields read here are typed; protobufjs leaves unset fields at their defaults.
 * The schema fixes every type, so nothing is dropped here; a time past 2200 (fixed64 reaches 2554) is noted against
 * its span for validateSpans, as in decode-json.
 */

export interface PbAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Int64;
  doubleValue?: number;
  arrayValue?: { values?: PbAnyValue[] } | null;
  kvlistValue?: { values?: PbKeyValue[] } | null;
  bytesValue?: Uint8Array;
}
export interface PbKeyValue {
  key?: string;
  value?: PbAnyValue | null;
}
interface PbEvent {
  timeUnixNano?: Int64;
  name?: string;
  attributes?: PbKeyValue[];
}
interface PbLink {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  attributes?: PbKeyValue[];
}
interface PbSpan {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  parentSpanId?: Uint8Array;
  name?: string;
  kind?: number;
  startTimeUnixNano?: Int64;
  endTimeUnixNano?: Int64;
  attributes?: PbKeyValue[];
  events?: PbEvent[];
  links?: PbLink[];
  status?: { code?: number; message?: string } | null;
}
interface PbRequest {
  resourceSpans?: {
    resource?: { attributes?: PbKeyValue[] } | null;
    scopeSpans?: { scope?: { name?: string; version?: string } | null; spans?: PbSpan[] }[];
  }[];
}

const has = Object.hasOwn;

/**
 * The set oneof field is the one that is an own property: protobufjs keeps defaults on the
 * prototype. (Its `value` getter answers the same but allocates `Object.keys` per value.)
 */
export function pbAnyValue(v: PbAnyValue | null | undefined, depth = 0): AttrValue {
  if (!v) return null;
  if (depth > MAX_VALUE_DEPTH) {
    throw new OtlpDecodeError(
      `invalid OTLP/protobuf: an attribute value nests arrays or kvlists deeper than ${MAX_VALUE_DEPTH} levels; flatten it`,
    );
  }
  if (has(v, 'stringValue')) return v.stringValue ?? '';
  if (has(v, 'intValue')) return v.intValue === undefined ? null : int64ToValue(v.intValue);
  if (has(v, 'boolValue')) return v.boolValue === true;
  if (has(v, 'doubleValue')) return v.doubleValue ?? null;
  if (has(v, 'arrayValue')) return (v.arrayValue?.values ?? []).map((item) => pbAnyValue(item, depth + 1));
  if (has(v, 'kvlistValue')) return pbAttributes(v.kvlistValue?.values, depth + 1);
  if (has(v, 'bytesValue')) return v.bytesValue ? bytesToBase64(v.bytesValue) : '';
  return null;
}

export function pbAttributes(kvs: PbKeyValue[] | undefined, depth = 0): Attributes {
  const out: Attributes = {};
  if (!kvs) return out;
  for (const kv of kvs) if (kv.key !== undefined) setOwn(out, kv.key, pbAnyValue(kv.value, depth));
  return out;
}

export function hex(bytes: Uint8Array | undefined): string {
  return bytes ? bytesToHex(bytes) : '';
}

function events(raw: PbEvent[] | undefined): SpanEvent[] {
  return (raw ?? []).map((e) => ({
    name: e.name ?? '',
    time: nanos64ToMs(e.timeUnixNano),
    attributes: pbAttributes(e.attributes),
  }));
}

function links(raw: PbLink[] | undefined): SpanLink[] {
  return (raw ?? []).map((l) => ({
    traceId: hex(l.traceId),
    spanId: hex(l.spanId),
    attributes: pbAttributes(l.attributes),
  }));
}

/** A fixed64 as its exact decimal text, for messages. */
export function int64Text(value: Int64 | null | undefined): string {
  if (value == null) return '0';
  if (typeof value === 'number') return String(value);
  return ((BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0)).toString();
}

/** A span's time as sent, for a message. */
function pbTimeText(span: PbSpan, time: SpanTime): string {
  if (time === 'start') return int64Text(span.startTimeUnixNano);
  if (time === 'end') return int64Text(span.endTimeUnixNano);
  return int64Text(span.events?.[time]?.timeUnixNano);
}

export function decodeProtobufRequest(body: Uint8Array): OtlpSpan[] {
  let request: PbRequest;
  try {
    request = exportTraceServiceRequest().decode(body) as PbRequest;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new OtlpDecodeError(`invalid OTLP/protobuf: not a valid ExportTraceServiceRequest (${detail})`);
  }
  const spans: OtlpSpan[] = [];
  const notes = new WireNotes();
  for (const rs of request.resourceSpans ?? []) {
    const resource = pbAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      const scope = { name: ss.scope?.name ?? '', version: ss.scope?.version || null };
      for (const span of ss.spans ?? []) {
        const out: OtlpSpan = {
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: parentOrNull(hex(span.parentSpanId)),
          name: span.name ?? '',
          kind: span.kind ?? 0,
          startTime: nanos64ToMs(span.startTimeUnixNano),
          endTime: nanos64ToMs(span.endTimeUnixNano),
          attributes: pbAttributes(span.attributes),
          events: events(span.events),
          links: links(span.links),
          status: { code: span.status?.code ?? 0, message: span.status?.message || null },
          resource,
          scope,
        };
        noteSpanTimes(notes, spans.length, out, span, pbTimeText);
        spans.push(out);
      }
    }
  }
  return attachNotes(spans, notes);
}
