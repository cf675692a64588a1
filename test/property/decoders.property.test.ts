import { IngestionEventError, ingestionEvents, mapIngestionEvent } from '@core/conventions/langfuse-ingestion';
import { mapSpans } from '@core/conventions/map-span';
import { mapLogRecords } from '@core/logs/map-logs';
import type { Observation } from '@core/model/types';
import { decodeOtlpTraces, OtlpDecodeError } from '@core/otlp/decode';
import { decodeOtlpLogs } from '@core/otlp/decode-logs';
import { exportTraceServiceRequest } from '@core/otlp/proto-root';
import { scanOtlpTraces } from '@core/otlp/scan';
import { validateSpans } from '@core/otlp/validate';
import { MAX_TIME_MS } from '@core/otlp/wire-notes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureFolders, fixtureFormat, ingestionFixtures, logFixtures, traceFixtures } from '../golden/fixtures';

/**
 * Property tests of everything that reads the wire, over real captured payloads mutated at random: protobuf bodies
 * get bytes flipped, inserted, deleted, overwritten with 0xff runs (huge fixed64 times) and truncated; JSON bodies get
 * values at random paths replaced by arbitrary JSON (times past 2200, huge and negative numbers, wrong types, long
 * strings). Whatever comes in, a decoder answers or throws its own error type, the receiver's scan agrees with the
 * decoder, and every observation, log record, trace and score that comes out can be placed on a timeline, has string
 * ids, and survives JSON.stringify and structuredClone. fast-check prints the seed and the shrunk input on failure.
 */

/** Runs per property: 200 keeps `npx vitest run` quick; LOUPE_PROPERTY_RUNS=5000 searches deeper. */
const RUNS = Number(process.env.LOUPE_PROPERTY_RUNS ?? 200);
const utf8 = new TextEncoder();

interface Sample {
  label: string;
  body: Uint8Array;
  format: 'json' | 'protobuf';
}

function samples(kind: 'traces' | 'logs'): Sample[] {
  const out: Sample[] = [];
  for (const folder of fixtureFolders()) {
    for (const f of kind === 'traces' ? traceFixtures(folder) : logFixtures(folder)) {
      out.push({ label: `${folder}/${f.seq}`, body: f.body, format: fixtureFormat(f.meta) });
    }
  }
  return out;
}

/** The Langfuse ingestion envelopes among the captures, parsed. */
function ingestionSamples(): unknown[] {
  return fixtureFolders().flatMap((folder) =>
    ingestionFixtures(folder).map((f) => JSON.parse(new TextDecoder().decode(f.body)) as unknown),
  );
}

const TRACES = samples('traces');
const LOGS = samples('logs');
const INGESTION = ingestionSamples();

// --- JSON mutations ---------------------------------------------------------------------------------------------

type Path = (string | number)[];

/** Every path to a value in `root` (objects and arrays included), in document order. */
function pathsOf(root: unknown): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, path: Path) => {
    out.push(path);
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) walk(v[i], [...path, i]);
    else if (typeof v === 'object' && v !== null) for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
  };
  walk(root, []);
  return out;
}

/** Keys the decoders read, for mutations that add a key where there was none. */
const KNOWN_KEYS = [
  'startTimeUnixNano',
  'endTimeUnixNano',
  'timeUnixNano',
  'observedTimeUnixNano',
  'attributes',
  'events',
  'links',
  'resource',
  'value',
  'intValue',
  'doubleValue',
  'boolValue',
  'stringValue',
  'arrayValue',
  'kvlistValue',
  'bytesValue',
  'traceId',
  'spanId',
  'timestamp',
  'startTime',
  'endTime',
  'completionStartTime',
  'body',
  '__proto__',
];

const arbitraryJson = fc.oneof(
  fc.constantFrom(
    '99999999999999999999999',
    '7258118400000000001',
    '-1700000000000000000',
    '1e400',
    'NaN',
    'Infinity',
    '',
    '0',
    '-0',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00.000Z',
    '__proto__',
  ),
  fc.constantFrom(1e300, -1e300, 1e23, 2 ** 64, -1, 0, Number.MAX_SAFE_INTEGER + 2, 1.5),
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant('x'.repeat(70_000)),
  fc.jsonValue({ maxDepth: 3 }),
);

interface JsonMutation {
  at: number;
  /** Pick among the paths ending in a key the decoders read (times, values, ids), which are few among all. */
  focus: boolean;
  key: string | null;
  value: unknown;
}

const jsonMutations = fc.array(
  fc.record({
    at: fc.nat(),
    focus: fc.boolean(),
    key: fc.option(fc.constantFrom(...KNOWN_KEYS), { freq: 3 }),
    value: arbitraryJson,
  }),
  { minLength: 1, maxLength: 4 },
);

const KNOWN = new Set<string | number>(KNOWN_KEYS);

/** A copy of `root` with each mutation applied: a value replaced, or (with `key`) a key set on an object. */
function mutateJson(root: unknown, mutations: JsonMutation[]): unknown {
  let copy = structuredClone(root);
  for (const m of mutations) {
    const all = pathsOf(copy);
    const focused = m.focus ? all.filter((p) => KNOWN.has(p[p.length - 1] as string | number)) : [];
    const paths = focused.length > 0 ? focused : all;
    const path = paths[m.at % paths.length] as Path;
    if (path.length === 0 && m.key === null) {
      copy = m.value;
      continue;
    }
    let parent: unknown = copy;
    const last = m.key === null ? path.length - 1 : path.length;
    for (let i = 0; i < last; i++) parent = (parent as Record<string | number, unknown>)[path[i] as string | number];
    if (typeof parent !== 'object' || parent === null) continue;
    const key = m.key ?? (path[path.length - 1] as string | number);
    Object.defineProperty(parent, key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

// --- protobuf mutations -----------------------------------------------------------------------------------------

interface ByteMutations {
  edits: { at: number; byte: number; kind: 'flip' | 'set' | 'insert' | 'delete' | 'ff8' }[];
  cut: number | null;
}

const byteMutations: fc.Arbitrary<ByteMutations> = fc.record({
  edits: fc.array(
    fc.record({
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
      kind: fc.constantFrom('flip', 'set', 'insert', 'delete', 'ff8'),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  cut: fc.option(fc.nat()),
});

function mutateBytes(body: Uint8Array, { edits, cut }: ByteMutations): Uint8Array {
  let bytes = Array.from(body);
  for (const e of edits) {
    if (bytes.length === 0) break;
    const at = e.at % bytes.length;
    if (e.kind === 'flip') bytes[at] = (bytes[at] as number) ^ (1 << (e.byte % 8));
    else if (e.kind === 'set') bytes[at] = e.byte;
    else if (e.kind === 'insert') bytes.splice(at, 0, e.byte);
    else if (e.kind === 'delete') bytes.splice(at, 1);
    else bytes.splice(at, Math.min(8, bytes.length - at), ...new Array(Math.min(8, bytes.length - at)).fill(0xff));
  }
  if (cut !== null) bytes = bytes.slice(0, cut % (bytes.length + 1));
  return Uint8Array.from(bytes);
}

/** A time field of a protobuf span set to any 64-bit value: byte edits alone seldom land on one. */
interface TimeEdit {
  span: number;
  field: 'startTimeUnixNano' | 'endTimeUnixNano' | 'event';
  nanos: bigint;
}

const timeEdit: fc.Arbitrary<TimeEdit> = fc.record({
  span: fc.nat(),
  field: fc.constantFrom('startTimeUnixNano', 'endTimeUnixNano', 'event'),
  nanos: fc.oneof(
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    fc.constantFrom(0n, 7258118400000000000n, 7258118400000000001n),
  ),
});

interface PbSpanObject {
  startTimeUnixNano?: unknown;
  endTimeUnixNano?: unknown;
  events?: { timeUnixNano?: unknown }[];
}

function withTime(body: Uint8Array, edit: TimeEdit): Uint8Array {
  const type = exportTraceServiceRequest();
  const request = type.toObject(type.decode(body)) as {
    resourceSpans?: { scopeSpans?: { spans?: PbSpanObject[] }[] }[];
  };
  const spans = (request.resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? []));
  const span = spans[edit.span % Math.max(1, spans.length)];
  if (!span) return body;
  const value = {
    low: Number(edit.nanos & 0xffffffffn) | 0,
    high: Number(edit.nanos >> 32n) | 0,
    unsigned: true,
  };
  if (edit.field === 'event') span.events = [...(span.events ?? []), { timeUnixNano: value }];
  else span[edit.field] = value;
  return type.encode(type.fromObject(request)).finish();
}

// --- invariants -------------------------------------------------------------------------------------------------

function expectSaneTime(ms: unknown, what: string): void {
  expect(typeof ms, what).toBe('number');
  expect(ms as number, what).toBeGreaterThanOrEqual(0);
  expect(ms as number, what).toBeLessThanOrEqual(MAX_TIME_MS);
  expect(Number.isNaN(new Date(ms as number).getTime()), what).toBe(false);
}

function expectSaneOrNull(ms: number | null, what: string): void {
  if (ms !== null) expectSaneTime(ms, what);
}

function expectSerializable(value: unknown): void {
  expect(() => JSON.stringify(value)).not.toThrow();
  expect(() => structuredClone(value)).not.toThrow();
}

function expectObservation(o: Observation): void {
  expect(typeof o.traceId).toBe('string');
  expect(typeof o.id).toBe('string');
  expectSaneTime(o.startTime, `${o.id} startTime`);
  expectSaneOrNull(o.endTime, `${o.id} endTime`);
  expectSaneOrNull(o.completionStartTime, `${o.id} completionStartTime`);
  for (const e of o.events) expectSaneTime(e.time, `${o.id} event ${e.name}`);
}

/** Runs `decode`; its own error type is an answer, anything else (TypeError, RangeError) fails the property. */
function decodedOrNull<T>(decode: () => T, errorType: new (...args: never[]) => Error): T | null {
  try {
    return decode();
  } catch (e) {
    expect(e).toBeInstanceOf(errorType);
    return null;
  }
}

function checkTraces(body: Uint8Array, format: 'json' | 'protobuf'): void {
  const spans = decodedOrNull(() => decodeOtlpTraces(body, format), OtlpDecodeError);
  if (spans === null) {
    expect(() => scanOtlpTraces(body, format)).toThrow(OtlpDecodeError);
    return;
  }
  const { valid, rejected, errorMessage } = validateSpans(spans);
  expect(scanOtlpTraces(body, format)).toEqual({ spans: spans.length, rejected, errorMessage });
  const observations = mapSpans(valid);
  for (const o of observations) expectObservation(o);
  expectSerializable(observations);
}

function checkLogs(body: Uint8Array, format: 'json' | 'protobuf'): void {
  const decoded = decodedOrNull(() => decodeOtlpLogs(body, format), OtlpDecodeError);
  if (decoded === null) return;
  const { records } = mapLogRecords(decoded, Date.UTC(2026, 0, 1));
  for (const r of records) {
    expect(typeof r.id).toBe('string');
    expect(typeof r.traceId).toBe('string');
    expect(typeof r.spanId).toBe('string');
    expectSaneTime(r.time, `log record ${r.id}`);
  }
  expectSerializable(records);
}

function checkIngestion(root: unknown): void {
  const events = decodedOrNull(() => ingestionEvents(root), IngestionEventError);
  if (events === null) return;
  for (const event of events) {
    const mapped = decodedOrNull(() => mapIngestionEvent(event), IngestionEventError);
    if (mapped === null) continue;
    if (mapped.kind === 'observation') expectObservation(mapped.observation);
    else if (mapped.kind === 'trace') {
      expect(typeof mapped.trace.traceId).toBe('string');
      expectSaneTime(mapped.trace.timestamp, 'trace timestamp');
    } else if (mapped.kind === 'score') {
      expect(typeof mapped.score.id).toBe('string');
      expectSaneTime(mapped.score.timestamp, 'score timestamp');
    }
    expectSerializable(mapped);
  }
}

const parse = (s: Sample): unknown => JSON.parse(new TextDecoder().decode(s.body));

describe('the wire decoders over mutated real payloads', () => {
  it('finds captures of every kind', () => {
    expect(TRACES.some((s) => s.format === 'json')).toBe(true);
    expect(TRACES.some((s) => s.format === 'protobuf')).toBe(true);
    expect(LOGS.length).toBeGreaterThan(0);
    expect(INGESTION.length).toBeGreaterThan(0);
  });

  it('OTLP/JSON traces: values replaced at random paths', () => {
    const json = new Map(TRACES.filter((s) => s.format === 'json').map((s) => [s.label, parse(s)]));
    fc.assert(
      fc.property(fc.constantFrom(...json.keys()), jsonMutations, (label, mutations) => {
        checkTraces(utf8.encode(JSON.stringify(mutateJson(json.get(label), mutations)) ?? ''), 'json');
      }),
      { numRuns: RUNS },
    );
  });

  it('OTLP/protobuf traces: any 64-bit time, or bytes flipped, inserted, deleted, overwritten and cut', () => {
    const pb = new Map(TRACES.filter((s) => s.format === 'protobuf').map((s) => [s.label, s.body]));
    fc.assert(
      fc.property(fc.constantFrom(...pb.keys()), fc.option(timeEdit), byteMutations, (label, time, mutations) => {
        const body = pb.get(label) as Uint8Array;
        checkTraces(time === null ? mutateBytes(body, mutations) : withTime(body, time), 'protobuf');
      }),
      { numRuns: RUNS },
    );
  });

  it('OTLP logs: JSON values replaced and protobuf bytes mutated', () => {
    const json = LOGS.filter((s) => s.format === 'json').map((s) => ({ ...s, root: parse(s) }));
    const pb = LOGS.filter((s) => s.format === 'protobuf');
    // Samples are named by label in a counterexample; the mutated body is built inside the property.
    const jsonCase = fc.record({ label: fc.constantFrom(...json.map((s) => s.label)), json: jsonMutations });
    const pbCase = fc.record({ label: fc.constantFrom(...pb.map((s) => s.label)), bytes: byteMutations });
    const cases: fc.Arbitrary<{ label: string; json?: JsonMutation[]; bytes?: ByteMutations }> =
      json.length > 0 && pb.length > 0 ? fc.oneof(jsonCase, pbCase) : json.length > 0 ? jsonCase : pbCase;
    fc.assert(
      fc.property(cases, (c) => {
        if (c.json) {
          const s = json.find((j) => j.label === c.label) as (typeof json)[number];
          checkLogs(utf8.encode(JSON.stringify(mutateJson(s.root, c.json)) ?? ''), 'json');
        } else if (c.bytes) {
          checkLogs(mutateBytes((pb.find((p) => p.label === c.label) as Sample).body, c.bytes), 'protobuf');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('Langfuse ingestion: values replaced at random paths', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INGESTION), jsonMutations, (root, mutations) => {
        checkIngestion(mutateJson(root, mutations));
      }),
      { numRuns: RUNS },
    );
  });
});
