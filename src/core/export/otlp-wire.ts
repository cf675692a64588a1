import { OtlpDecodeError } from '../otlp/decode-error';
import { parseJsonBody } from '../otlp/decode-json';
import { exportTraceServiceRequest } from '../otlp/proto-root';
import { bytesToHex, jsonId } from '../otlp/wire-values';

/**
 * An OTLP trace request from one wire format to the other, field for field (scope attributes, trace state, flags and
 * dropped counts included), for sending upstream in the protocol the upstream wants. JSON ids are hex and protobuf
 * ids bytes; 64-bit numbers travel as decimal text in JSON and as {low, high} pairs towards protobufjs, so no
 * nanosecond is rounded on the way.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

interface Int64Bits {
  low: number;
  high: number;
  unsigned: boolean;
}

function int64(v: unknown): Int64Bits | number {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : Math.trunc(v);
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) return 0;
  const bits = BigInt.asUintN(64, BigInt(v));
  return { low: Number(bits & 0xffffffffn), high: Number(bits >> 32n), unsigned: false };
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function idBytes(v: unknown, byteLength: number): Uint8Array {
  if (typeof v !== 'string' || v === '') return new Uint8Array(0);
  const hex = jsonId(v, byteLength);
  return /^[0-9a-f]*$/.test(hex) && hex.length % 2 === 0 ? hexToBytes(hex) : new Uint8Array(0);
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const ENUMS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

function enumValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Object.hasOwn(ENUMS, v) ? (ENUMS[v] as number) : Number(v) || 0;
  return 0;
}

function anyValue(v: unknown): Json {
  if (!isObject(v)) return {};
  if ('stringValue' in v) return { stringValue: String(v.stringValue ?? '') };
  if ('boolValue' in v) return { boolValue: v.boolValue === true };
  if ('intValue' in v) return { intValue: int64(v.intValue) };
  if ('doubleValue' in v) return { doubleValue: Number(v.doubleValue) };
  if ('bytesValue' in v) return { bytesValue: base64ToBytes(String(v.bytesValue ?? '')) };
  if ('arrayValue' in v) return { arrayValue: { values: list((v.arrayValue as Json)?.values).map(anyValue) } };
  if ('kvlistValue' in v) return { kvlistValue: { values: keyValues((v.kvlistValue as Json)?.values) } };
  return {};
}

function keyValues(v: unknown): Json[] {
  return list(v)
    .filter(isObject)
    .map((kv) => ({ key: String(kv.key ?? ''), value: anyValue(kv.value) }));
}

function span(s: Json): Json {
  const status = isObject(s.status) ? s.status : {};
  return {
    traceId: idBytes(s.traceId, 16),
    spanId: idBytes(s.spanId, 8),
    parentSpanId: idBytes(s.parentSpanId, 8),
    traceState: typeof s.traceState === 'string' ? s.traceState : '',
    flags: typeof s.flags === 'number' ? s.flags : 0,
    name: typeof s.name === 'string' ? s.name : '',
    kind: enumValue(s.kind),
    startTimeUnixNano: int64(s.startTimeUnixNano),
    endTimeUnixNano: int64(s.endTimeUnixNano),
    attributes: keyValues(s.attributes),
    droppedAttributesCount: Number(s.droppedAttributesCount) || 0,
    events: list(s.events)
      .filter(isObject)
      .map((e) => ({
        timeUnixNano: int64(e.timeUnixNano),
        name: typeof e.name === 'string' ? e.name : '',
        attributes: keyValues(e.attributes),
        droppedAttributesCount: Number(e.droppedAttributesCount) || 0,
      })),
    droppedEventsCount: Number(s.droppedEventsCount) || 0,
    links: list(s.links)
      .filter(isObject)
      .map((l) => ({
        traceId: idBytes(l.traceId, 16),
        spanId: idBytes(l.spanId, 8),
        traceState: typeof l.traceState === 'string' ? l.traceState : '',
        attributes: keyValues(l.attributes),
        droppedAttributesCount: Number(l.droppedAttributesCount) || 0,
        flags: typeof l.flags === 'number' ? l.flags : 0,
      })),
    droppedLinksCount: Number(s.droppedLinksCount) || 0,
    status: { code: enumValue(status.code), message: typeof status.message === 'string' ? status.message : '' },
  };
}

export function otlpJsonToProtobuf(body: Uint8Array): Uint8Array {
  const root = parseJsonBody(body);
  if (!isObject(root)) throw new OtlpDecodeError('invalid OTLP/JSON: the request body must be an object');
  const message = {
    resourceSpans: list(root.resourceSpans)
      .filter(isObject)
      .map((rs) => ({
        resource: { attributes: keyValues(isObject(rs.resource) ? rs.resource.attributes : []) },
        schemaUrl: typeof rs.schemaUrl === 'string' ? rs.schemaUrl : '',
        scopeSpans: list(rs.scopeSpans)
          .filter(isObject)
          .map((ss) => {
            const scope = isObject(ss.scope) ? ss.scope : {};
            return {
              scope: {
                name: typeof scope.name === 'string' ? scope.name : '',
                version: typeof scope.version === 'string' ? scope.version : '',
                attributes: keyValues(scope.attributes),
              },
              schemaUrl: typeof ss.schemaUrl === 'string' ? ss.schemaUrl : '',
              spans: list(ss.spans).filter(isObject).map(span),
            };
          }),
      })),
  };
  return exportTraceServiceRequest().encode(message).finish();
}

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** protobufjs's toObject gives ids as base64 (every bytes field is): OTLP/JSON wants them in hex. */
function hexIds(v: unknown): void {
  if (Array.isArray(v)) {
    for (const item of v) hexIds(item);
    return;
  }
  if (!isObject(v)) return;
  for (const [key, value] of Object.entries(v)) {
    if (ID_FIELDS.has(key) && typeof value === 'string') v[key] = bytesToHex(base64ToBytes(value));
    else if (key !== 'attributes' && typeof value === 'object') hexIds(value);
  }
}

export function otlpProtobufToJson(body: Uint8Array): Uint8Array {
  const type = exportTraceServiceRequest();
  let decoded: ReturnType<typeof type.decode>;
  try {
    decoded = type.decode(body);
  } catch (error) {
    throw new OtlpDecodeError(`invalid OTLP/protobuf: ${(error as Error).message}`);
  }
  const object = type.toObject(decoded, { longs: String, enums: Number, bytes: String, defaults: false });
  hexIds(object.resourceSpans);
  return new TextEncoder().encode(JSON.stringify(object));
}
