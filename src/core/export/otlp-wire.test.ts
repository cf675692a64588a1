import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeOtlpTraces } from '../otlp/decode';
import { otlpJsonToProtobuf, otlpProtobufToJson } from './otlp-wire';

const fixtures = resolve(fileURLToPath(new URL('../../..', import.meta.url)), '..', 'shared', 'fixtures', 'otlp');

function captures(format: 'json' | 'protobuf'): { name: string; body: Uint8Array }[] {
  const out: { name: string; body: Uint8Array }[] = [];
  for (const folder of readdirSync(fixtures, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const file of readdirSync(resolve(fixtures, folder.name))) {
      if (!file.endsWith('.meta.json')) continue;
      const meta = JSON.parse(readFileSync(resolve(fixtures, folder.name, file), 'utf8'));
      if (!String(meta.path).endsWith('/v1/traces')) continue;
      if (String(meta.headers['content-type']).includes('protobuf') !== (format === 'protobuf')) continue;
      const raw = readFileSync(resolve(fixtures, folder.name, file.replace('.meta.json', '.body')));
      const body = meta.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      out.push({ name: `${folder.name}/${file.slice(0, 3)}`, body: new Uint8Array(body) });
    }
  }
  return out;
}

describe('OTLP wire conversion', () => {
  for (const { name, body } of captures('json')) {
    it(`JSON → protobuf keeps every span of ${name}`, () => {
      expect(decodeOtlpTraces(otlpJsonToProtobuf(body), 'protobuf')).toEqual(decodeOtlpTraces(body, 'json'));
    });
  }
  for (const { name, body } of captures('protobuf')) {
    it(`protobuf → JSON keeps every span of ${name}`, () => {
      const json = otlpProtobufToJson(body);
      expect(decodeOtlpTraces(json, 'json')).toEqual(decodeOtlpTraces(body, 'protobuf'));
      // Hex ids, as OTLP/JSON receivers other than Loupe require.
      const text = new TextDecoder().decode(json);
      expect(text).toMatch(/"traceId":"[0-9a-f]{32}"/);
    });
  }

  it('keeps 64-bit integers and nanosecond times exact', () => {
    const request = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  name: 's',
                  startTimeUnixNano: '1795376735123456789',
                  endTimeUnixNano: '1795376735999999999',
                  attributes: [{ key: 'big', value: { intValue: '9007199254740993' } }],
                },
              ],
            },
          ],
        },
      ],
    };
    const pb = otlpJsonToProtobuf(new TextEncoder().encode(JSON.stringify(request)));
    const back = JSON.parse(new TextDecoder().decode(otlpProtobufToJson(pb)));
    const span = back.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.startTimeUnixNano).toBe('1795376735123456789');
    expect(span.attributes[0].value.intValue).toBe('9007199254740993');
    expect(span.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });
});
