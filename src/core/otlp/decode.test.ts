import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeOtlpTraces, OtlpDecodeError } from './decode';
import { exportTraceServiceRequest } from './proto-root';

const fixtures = resolve(fileURLToPath(new URL('../../..', import.meta.url)), '..', 'shared', 'fixtures', 'otlp');
const utf8 = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => utf8(JSON.stringify(value));

function request(span: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [{ scope: { name: 'lib', version: '1.0' }, spans: [span] }],
        ...extra,
      },
    ],
  };
}

const baseSpan = {
  traceId: '0AF7651916CD43DD8448EB211C80319C',
  spanId: 'B7AD6B7169203331',
  name: 'root',
  kind: 2,
  startTimeUnixNano: '1795376735624272855',
  endTimeUnixNano: 1795376735625000000,
};

describe('decodeOtlpTraces: OTLP/JSON', () => {
  it('decodes ids, times, resource, scope and every attribute value type', () => {
    const [span] = decodeOtlpTraces(
      json(
        request({
          ...baseSpan,
          attributes: [
            { key: 's', value: { stringValue: 'x' } },
            { key: 'i', value: { intValue: 7 } },
            { key: 'iText', value: { intValue: '256' } },
            { key: 'iHuge', value: { intValue: '9223372036854775807' } },
            { key: 'd', value: { doubleValue: 0.5 } },
            { key: 'b', value: { boolValue: true } },
            { key: 'arr', value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: 'two' }] } } },
            { key: 'kv', value: { kvlistValue: { values: [{ key: 'inner', value: { boolValue: false } }] } } },
            { key: 'bytes', value: { bytesValue: 'AQI=' } },
            { key: 'empty', value: {} },
          ],
          status: { code: 2, message: 'boom' },
          events: [
            { name: 'e', timeUnixNano: '1795376735624500000', attributes: [{ key: 'k', value: { stringValue: 'v' } }] },
          ],
          links: [{ traceId: 'AA'.repeat(16), spanId: 'BB'.repeat(8), attributes: [] }],
        }),
      ),
      'json',
    );
    expect(span).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      parentSpanId: null,
      name: 'root',
      kind: 2,
      startTime: 1795376735624 + 0.272855,
      endTime: 1795376735625,
      attributes: {
        s: 'x',
        i: 7,
        iText: 256,
        iHuge: '9223372036854775807',
        d: 0.5,
        b: true,
        arr: [1, 'two'],
        kv: { inner: false },
        bytes: 'AQI=',
        empty: null,
      },
      events: [{ name: 'e', time: 1795376735624.5, attributes: { k: 'v' } }],
      links: [{ traceId: 'aa'.repeat(16), spanId: 'bb'.repeat(8), attributes: {} }],
      status: { code: 2, message: 'boom' },
      resource: { 'service.name': 'svc' },
      scope: { name: 'lib', version: '1.0' },
    });
  });

  it('reads missing, empty and all-zero parent ids as no parent', () => {
    for (const parentSpanId of [undefined, '', '0000000000000000']) {
      const [span] = decodeOtlpTraces(json(request({ ...baseSpan, parentSpanId })), 'json');
      expect(span?.parentSpanId).toBeNull();
    }
    const [child] = decodeOtlpTraces(json(request({ ...baseSpan, parentSpanId: '00F067AA0BA902B7' })), 'json');
    expect(child?.parentSpanId).toBe('00f067aa0ba902b7');
  });

  it('keeps spans with missing times (time 0) and accepts enum names', () => {
    const [span] = decodeOtlpTraces(
      json(
        request({
          traceId: baseSpan.traceId,
          spanId: baseSpan.spanId,
          kind: 'SPAN_KIND_CLIENT',
          status: { code: 'STATUS_CODE_ERROR' },
        }),
      ),
      'json',
    );
    expect(span).toMatchObject({ startTime: 0, endTime: 0, kind: 3, status: { code: 2, message: null }, name: '' });
  });

  it('keeps a __proto__ attribute as data and ignores unknown enum names', () => {
    const [span] = decodeOtlpTraces(
      json(
        request({ ...baseSpan, kind: 'constructor', attributes: [{ key: '__proto__', value: { stringValue: 'x' } }] }),
      ),
      'json',
    );
    expect(span?.kind).toBe(0);
    expect(Object.hasOwn(span?.attributes ?? {}, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(span?.attributes)).toBe(Object.prototype);
  });

  it('accepts an empty request', () => {
    expect(decodeOtlpTraces(json({}), 'json')).toEqual([]);
    expect(decodeOtlpTraces(json({ resourceSpans: [] }), 'json')).toEqual([]);
  });

  it('rejects bodies that are not an OTLP/JSON trace export, naming the problem', () => {
    const cases: [Uint8Array, RegExp][] = [
      [utf8('{"resourceSpans": [}'), /^invalid OTLP\/JSON: .+/],
      [json([1, 2]), /request body must be an object, got an array/],
      [json({ resourceSpans: {} }), /request\.resourceSpans must be an array, got an object/],
      [
        json({ resourceSpans: [{ scopeSpans: [{ spans: [42] }] }] }),
        /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\] must be an object, got a number/,
      ],
    ];
    for (const [body, message] of cases) {
      expect(() => decodeOtlpTraces(body, 'json')).toThrow(OtlpDecodeError);
      expect(() => decodeOtlpTraces(body, 'json')).toThrow(message);
    }
  });
});

describe('decodeOtlpTraces: OTLP/protobuf', () => {
  it.each([
    ['openinference-openai-proto', false],
    ['openllmetry-openai', false],
    ['otel-proto-gzip', true],
  ])('%s decodes to exactly what its OTLP/JSON rendering decodes to', (folder, gzip) => {
    const raw = readFileSync(resolve(fixtures, folder, '001.body'));
    const body = new Uint8Array(gzip ? gunzipSync(raw) : raw);
    const fromProtobuf = decodeOtlpTraces(body, 'protobuf');
    const fromJson = decodeOtlpTraces(
      new Uint8Array(readFileSync(resolve(fixtures, folder, '001.decoded.json'))),
      'json',
    );
    expect(fromProtobuf.length).toBeGreaterThan(0);
    expect(fromProtobuf).toEqual(fromJson);
  });

  it('decodes bytes and kvlist values, large ints, and all-zero parents', () => {
    const type = exportTraceServiceRequest();
    const message = type.fromObject({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: new Uint8Array(16).fill(0xab),
                  spanId: new Uint8Array(8).fill(0xcd),
                  parentSpanId: new Uint8Array(8),
                  name: 'p',
                  startTimeUnixNano: '1795376735624272855',
                  attributes: [
                    { key: 'bytes', value: { bytesValue: new Uint8Array([1, 2]) } },
                    { key: 'kv', value: { kvlistValue: { values: [{ key: 'n', value: { intValue: -5 } }] } } },
                    { key: 'big', value: { intValue: '9223372036854775807' } },
                    { key: 'empty', value: {} },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const [span] = decodeOtlpTraces(type.encode(message).finish(), 'protobuf');
    expect(span).toMatchObject({
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      parentSpanId: null,
      startTime: 1795376735624 + 0.272855,
      endTime: 0,
      attributes: { bytes: 'AQI=', kv: { n: -5 }, big: '9223372036854775807', empty: null },
      scope: { name: '', version: null },
    });
  });

  it('rejects truncated or foreign bytes, naming the problem', () => {
    const body = new Uint8Array(gunzipSync(readFileSync(resolve(fixtures, 'otel-proto-gzip', '001.body'))));
    for (const bad of [body.subarray(0, 100), utf8('{"resourceSpans":[]}'), new Uint8Array([0x0a, 0x05, 0x01])]) {
      expect(() => decodeOtlpTraces(bad, 'protobuf')).toThrow(OtlpDecodeError);
      expect(() => decodeOtlpTraces(bad, 'protobuf')).toThrow(
        /^invalid OTLP\/protobuf: not a valid ExportTraceServiceRequest \(.+\)$/,
      );
    }
  });
});
