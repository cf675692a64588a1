import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fixtureFolders,
  fixtureFormat,
  fixturesDir,
  localFixturesDir,
  traceFixtures,
} from '../../../test/golden/fixtures';
import { decodeOtlpTraces, OtlpDecodeError } from './decode';
import { MAX_VALUE_DEPTH } from './decode-error';
import { exportTraceServiceRequest } from './proto-root';
import { type ScannedRequest, scanOtlpTraces } from './scan';
import { validateSpans } from './validate';

type Format = 'json' | 'protobuf';
type Outcome = ScannedRequest | { throws: string };

/** The reference: what the receiver computed before, by decoding every span. */
function decoded(body: Uint8Array, format: Format): Outcome {
  try {
    const spans = decodeOtlpTraces(body, format);
    const { rejected, errorMessage } = validateSpans(spans);
    return { spans: spans.length, rejected, errorMessage };
  } catch (e) {
    if (e instanceof OtlpDecodeError) return { throws: e.message };
    throw e;
  }
}

function scanned(body: Uint8Array, format: Format): Outcome {
  try {
    return scanOtlpTraces(body, format);
  } catch (e) {
    if (e instanceof OtlpDecodeError) return { throws: e.message };
    throw e;
  }
}

/** Scan and decode agree: both throw, or both give the same counts and message. */
function expectAgreement(body: Uint8Array, format: Format, label = ''): Outcome {
  const want = decoded(body, format);
  const got = scanned(body, format);
  if ('throws' in want) expect('throws' in got, `${label}: the decoder throws "${want.throws}"`).toBe(true);
  else expect(got, label).toEqual(want);
  return got;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A small seeded PRNG (mulberry32): the mutation tests are random but reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sample {
  label: string;
  body: Uint8Array;
  format: Format;
}

/** Every OTLP trace request among the fixtures, plus the OTLP/JSON twins of the protobuf ones. */
function samples(): Sample[] {
  const out: Sample[] = [];
  for (const folder of fixtureFolders()) {
    for (const f of traceFixtures(folder)) {
      const format = fixtureFormat(f.meta);
      out.push({ label: `${folder}/${f.seq} ${format}`, body: f.body, format });
      for (const dir of [localFixturesDir, fixturesDir]) {
        const twin = resolve(dir, folder, `${f.seq}.decoded.json`);
        if (format === 'protobuf' && existsSync(twin)) {
          out.push({ label: `${folder}/${f.seq} json twin`, body: new Uint8Array(readFileSync(twin)), format: 'json' });
          break;
        }
      }
    }
  }
  return out;
}

const SAMPLES = samples();

describe('scanOtlpTraces over real SDK payloads', () => {
  it('finds fixtures in both formats', () => {
    expect(SAMPLES.filter((s) => s.format === 'json').length).toBeGreaterThan(5);
    expect(SAMPLES.filter((s) => s.format === 'protobuf').length).toBeGreaterThanOrEqual(3);
  });

  it.each(SAMPLES.map((s) => [s.label, s] as const))('%s: same spans and rejections as decoding', (_, s) => {
    const got = expectAgreement(s.body, s.format, s.label);
    expect('spans' in got && got.spans).toBeGreaterThan(0);
  });
});

describe('scanOtlpTraces over mutated payloads', () => {
  const MUTANTS = 150;
  it.each(SAMPLES.map((s) => [s.label, s] as const))('%s: truncated, flipped and grown bodies', (_, s) => {
    const random = prng(s.body.length);
    const at = () => Math.floor(random() * s.body.length);
    let throwing = 0;
    const check = (mutant: Uint8Array, how: string) => {
      if ('throws' in expectAgreement(mutant, s.format, `${s.label} ${how}`)) throwing++;
    };
    // Every truncation for protobuf (each one can land inside any field); JSON truncations always throw.
    const step = s.format === 'protobuf' ? 1 : Math.max(1, Math.floor(s.body.length / MUTANTS));
    for (let end = 0; end < s.body.length; end += step) check(s.body.subarray(0, end), `cut at ${end}`);
    for (let n = 0; n < MUTANTS; n++) {
      const mutant = s.body.slice();
      const i = at();
      mutant[i] = s.format === 'protobuf' ? Math.floor(random() * 256) : (mutant[i] as number) ^ (1 << (n % 8));
      check(mutant, `byte ${i} changed to ${mutant[i]}`);
    }
    const inserts =
      s.format === 'json' ? utf8(' 0"\\{}[],:-e.1\u00e9') : new Uint8Array([0, 1, 2, 7, 0x80, 0xff, 10, 18]);
    for (let n = 0; n < MUTANTS; n++) {
      const i = at();
      const byte = inserts[n % inserts.length] as number;
      const mutant = new Uint8Array(s.body.length + 1);
      mutant.set(s.body.subarray(0, i));
      mutant[i] = byte;
      mutant.set(s.body.subarray(i), i + 1);
      check(mutant, `byte ${byte} inserted at ${i}`);
    }
    expect(throwing).toBeGreaterThan(0);
  });

  it('agrees on bodies misaligned in their buffer (the word-at-a-time string skip)', () => {
    const s = SAMPLES.find((x) => x.format === 'json') as Sample;
    for (let offset = 0; offset < 4; offset++) {
      const buffer = new Uint8Array(s.body.length + offset);
      buffer.set(s.body, offset);
      expectAgreement(buffer.subarray(offset), 'json', `offset ${offset}`);
    }
  });
});

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const START = '1795376735624272855';

function request(spans: unknown[], extra: Record<string, unknown> = {}) {
  return {
    resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'lib' }, spans }], ...extra }],
  };
}
const span = (fields: Record<string, unknown> = {}) => ({
  traceId: TRACE,
  spanId: SPAN,
  name: 'op',
  startTimeUnixNano: START,
  ...fields,
});

/** An attribute value nesting arrays `depth` levels deep. */
function nested(depth: number): unknown {
  let value: unknown = { stringValue: 'leaf' };
  for (let i = 0; i < depth; i++) value = { arrayValue: { values: [value] } };
  return value;
}

describe('scanOtlpTraces: OTLP/JSON cases', () => {
  const cases: [string, string][] = [
    ['empty body', ''],
    ['whitespace only', ' \n'],
    ['{}', '{}'],
    ['a BOM before the body', `\ufeff${JSON.stringify(request([span()]))}`],
    ['an array body', '[]'],
    ['a string body', '"x"'],
    ['null body', 'null'],
    ['resourceSpans null', '{"resourceSpans":null}'],
    ['resourceSpans an object', '{"resourceSpans":{}}'],
    ['resourceSpans a number', '{"resourceSpans":1.5e3}'],
    ['a resourceSpans entry a string', '{"resourceSpans":["x"]}'],
    ['scopeSpans a boolean', '{"resourceSpans":[{"scopeSpans":true}]}'],
    ['spans a string', '{"resourceSpans":[{"scopeSpans":[{"spans":"x"}]}]}'],
    ['a span null', '{"resourceSpans":[{"scopeSpans":[{"spans":[null]}]}]}'],
    ['events an object', JSON.stringify(request([span({ events: {} })]))],
    ['links a string after events a number', JSON.stringify(request([span({ links: 'x', events: 3 })]))],
    ['a shape error then a syntax error', '{"resourceSpans":5,'],
    ['a trailing comma', '{"resourceSpans":[],}'],
    ['a trailing comma in an array', '{"resourceSpans":[{},]}'],
    ['two values', '{} {}'],
    ['single quotes', "{'resourceSpans':[]}"],
    ['a leading zero', '{"x":01}'],
    ['a bare minus', '{"x":-}'],
    ['a bad escape', '{"x":"\\x"}'],
    ['a short \\u escape', '{"x":"\\u12"}'],
    ['a raw tab in a string', '{"x":"a\tb"}'],
    ['a raw 0x1f in a string', '{"x":"a\x1fb"}'],
    ['a raw 0x7f in a string', '{"x":"a\x7fb"}'],
    ['an unterminated string', '{"x":"abc'],
    ['a lone surrogate escape', '{"x":"\\ud800"}'],
    [
      'unknown fields everywhere',
      JSON.stringify({ a: [{ b: null }], ...request([span({ z: { y: [1, true] } })], { q: 1 }) }),
    ],
    ['repeated resourceSpans, the last valid', '{"resourceSpans":5,"resourceSpans":[]}'],
    [
      'repeated spans, the last with two',
      JSON.stringify(request([span()])).replace('"spans":[', '"spans":[1],"spans":[{},'),
    ],
    ['an escaped key', '{"resource\\u0053pans":"x"}'],
    [
      'repeated traceId, the last valid',
      JSON.stringify(request([span({ traceId: 'zz' })])).replace('"spanId"', `"traceId":"${TRACE}","spanId"`),
    ],
    [
      'attributes nested to the limit',
      JSON.stringify(request([span({ attributes: [{ key: 'k', value: nested(MAX_VALUE_DEPTH) }] })])),
    ],
    [
      'attributes nested past the limit',
      JSON.stringify(request([span({ attributes: [{ key: 'k', value: nested(MAX_VALUE_DEPTH + 1) }] })])),
    ],
    [
      'resource attributes nested past the limit',
      JSON.stringify({
        resourceSpans: [{ resource: { attributes: [{ key: 'k', value: nested(MAX_VALUE_DEPTH + 1) }] } }],
      }),
    ],
    ['deep nesting in an unknown field', `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ];
  it.each(cases)('%s', (_, text) => {
    expectAgreement(utf8(text), 'json', text.slice(0, 200));
  });

  it('gives the decoder its structural messages, which say where', () => {
    for (const text of [
      '[]',
      '{"resourceSpans":{}}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":"x"}]}]}',
      JSON.stringify(request([span(), span({ links: 'x', events: 3 })])),
    ]) {
      expect(scanned(utf8(text), 'json')).toEqual(decoded(utf8(text), 'json'));
    }
    expect(() => scanOtlpTraces(utf8('{"resourceSpans":[{"scopeSpans":"x"}]}'), 'json')).toThrow(
      'invalid OTLP/JSON: resourceSpans[0].scopeSpans must be an array, got a string',
    );
  });

  it('names the byte of a syntax error', () => {
    expect(() => scanOtlpTraces(utf8('{"resourceSpans":[}'), 'json')).toThrow(/at byte 18/);
    expect(() => scanOtlpTraces(utf8('{"x":"\xff"}'), 'json')).not.toThrow();
  });

  it('rejects invalid UTF-8 inside a string, as TextDecoder fatal does', () => {
    const valid = ['é', '€', '😀', '\u{10ffff}'];
    for (const ch of valid) expectAgreement(utf8(`{"x":"${ch}"}`), 'json', ch);
    const invalid = [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5],
      [0x80],
      [0xe2, 0x82],
    ];
    for (const bytes of invalid) {
      const body = new Uint8Array([...utf8('{"x":"'), ...bytes, ...utf8('"}')]);
      expect(() => scanOtlpTraces(body, 'json'), bytes.join()).toThrow(/invalid UTF-8 at byte 6/);
      expectAgreement(body, 'json', bytes.join());
    }
  });

  it('checks ids and start times as validateSpans does, hex and base64 alike', () => {
    const spans = [
      span(),
      span({ traceId: TRACE.toUpperCase() }),
      span({ traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 't61rcWkgMzE=' }),
      span({ traceId: 'CvdlGRbNQ92ESOshHIAxnA', spanId: 't61rcWkgMzE' }),
      span({ traceId: 'AAAAAAAAAAAAAAAAAAAAAA==' }),
      span({ traceId: TRACE.slice(1) }),
      span({ traceId: `${TRACE.slice(1)}g` }),
      span({ traceId: '0'.repeat(32) }),
      span({ spanId: '0'.repeat(16) }),
      span({ spanId: 123 }),
      span({ traceId: undefined }),
      span({ traceId: `\\u0030${TRACE.slice(1)}` }),
      span({ startTimeUnixNano: undefined }),
      span({ startTimeUnixNano: '0' }),
      span({ startTimeUnixNano: '' }),
      span({ startTimeUnixNano: 1.795376735624273e18 }),
      span({ startTimeUnixNano: 0 }),
      span({ startTimeUnixNano: -5 }),
      span({ startTimeUnixNano: ' 12' }),
      span({ startTimeUnixNano: '1'.repeat(400) }),
      span({ startTimeUnixNano: true }),
      span({ name: 'ünïcode "quoted"', spanId: 'x' }),
    ];
    const body = utf8(JSON.stringify(request(spans)).replace('"\\\\u0030', '"\\u0030'));
    const got = expectAgreement(body, 'json');
    expect(got).toMatchObject({ spans: spans.length });
    expect('rejected' in got && got.rejected).toBeGreaterThan(10);
  });
});

describe('scanOtlpTraces: OTLP/JSON fast paths', () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...utf8(part)] : part)));

  /** What may sit inside a string: escapes, UTF-8 of every length, and bytes JSON or UTF-8 forbid there. */
  const insides: [string, number[]][] = [
    ['an escaped quote', [0x5c, 0x22]],
    ['an escaped backslash', [0x5c, 0x5c]],
    ['a \\n escape', [0x5c, 0x6e]],
    ['a \\u escape', [...utf8('\\u00e9')]],
    ['a bad escape', [0x5c, 0x78]],
    ['a lone backslash', [0x5c]],
    ['a raw quote', [0x22]],
    ['a raw tab', [0x09]],
    ['a raw 0x01', [0x01]],
    ['a raw 0x1f', [0x1f]],
    ['0x7f', [0x7f]],
    ['a space', [0x20]],
    ['é', [...utf8('é')]],
    ['€', [...utf8('€')]],
    ['😀', [...utf8('😀')]],
    ['a lone continuation byte', [0x80]],
    ['a cut two-byte sequence', [0xc3]],
    ['a cut four-byte sequence', [0xf0, 0x9f, 0x98]],
    ['0xff', [0xff]],
  ];

  it('agrees on every string shape at every offset of a sixteen-byte step and near the end of the body', () => {
    for (const [label, inside] of insides) {
      // The skip reads sixteen bytes at a time, then four within sixteen of the end: every offset in a step, and
      // every distance from the end up to past one step.
      for (let before = 0; before <= 17; before++) {
        for (let after = 0; after <= 17; after++) {
          const text = [...utf8('a'.repeat(before)), ...inside, ...utf8('b'.repeat(after))];
          const where = `${label} after ${before} and before ${after} bytes`;
          expectAgreement(bytes('{"x":"', text, '"}'), 'json', `value, ${where}`);
          expectAgreement(bytes('{"', text, '":1}'), 'json', `key, ${where}`);
          expectAgreement(bytes('"', text, '"'), 'json', `body, ${where}`);
          expectAgreement(bytes('"', text), 'json', `unterminated, ${where}`);
          // A span name, read for the rejection message (its spanId is bad).
          const [head, tail] = JSON.stringify(request([span({ spanId: 'x', name: '@' })])).split('@');
          expectAgreement(bytes(head as string, text, tail as string), 'json', `name, ${where}`);
        }
      }
    }
  });

  it('agrees where a backslash ends a run of plain text or sits right before the closing quote', () => {
    for (let run = 0; run <= 40; run++) {
      const plain = 'x'.repeat(run);
      for (const text of [
        `{"a":"${plain}\\\\"}`,
        `{"a":"${plain}\\""}`,
        `{"a":"${plain}\\"}`,
        `{"a":"${plain}\\\\\\""}`,
        `{"a":"\\"${plain}\\""}`,
        `{"${plain}\\\\":"${plain}\\""}`,
      ]) {
        expectAgreement(utf8(text), 'json', text);
      }
      expectAgreement(bytes(`{"a":"${plain}`, [0x01], '"}'), 'json', `a control byte after ${run} bytes`);
      expectAgreement(bytes(`{"a":"${plain}`, [0xe2, 0x82], '"}'), 'json', `cut UTF-8 after ${run} bytes`);
      expectAgreement(bytes(`{"a":"${plain}`, [0xe2, 0x82, 0xac], '"}'), 'json', `€ after ${run} bytes`);
    }
  });

  it('agrees on attribute shapes matched as words, and on near misses of them', () => {
    const attribute = (text: string) =>
      utf8(
        JSON.stringify(request([span({ name: 'op' })])).replace('"name":"op"', `"name":"op","attributes":[${text}]`),
      );
    for (const text of [
      '{"key":"k","value":{"stringValue":"v"}}',
      '{"key":"k","value": {"intValue":1}}',
      '{"key":"k","value":\n{"boolValue":true}}',
      '{"key":"k" ,"value":{"doubleValue":1.5}}',
      '{"key":"k", "value":{"stringValue":"v"}}',
      '{"key":"k","value":}',
      '{"key":"k","value":"v"}',
      '{"key":"k","value":{"stringValue":"v"},"value":null}',
      '{"key":"k","valuе":{}}',
      '{"key":"k\\"","value":{}}',
      '{"key":"","value":{}}',
      '{"key":1,"value":{}}',
      '{"key" :"k"}',
      '{"keys":"k"}',
      '{"key":"k"',
      '{"key":"',
      '{"key":',
      '{"value":{"key":"k","value":{}}}',
      '{"key":"k","value":{"stringValue":"v","x":1}}',
      '{"key":"k","value":{"stringValue":"v"},"x":1}',
      '{"key":"k","value":{"stringValue":1}}',
      '{"key":"k","value":{"stringValuE":"v"}}',
      '{"key":"k","value":{"stringValue":"v\\u0041"}}',
      '{"key":"k","value":{"stringValue":"v"} }',
      '{"key":"k","value":{"stringValue":"v"}},{"key":"k","value":{"kvlistValue":{"values":[]}}}',
      '{"key":"k","value":{"arrayValue":{"values":[{"stringValue":"v"}]}}} ,{"key":"k","value":{}}',
      '{"key":"k","value":{"stringValue":"v"}},',
      ' {"key":"k","value":{"stringValue":"v"}}',
      '{"key":"k","value":{"stringValue":"v"}},1',
      '{"key":"k","value":{"stringValue":"v"}}{"key":"k","value":{"stringValue":"v"}}',
      '{"key":"k","value":{"stringValue":"v"}',
    ]) {
      const body = attribute(text);
      expectAgreement(body, 'json', text);
      for (let end = body.length - 40; end < body.length; end++) expectAgreement(body.subarray(0, end), 'json', text);
    }
    // The words may start at any offset near the end of the body.
    for (let cut = 0; cut <= 12; cut++) expectAgreement(utf8(`[{"key":"k","value":{}}]`.slice(0, 25 - cut)), 'json');
  });

  it('checks ids and start times word by word as exactly as byte by byte', () => {
    const spans: Record<string, unknown>[] = [];
    for (let i = 0; i < 32; i++) {
      for (const c of ['g', 'G', '/', ':', '@', '`', ' ', 'F', '0', 'é']) {
        spans.push(span({ traceId: `${TRACE.slice(0, i)}${c}${TRACE.slice(i + 1)}` }));
        if (i < 16) spans.push(span({ spanId: `${SPAN.slice(0, i)}${c}${SPAN.slice(i + 1)}` }));
      }
      spans.push(span({ traceId: `${'0'.repeat(i)}1${'0'.repeat(31 - i)}` }));
    }
    for (let i = 0; i < 19; i++) {
      for (const c of ['/', ':', 'a', ' ', '0', '9', '٣']) {
        spans.push(span({ startTimeUnixNano: `${START.slice(0, i)}${c}${START.slice(i + 1)}` }));
      }
      spans.push(span({ startTimeUnixNano: `${'0'.repeat(i)}1${'0'.repeat(18 - i)}` }));
      spans.push(span({ startTimeUnixNano: '0'.repeat(i + 1) }));
      spans.push(span({ startTimeUnixNano: START.slice(0, i + 1) }));
    }
    const got = expectAgreement(utf8(JSON.stringify(request(spans))), 'json');
    expect(got).toMatchObject({ spans: spans.length });
    expect('rejected' in got && got.rejected).toBeGreaterThan(100);
  });
});

/** Protobuf written by hand, for what protobufjs would never encode. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const tag = (field: number, wireType: number) => varint(field * 8 + wireType);
const field = (no: number, bytes: number[]) => [...tag(no, 2), ...varint(bytes.length), ...bytes];
const ids = (byte: number, length: number) => new Array<number>(length).fill(byte);
const fixed64 = (n: number) => [n & 255, (n >> 8) & 255, 0, 0, 0, 0, 0, 0];

function pbSpan(extra: number[] = [], traceId = ids(1, 16), spanId = ids(2, 8)): number[] {
  return [
    ...field(1, traceId),
    ...field(2, spanId),
    ...field(5, [...utf8('op')]),
    ...tag(7, 1),
    ...fixed64(5),
    ...extra,
  ];
}
function pbRequest(...spans: number[][]): Uint8Array {
  const scopeSpans = field(
    2,
    spans.flatMap((s) => field(2, s)),
  );
  return new Uint8Array(field(1, scopeSpans));
}

describe('scanOtlpTraces: OTLP/protobuf cases', () => {
  const nestedValue = (depth: number): number[] => {
    let value = field(1, [...utf8('leaf')]);
    for (let i = 0; i < depth; i++) value = field(5, field(1, value));
    return value;
  };
  const attribute = (value: number[]) => field(9, [...field(1, [...utf8('k')]), ...field(2, value)]);
  const cases: [string, Uint8Array][] = [
    ['an empty body', new Uint8Array(0)],
    ['a valid span', pbRequest(pbSpan())],
    ['a short trace id', pbRequest(pbSpan([], ids(1, 15)))],
    ['a zero span id', pbRequest(pbSpan([], ids(1, 16), ids(0, 8)))],
    ['no start time', pbRequest([...field(1, ids(1, 16)), ...field(2, ids(2, 8))])],
    ['a zero start time after a valid one', pbRequest(pbSpan([...tag(7, 1), ...fixed64(0)]))],
    [
      'an unknown field of every wire type',
      pbRequest(pbSpan([...tag(99, 0), 1, ...tag(98, 1), ...ids(0, 8), ...tag(97, 5), 1, 2, 3, 4, ...field(96, [1])])),
    ],
    [
      'an unknown group',
      pbRequest(pbSpan([...tag(99, 3), ...tag(1, 0), 5, ...tag(2, 3), ...tag(2, 4), ...tag(99, 4)])),
    ],
    ['an unterminated group', pbRequest(pbSpan([...tag(99, 3), ...tag(1, 0), 5]))],
    ['wire type 6', pbRequest(pbSpan([...tag(99, 6), 0]))],
    ['wire type 7', pbRequest(pbSpan([...tag(99, 7), 0]))],
    ['a stray end-group tag', pbRequest(pbSpan([...tag(99, 4)]))],
    ['a known bytes field with wire type 0', pbRequest(pbSpan([...tag(3, 0), 1, 65]))],
    ['a known varint field with wire type 2', pbRequest(pbSpan([...tag(6, 2), 3]))],
    ['a known fixed64 field with wire type 0', pbRequest(pbSpan([...tag(8, 0), ...ids(9, 8)]))],
    ['a length past the end', new Uint8Array([...tag(1, 2), 50, 0])],
    ['a length past the enclosing message', pbRequest(pbSpan([...tag(3, 2), 100]))],
    ['a varint running off the end', new Uint8Array([...tag(1, 2), 0x80])],
    ['a six-byte tag varint', new Uint8Array([0x8a, 0x80, 0x80, 0x80, 0x80, 0x00, 0, 0, 0, 0, 0])],
    [
      'an int64 of four continuation bytes at a message end',
      pbRequest(pbSpan(attribute(field(3, []).slice(0, 1).concat([0x80, 0x80, 0x80, 0x80])))),
    ],
    [
      'an int64 of three continuation bytes at a message end',
      pbRequest(pbSpan(attribute([...tag(3, 0), 0x80, 0x80, 0x80]))),
    ],
    ['an int64 of eleven bytes', pbRequest(pbSpan(attribute([...tag(3, 0), ...ids(0x80, 10), 1])))],
    ['values nested to depth 40', pbRequest(pbSpan(attribute(nestedValue(40))))],
    ['values nested past protobufjs recursion limit', pbRequest(pbSpan(attribute(nestedValue(60))))],
    [
      'groups nested past the recursion limit',
      pbRequest(pbSpan([...Array.from({ length: 120 }, () => tag(99, 3)).flat()])),
    ],
  ];
  it.each(cases)('%s', (_, body) => {
    expectAgreement(body, 'protobuf');
  });

  it('agrees with bodies protobufjs encodes', () => {
    const type = exportTraceServiceRequest();
    const body = type
      .encode(
        type.fromObject({
          resourceSpans: [
            {
              resource: {
                attributes: [{ key: 'a', value: { kvlistValue: { values: [{ key: 'b', value: { intValue: -1 } }] } } }],
              },
              scopeSpans: [
                {
                  scope: { name: 's', attributes: [{ key: 'x', value: { doubleValue: 1.5 } }] },
                  spans: [
                    {
                      traceId: ids(3, 16),
                      spanId: ids(4, 8),
                      startTimeUnixNano: 7,
                      events: [{ name: 'e' }],
                      links: [{}],
                      status: { code: 2 },
                    },
                    { traceId: ids(3, 16), spanId: ids(0, 8), name: 'zero span id' },
                  ],
                },
              ],
            },
          ],
        }),
      )
      .finish();
    expect(expectAgreement(body, 'protobuf')).toMatchObject({ spans: 2, rejected: 1 });
  });

  it('rejects a string running past its message even where the Buffer decoder truncates it', () => {
    // protobufjs reads strings from a Node Buffer with the length clamped to the message's end (its plain
    // Uint8Array reader throws): the scan follows the stricter reader, so a cut body is never taken for whole.
    const cut = pbRequest(pbSpan([...tag(3, 2), 5, ...utf8('sta')]));
    expect(() => decodeOtlpTraces(cut, 'protobuf')).toThrow(OtlpDecodeError);
    expect(decodeOtlpTraces(Buffer.from(cut), 'protobuf')).toHaveLength(1);
    expect(() => scanOtlpTraces(Buffer.from(cut), 'protobuf')).toThrow(
      /Span.trace_state \(field 3\): length 5 runs past/,
    );
  });

  it('names the field and the byte of a problem', () => {
    expect(() => scanOtlpTraces(pbRequest(pbSpan([...tag(99, 7)])), 'protobuf')).toThrow(
      /invalid OTLP\/protobuf: .*Span field 99: invalid wire type 7 at byte \d+/,
    );
    expect(() => scanOtlpTraces(new Uint8Array([...tag(1, 2), 50, 0]), 'protobuf')).toThrow(
      /ExportTraceServiceRequest.resource_spans \(field 1\): length 50 runs past the end of its message \(byte 3\) at byte 1/,
    );
  });
});
