import protobuf from 'protobufjs';
import { OtlpDecodeError } from './decode-error';
import { decodeProtobufRequest } from './decode-protobuf';
import { idProblem, MISSING_START, type SpanTally } from './scan-tally';
import { validateSpans } from './validate';
import { bytesToHex } from './wire-values';

/**
 * OTLP/protobuf scan: walks the wire format of ExportTraceServiceRequest by a schema table, reading every field the
 * way protobufjs's generated decoder does, so it fails exactly where `decodeProtobufRequest` fails:
 * - a known field is read as its declared type whatever wire type its tag says (protobufjs ignores it);
 * - unknown fields are skipped by wire type; 4, 6 and 7 are invalid; groups nest;
 * - varints follow protobufjs's Reader to the byte, quirks included (a 32-bit varint whose first five bytes all
 *   continue consumes ten; a 64-bit varint within four bytes of its message's end consumes at most four);
 * - every length stays within its enclosing message, which must end exactly on a field boundary;
 * - messages nest at most 100 deep (protobufjs's recursionLimit). That limit also makes the decoder's own
 *   MAX_VALUE_DEPTH for attribute values unreachable: an AnyValue 65 arrays deep is at least 134 messages deep.
 * Strings are not checked for UTF-8: protobufjs decodes them leniently.
 *
 * A span, end or event time whose high 32 bits reach FAR_HIGH may lie past 2200-01-01: the body is then handed to
 * the full decoder, which quotes the exact value in its rejection (SDKs never send such times; attackers may).
 */

/**
 * 2200-01-01 in nanoseconds is 7258118400e9, whose high 32 bits are 1689912378: a fixed64 with smaller high bits is
 * before it, whatever its low bits.
 */
const FAR_HIGH = 1689912378;
/** Thrown inside the scanner to hand the body over to the full decoder. */
const FALLBACK = Symbol('fallback');

const VARINT32 = 1;
const VARINT64 = 2;
const FIXED32 = 3;
const FIXED64 = 4;
const BYTES = 5;
const MESSAGE = 6;

/** protobufjs's Reader.recursionLimit: the request is depth 0, a message deeper than this throws. */
const RECURSION_LIMIT = 100;

/** [field number, name, kind, message type] per message, from the vendored protos (src/core/otlp/proto). */
type FieldSpec = [number, string, number, string?];
const PROTO: Record<string, FieldSpec[]> = {
  ExportTraceServiceRequest: [[1, 'resource_spans', MESSAGE, 'ResourceSpans']],
  ResourceSpans: [
    [1, 'resource', MESSAGE, 'Resource'],
    [2, 'scope_spans', MESSAGE, 'ScopeSpans'],
    [3, 'schema_url', BYTES],
  ],
  Resource: [
    [1, 'attributes', MESSAGE, 'KeyValue'],
    [2, 'dropped_attributes_count', VARINT32],
    [3, 'entity_refs', MESSAGE, 'EntityRef'],
  ],
  EntityRef: [
    [1, 'schema_url', BYTES],
    [2, 'type', BYTES],
    [3, 'id_keys', BYTES],
    [4, 'description_keys', BYTES],
  ],
  ScopeSpans: [
    [1, 'scope', MESSAGE, 'InstrumentationScope'],
    [2, 'spans', MESSAGE, 'Span'],
    [3, 'schema_url', BYTES],
  ],
  InstrumentationScope: [
    [1, 'name', BYTES],
    [2, 'version', BYTES],
    [3, 'attributes', MESSAGE, 'KeyValue'],
    [4, 'dropped_attributes_count', VARINT32],
  ],
  Span: [
    [1, 'trace_id', BYTES],
    [2, 'span_id', BYTES],
    [3, 'trace_state', BYTES],
    [4, 'parent_span_id', BYTES],
    [5, 'name', BYTES],
    [6, 'kind', VARINT32],
    [7, 'start_time_unix_nano', FIXED64],
    [8, 'end_time_unix_nano', FIXED64],
    [9, 'attributes', MESSAGE, 'KeyValue'],
    [10, 'dropped_attributes_count', VARINT32],
    [11, 'events', MESSAGE, 'Event'],
    [12, 'dropped_events_count', VARINT32],
    [13, 'links', MESSAGE, 'Link'],
    [14, 'dropped_links_count', VARINT32],
    [15, 'status', MESSAGE, 'Status'],
    [16, 'flags', FIXED32],
  ],
  Event: [
    [1, 'time_unix_nano', FIXED64],
    [2, 'name', BYTES],
    [3, 'attributes', MESSAGE, 'KeyValue'],
    [4, 'dropped_attributes_count', VARINT32],
  ],
  Link: [
    [1, 'trace_id', BYTES],
    [2, 'span_id', BYTES],
    [3, 'trace_state', BYTES],
    [4, 'attributes', MESSAGE, 'KeyValue'],
    [5, 'dropped_attributes_count', VARINT32],
    [6, 'flags', FIXED32],
  ],
  Status: [
    [2, 'message', BYTES],
    [3, 'code', VARINT32],
  ],
  KeyValue: [
    [1, 'key', BYTES],
    [2, 'value', MESSAGE, 'AnyValue'],
    [3, 'key_strindex', VARINT32],
  ],
  AnyValue: [
    [1, 'string_value', BYTES],
    [2, 'bool_value', VARINT32],
    [3, 'int_value', VARINT64],
    [4, 'double_value', FIXED64],
    [5, 'array_value', MESSAGE, 'ArrayValue'],
    [6, 'kvlist_value', MESSAGE, 'KeyValueList'],
    [7, 'bytes_value', BYTES],
    [8, 'string_value_strindex', VARINT32],
  ],
  ArrayValue: [[1, 'values', MESSAGE, 'AnyValue']],
  KeyValueList: [[1, 'values', MESSAGE, 'KeyValue']],
};

/** The table flattened for the walker: per type, per field number, the kind and the message type's index. */
const TYPE_NAMES = Object.keys(PROTO);
const MAX_FIELD = 16;
const STRIDE = MAX_FIELD + 1;
const KIND = new Uint8Array(TYPE_NAMES.length * STRIDE);
const CHILD = new Uint8Array(TYPE_NAMES.length * STRIDE);
for (let t = 0; t < TYPE_NAMES.length; t++) {
  for (const [no, , kind, child] of PROTO[TYPE_NAMES[t] as string] ?? []) {
    KIND[t * STRIDE + no] = kind;
    if (child) CHILD[t * STRIDE + no] = TYPE_NAMES.indexOf(child);
  }
}
const REQUEST = TYPE_NAMES.indexOf('ExportTraceServiceRequest');
const SCOPE_SPANS = TYPE_NAMES.indexOf('ScopeSpans');
const SPAN = TYPE_NAMES.indexOf('Span');
const EVENT = TYPE_NAMES.indexOf('Event');
const KEY_VALUE = TYPE_NAMES.indexOf('KeyValue');

function fieldName(type: number, no: number): string {
  const name = TYPE_NAMES[type] as string;
  const spec = PROTO[name]?.find((f) => f[0] === no);
  return spec ? `${name}.${spec[1]} (field ${no})` : `${name} field ${no}`;
}

/**
 * Names are read as protobufjs reads strings (its lenient UTF-8), not with TextDecoder: a malformed name then reads
 * the same in the scanner's message as in the decoder's.
 */
const readUtf8 = (b: Uint8Array, start: number, end: number): string => protobuf.util.utf8.read(b, start, end);

class ProtobufScanner {
  private pos = 0;
  /** The span being walked: where its last trace_id, span_id, name and start time are (-1: absent). */
  private traceId = -1;
  private traceIdLength = 0;
  private spanId = -1;
  private spanIdLength = 0;
  private name = -1;
  private nameLength = 0;
  private start = -1;

  constructor(
    private readonly b: Uint8Array,
    private readonly tally: SpanTally,
  ) {}

  scan(): void {
    this.message(REQUEST, this.b.length, 0);
  }

  /** What is being read, for messages: a field of a message type, or its tag when `field` is -1. */
  private type = REQUEST;
  private field = -1;

  private fail(problem: string, at: number): OtlpDecodeError {
    const where = this.field < 0 ? `a field tag in ${TYPE_NAMES[this.type]}` : fieldName(this.type, this.field);
    return new OtlpDecodeError(
      `invalid OTLP/protobuf: not a valid ExportTraceServiceRequest (${where}: ${problem} at byte ${at} of ${this.b.length})`,
    );
  }

  /** Reader#uint32: at most 5 bytes are read; a sixth continuation skips five more bytes unread. */
  private uint32(limit: number): number {
    const b = this.b;
    let p = this.pos;
    const at = p;
    if (limit - p < 5) {
      if (p >= limit) throw this.fail(`truncated varint`, at);
      if ((b[p] as number) >= 128) {
        let value = 0;
        for (let i = 0; i < 4; i++) {
          if (p >= limit) throw this.fail(`truncated varint`, at);
          const x = b[p++] as number;
          value = (value | ((x & 127) << (i * 7))) >>> 0;
          if (x < 128) {
            this.pos = p;
            return value;
          }
        }
        throw this.fail(`truncated varint`, at);
      }
    }
    let x = b[p++] as number;
    let value = x & 127;
    if (x < 128) return this.done(p, value);
    x = b[p++] as number;
    value |= (x & 127) << 7;
    if (x < 128) return this.done(p, value);
    x = b[p++] as number;
    value |= (x & 127) << 14;
    if (x < 128) return this.done(p, value);
    x = b[p++] as number;
    value |= (x & 127) << 21;
    if (x < 128) return this.done(p, value);
    x = b[p++] as number;
    value = (value | ((x & 15) << 28)) >>> 0;
    if (x < 128) return this.done(p, value);
    p += 5;
    if (p > limit) throw this.fail(`varint longer than 10 bytes or truncated`, at);
    return this.done(p, value);
  }

  private length(limit: number): number {
    const p = this.pos;
    const x = this.b[p] as number;
    if (x < 128 && p < limit) {
      this.pos = p + 1;
      return x;
    }
    return this.uint32(limit);
  }

  private done(p: number, value: number): number {
    this.pos = p;
    return value;
  }

  /** Reader#int64 (readLongVarint), which only the enclosing message's end check bounds near that end. */
  private varint64(limit: number): void {
    const b = this.b;
    const at = this.pos;
    let p = at;
    if (limit - p > 4) {
      const rest = limit - p > 9 ? 10 : 5 + Math.min(5, limit - p - 5);
      for (let i = 0; i < rest; i++) {
        if ((b[p++] as number) < 128) {
          this.pos = p;
          return;
        }
      }
      throw this.fail('invalid varint', at);
    }
    for (let i = 0; i < 3; i++) {
      if (p >= limit) throw this.fail('truncated varint', at);
      if ((b[p++] as number) < 128) {
        this.pos = p;
        return;
      }
    }
    // protobufjs reads a fourth byte without looking at it or at the limit.
    this.pos = p + 1;
  }

  private message(type: number, end: number, depth: number): void {
    const b = this.b;
    const isSpan = type === SPAN;
    if (isSpan) {
      this.traceId = this.spanId = this.name = this.start = -1;
      this.traceIdLength = this.spanIdLength = this.nameLength = 0;
    }
    while (this.pos < end) {
      const tagAt = this.pos;
      this.type = type;
      this.field = -1;
      // One-byte tags and lengths are nearly all of them: read those inline.
      let tag = b[tagAt] as number;
      if (tag < 128) this.pos = tagAt + 1;
      else tag = this.uint32(end);
      const no = tag >>> 3;
      const kind = no <= MAX_FIELD ? (KIND[type * STRIDE + no] as number) : 0;
      this.field = no;
      const at = this.pos;
      switch (kind) {
        case VARINT32:
          this.uint32(end);
          break;
        case VARINT64:
          this.varint64(end);
          break;
        case FIXED32:
          if (at + 4 > end) throw this.fail(`truncated fixed32`, at);
          this.pos = at + 4;
          break;
        case FIXED64:
          if (at + 8 > end) throw this.fail(`truncated fixed64`, at);
          if (isSpan ? no === 7 || no === 8 : type === EVENT && no === 1) {
            if (isSpan && no === 7) this.start = at;
            const high = (b[at + 4] as number) | ((b[at + 5] as number) << 8) | ((b[at + 6] as number) << 16);
            if ((high | ((b[at + 7] as number) << 24)) >>> 0 >= FAR_HIGH) throw FALLBACK;
          }
          this.pos = at + 8;
          break;
        case BYTES: {
          const length = this.length(end);
          const from = this.pos;
          if (from + length > end)
            throw this.fail(`length ${length} runs past the end of its message (byte ${end})`, at);
          if (isSpan) this.spanBytes(no, from, length);
          this.pos = from + length;
          break;
        }
        case MESSAGE: {
          const length = this.length(end);
          const from = this.pos;
          const child = CHILD[type * STRIDE + no] as number;
          if (depth + 1 > RECURSION_LIMIT) throw this.fail(`messages nest deeper than ${RECURSION_LIMIT} levels`, at);
          const childEnd = from + length;
          if (childEnd > end) throw this.fail(`length ${length} runs past the end of its message (byte ${end})`, at);
          if (child !== KEY_VALUE || !this.plainKeyValue(from, childEnd, depth + 1))
            this.message(child, childEnd, depth + 1);
          this.type = type;
          this.field = no;
          if (this.pos !== childEnd)
            throw this.fail(`the last field overruns the message's end (byte ${childEnd})`, at);
          if (type === SCOPE_SPANS && child === SPAN) this.endSpan();
          break;
        }
        default:
          this.skip(tag & 7, depth, end, tagAt);
      }
    }
  }

  /**
   * Most of a span's bytes are attributes laid out as every SDK writes them: a key, then a value holding one
   * string, bool, double or small int, all lengths one byte. Those are checked here without the general walk;
   * anything else (or any doubt) returns false and goes the general way. Every offset read is proven within
   * [from, end) by the final equalities, so this accepts nothing the general walk would reject.
   */
  private plainKeyValue(from: number, end: number, depth: number): boolean {
    if (depth + 1 > RECURSION_LIMIT) return false;
    const b = this.b;
    if (b[from] !== 0x0a) return false;
    const keyLength = b[from + 1] as number;
    if (keyLength >= 128) return false;
    const valueTag = from + 2 + keyLength;
    if (valueTag + 2 > end || b[valueTag] !== 0x12 || (b[valueTag + 1] as number) + valueTag + 2 !== end) return false;
    const v = valueTag + 2;
    const t = b[v];
    if (t === 0x0a) {
      if ((b[v + 1] as number) >= 128 || v + 2 + (b[v + 1] as number) !== end) return false;
    } else if (t === 0x21) {
      if (v + 9 !== end) return false;
    } else if (t === 0x10 || t === 0x18) {
      // A bool, or an int of at most three bytes (where protobufjs's 64-bit reads all agree).
      let q = v + 1;
      while (q < end && (b[q] as number) >= 128) q++;
      if (q + 1 !== end || q - v > 3) return false;
    } else return false;
    this.pos = end;
    return true;
  }

  private spanBytes(no: number, from: number, length: number): void {
    if (no === 1) {
      this.traceId = from;
      this.traceIdLength = length;
    } else if (no === 2) {
      this.spanId = from;
      this.spanIdLength = length;
    } else if (no === 5) {
      this.name = from;
      this.nameLength = length;
    }
  }

  /** Reader#skipType, for fields the schema does not know. */
  private skip(wireType: number, depth: number, end: number, tagAt: number): void {
    if (depth > RECURSION_LIMIT) throw this.fail(`groups nest deeper than ${RECURSION_LIMIT} levels`, tagAt);
    const b = this.b;
    const at = this.pos;
    switch (wireType) {
      case 0:
        do {
          if (this.pos >= end) throw this.fail('truncated varint', at);
        } while ((b[this.pos++] as number) & 128);
        return;
      case 1:
      case 5: {
        const size = wireType === 1 ? 8 : 4;
        if (at + size > end) throw this.fail(`truncated fixed${size * 8}`, at);
        this.pos = at + size;
        return;
      }
      case 2: {
        const length = this.uint32(end);
        if (this.pos + length > end)
          throw this.fail(`length ${length} runs past the end of its message (byte ${end})`, at);
        this.pos += length;
        return;
      }
      case 3:
        for (;;) {
          const groupTagAt = this.pos;
          const inner = this.uint32(end) & 7;
          if (inner === 4) return;
          this.skip(inner, depth + 1, end, groupTagAt);
        }
      default:
        throw this.fail(`invalid wire type ${wireType}`, tagAt);
    }
  }

  private endSpan(): void {
    const b = this.b;
    const traceOk = this.traceIdLength === 16 && !allZero(b, this.traceId, 16);
    const spanOk = this.spanIdLength === 8 && !allZero(b, this.spanId, 8);
    const startOk = this.start >= 0 && !allZero(b, this.start, 8);
    if (traceOk && spanOk && startOk) {
      this.tally.add(null, nameless);
      return;
    }
    const problem =
      (traceOk ? null : idProblem(this.hex(this.traceId, this.traceIdLength), 32, 'traceId')) ??
      (spanOk ? null : idProblem(this.hex(this.spanId, this.spanIdLength), 16, 'spanId')) ??
      MISSING_START;
    const name = this.name;
    const nameEnd = name + this.nameLength;
    this.tally.add(problem, () => (name < 0 ? '' : readUtf8(b, name, nameEnd)));
  }

  private hex(from: number, length: number): string {
    return from < 0 ? '' : bytesToHex(this.b.subarray(from, from + length));
  }
}

const nameless = () => '';

function allZero(b: Uint8Array, from: number, length: number): boolean {
  for (let i = from; i < from + length; i++) if (b[i] !== 0) return false;
  return true;
}

export function scanProtobufRequest(body: Uint8Array, tally: SpanTally): void {
  try {
    new ProtobufScanner(body, tally).scan();
  } catch (e) {
    if (e !== FALLBACK) throw e;
    const spans = decodeProtobufRequest(body);
    const { rejected, errorMessage } = validateSpans(spans);
    tally.decide({ spans: spans.length, rejected, errorMessage });
  }
}
