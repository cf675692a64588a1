import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { exportTraceServiceRequest } from '@core/otlp/proto-root';
import { decodeExportResponse, decodeStatus } from '@core/otlp/response';
import type { IngestBatch, Notice } from '@core/wire/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/eventually';
import { BatchHub } from '../hub/batch-hub';
import { createReceiver, type ReceiverLimits } from './http-handler';

const repoRoot = resolve(__dirname, '..', '..', '..');
const fixtures = resolve(repoRoot, '..', 'shared', 'fixtures', 'otlp');

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let rest = n;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** Length-delimited field header: tag (field number, wire type 2) and length. */
function header(field: number, length: number): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2]), varint(length)]);
}

/**
 * An ExportTraceServiceRequest whose one attribute value is `depth` arrays nested in each other. Built from the
 * inside out as a list of headers, since each level ends where its child ends.
 */
function nestedProtobufRequest(depth: number): Buffer {
  const core = Buffer.from([0x18, 0x01]); // AnyValue{int_value: 1}
  const headers: Buffer[] = [];
  let length = core.length;
  const wrap = (field: number, before: Buffer = Buffer.alloc(0)) => {
    const h = Buffer.concat([header(field, before.length + length), before]);
    headers.push(h);
    length += h.length;
  };
  for (let i = 0; i < depth; i++) {
    wrap(1); // ArrayValue.values
    wrap(5); // AnyValue.array_value
  }
  wrap(2); // KeyValue.value
  wrap(9, Buffer.concat([header(1, 1), Buffer.from('k')])); // Span.attributes, after KeyValue.key
  wrap(2, Buffer.concat([header(1, 16), Buffer.alloc(16, 0xab), header(2, 8), Buffer.alloc(8, 0xcd)])); // ids
  // ScopeSpans.spans (wrapped above, with the span's ids before its attributes)
  wrap(2); // ResourceSpans.scope_spans
  wrap(1); // request.resource_spans
  return Buffer.concat([...headers.reverse(), core]);
}

interface Fixture {
  body: Buffer;
  path: string;
  headers: Record<string, string>;
  spans: number;
}

function fixture(name: string): Fixture {
  const meta = JSON.parse(readFileSync(resolve(fixtures, `${name}.meta.json`), 'utf8'));
  const headers: Record<string, string> = { 'content-type': meta.headers['content-type'] };
  if (meta.headers['content-encoding']) headers['content-encoding'] = meta.headers['content-encoding'];
  return { body: readFileSync(resolve(fixtures, `${name}.body`)), path: meta.path, headers, spans: meta.summary.spans };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json: () => { code?: number; message?: string; status?: string; version?: string };
}

/** Sends the body in several writes without content-length, as OTel JS exporters do (transfer-encoding: chunked). */
function send(
  port: number,
  method: string,
  path: string,
  body: Buffer | null,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        done({ status: res.statusCode ?? 0, headers: res.headers, body: buf, json: () => JSON.parse(buf.toString()) });
      });
    });
    // The server may close the connection before the whole body is written (size limit): the reply still arrives.
    req.on('error', (error) => {
      if (!req.writableEnded) fail(error);
    });
    if (body) {
      const step = Math.max(1, Math.ceil(body.length / 4));
      for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
    }
    req.end();
  });
}

/** Bodies are decoded and mapped after the answer, on their way to the writer: wait until `count` batches arrived. */
async function delivered(batches: IngestBatch[], count: number): Promise<void> {
  await eventually(() => expect(batches).toHaveLength(count));
}

describe('OTLP receiver over HTTP', () => {
  let server: Server;
  let port: number;
  let hub: BatchHub;
  let batches: IngestBatch[];
  let notices: Notice[];
  let limits: Partial<ReceiverLimits>;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const receiver = createReceiver({ hub, limits });
      if (!receiver(req, res)) res.writeHead(404).end('not a receiver path');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  beforeEach(() => {
    hub = new BatchHub();
    batches = [];
    notices = [];
    limits = {};
    hub.attach({ send: (b) => batches.push(b), notice: (n) => notices.push(n) });
  });

  it.each(['langfuse-v5/004', 'otel-json/001', 'otel-proto-gzip/001'])(
    'accepts %s sent chunked and hands its observations to the hub',
    async (name) => {
      const f = fixture(name);
      expect(f.spans).toBeGreaterThan(0);
      const reply = await send(port, 'POST', f.path, f.body, f.headers);
      expect(reply.status).toBe(200);
      // An SDK outside a browser sends no Origin, and gets no CORS headers.
      expect(reply.headers['access-control-allow-origin']).toBeUndefined();
      if (f.headers['content-type']?.includes('protobuf')) {
        expect(reply.headers['content-type']).toBe('application/x-protobuf');
        expect(reply.body.length).toBe(0);
      } else {
        expect(reply.json()).toEqual({});
      }
      await delivered(batches, 1);
      expect(batches[0]?.observations).toHaveLength(f.spans);
      const format = f.headers['content-type']?.includes('protobuf') ? 'protobuf' : 'json';
      expect(batches[0]?.source).toBe(`otlp-${format} ${f.path}`);
      expect(notices).toEqual([]);
    },
  );

  it('accepts deflate, zlib-wrapped or raw, and content types with parameters', async () => {
    const f = fixture('otel-json/001');
    for (const body of [deflateSync(f.body), deflateRawSync(f.body)]) {
      const reply = await send(port, 'POST', '/v1/traces', body, {
        'content-type': 'application/json; charset=utf-8',
        'content-encoding': 'deflate',
      });
      expect(reply.status).toBe(200);
    }
    await delivered(batches, 2);
    expect(batches.map((b) => b.observations.length)).toEqual([f.spans, f.spans]);
  });

  const deepJson = () => {
    const depth = 100_000;
    const value = `${'{"arrayValue":{"values":['.repeat(depth)}{"intValue":1}${']}}'.repeat(depth)}`;
    return Buffer.from(
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${'a'.repeat(32)}","spanId":"${'b'.repeat(16)}","startTimeUnixNano":"1","attributes":[{"key":"k","value":${value}}]}]}]}]}`,
    );
  };
  it.each([
    ['invalid JSON', Buffer.from('{"resourceSpans": [}'), { 'content-type': 'application/json' }],
    [
      'invalid UTF-8',
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      { 'content-type': 'application/json' },
    ],
    ['100k nested arrays', deepJson(), { 'content-type': 'application/json; charset=utf-8' }],
    ['gzip that is not gzip', Buffer.from('hello'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
  ])('answers %s with 400 and a JSON Status naming the problem', async (_label, body, headers) => {
    const reply = await send(port, 'POST', '/v1/traces', body, headers);
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.json().code).toBe(3);
    expect(reply.json().message?.length).toBeGreaterThan(10);
    expect(batches).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.level).toBe('error');
    expect(notices[0]?.message).toContain(reply.json().message);
  });

  it('answers a broken protobuf body with a protobuf google.rpc.Status', async () => {
    const truncated = fixture('openinference-openai-proto/001').body.subarray(0, 1000);
    const nested = nestedProtobufRequest(100_000);
    const shallow = decodeOtlpTraces(new Uint8Array(nestedProtobufRequest(2)), 'protobuf');
    expect(shallow[0]?.attributes).toEqual({ k: [[1]] });
    for (const body of [truncated, nested]) {
      const reply = await send(port, 'POST', '/v1/traces', body, { 'content-type': 'application/x-protobuf' });
      expect(reply.status).toBe(400);
      expect(reply.headers['content-type']).toBe('application/x-protobuf');
      const status = decodeStatus(reply.body);
      expect(status.code).toBe(3);
      expect(status.message).toMatch(/^invalid OTLP\/protobuf: /);
    }
    expect(batches).toEqual([]);
  });

  it('keeps the valid spans of a request and reports the others as a partial success', async () => {
    const span = (traceId: string, spanId: string, start?: string) => ({
      traceId,
      spanId,
      name: `s-${spanId.slice(0, 4)}`,
      ...(start ? { startTimeUnixNano: start } : {}),
      endTimeUnixNano: '1000',
    });
    const good = 'ab'.repeat(16);
    const request = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                span(good, '1'.repeat(16), '2000'),
                span('0'.repeat(32), '2'.repeat(16), '2000'),
                span(good, '0'.repeat(16), '2000'),
                span('xyz', '3'.repeat(16), '2000'),
                span(good, '4'.repeat(16)),
              ],
            },
          ],
        },
      ],
    };
    const json = await send(port, 'POST', '/v1/traces', Buffer.from(JSON.stringify(request)), {
      'content-type': 'application/json',
    });
    expect(json.status).toBe(200);
    const partial = (json.json() as { partialSuccess: { rejectedSpans: string; errorMessage: string } }).partialSuccess;
    expect(partial.rejectedSpans).toBe('4');
    expect(partial.errorMessage).toContain('4 of 5 spans rejected');
    expect(partial.errorMessage).toContain('traceId is all zeros');
    expect(partial.errorMessage).toContain('and 1 more');
    await delivered(batches, 1);
    expect(batches[0]?.observations.map((o) => o.id)).toEqual(['1'.repeat(16)]);
    expect(notices[0]?.message).toContain('Partly accepted POST /v1/traces');

    const type = exportTraceServiceRequest();
    const pb = type
      .encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'no ids' }] }] }] }))
      .finish();
    const reply = await send(port, 'POST', '/v1/traces', Buffer.from(pb), { 'content-type': 'application/x-protobuf' });
    expect(reply.status).toBe(200);
    expect(decodeExportResponse(reply.body).partialSuccess).toMatchObject({ rejectedSpans: 1 });
    await delivered(batches, 1);
  });

  it('cuts string values over the size limit with a visible marker and a notice', async () => {
    limits = { maxValueBytes: 1024 * 1024 };
    const big = 'é'.repeat(2_700_000);
    const request = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'ab'.repeat(16),
                  spanId: 'cd'.repeat(8),
                  name: 'big',
                  startTimeUnixNano: '1000000',
                  attributes: [
                    { key: 'input.value', value: { stringValue: big } },
                    { key: 'small', value: { stringValue: 'kept' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const reply = await send(port, 'POST', '/v1/traces', Buffer.from(JSON.stringify(request)), {
      'content-type': 'application/json',
    });
    expect(reply.status).toBe(200);
    await delivered(batches, 1);
    const attrs = batches[0]?.observations[0]?.attributes ?? {};
    const cut = String(attrs['input.value']);
    expect(cut.endsWith('…[truncated by Loupe: 5.1 MiB → 1 MiB]')).toBe(true);
    expect(Buffer.byteLength(cut.slice(0, cut.indexOf('…[')))).toBe(1024 * 1024);
    expect(attrs.small).toBe('kept');
    expect(notices.map((n) => n.message)).toEqual([expect.stringContaining('1 attribute value was larger than 1 MiB')]);
  });

  it('refuses an unsupported content type or encoding with 415 naming it', async () => {
    const body = Buffer.from('{}');
    const type = await send(port, 'POST', '/v1/traces', body, { 'content-type': 'text/plain' });
    expect(type.status).toBe(415);
    expect(type.json().message).toContain('text/plain');
    const missing = await send(port, 'POST', '/v1/traces', body);
    expect(missing.status).toBe(415);
    const encoding = await send(port, 'POST', '/v1/traces', body, {
      'content-type': 'application/json',
      'content-encoding': 'br',
    });
    expect(encoding.status).toBe(415);
    expect(encoding.json().message).toContain('"br"');
    expect(notices).toHaveLength(3);
  });

  it('reads the content type exactly: a type that only contains application/json is 415 naming it', async () => {
    const f = fixture('otel-json/001');
    for (const type of ['application/jsonx', 'text/plain; x="application/json"', 'application/json-seq']) {
      const reply = await send(port, 'POST', '/v1/traces', f.body, { 'content-type': type });
      expect(reply.status, type).toBe(415);
      expect(reply.json().message).toContain(`content-type ${type.split(';')[0]} is not accepted on POST /v1/traces`);
      expect(reply.json().message).toContain('application/json or application/x-protobuf or application/protobuf');
    }
    const broken = await send(port, 'POST', '/v1/traces', f.body, { 'content-type': 'text/plain; x=application/json' });
    expect(broken.status).toBe(415);
    expect(broken.json().message).toContain('"text/plain; x=application/json" is not a media type');
    const ingestion = await send(port, 'POST', '/api/public/ingestion', Buffer.from('{"batch":[]}'), {
      'content-type': 'application/jsonx',
    });
    expect(ingestion.status).toBe(415);
    expect(ingestion.json().message).toContain('send the content-type header as application/json');
    expect(batches).toEqual([]);
    expect(notices).toHaveLength(5);
  });

  it('takes the accepted types in any case, with parameters and whitespace, and answers protobuf in kind', async () => {
    const f = fixture('otel-json/001');
    const json = await send(port, 'POST', '/v1/traces', f.body, { 'content-type': 'Application/JSON ;charset=UTF-8' });
    expect(json.status).toBe(200);
    const proto = fixture('otel-proto-gzip/001');
    const reply = await send(port, 'POST', '/v1/traces', proto.body, {
      ...proto.headers,
      'content-type': 'application/protobuf',
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/x-protobuf');
    const ingestion = await send(port, 'POST', '/api/public/ingestion', Buffer.from('{"batch":[]}'), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(ingestion.status).toBe(207);
    await delivered(batches, 2);
  });

  it('answers a wrong method with 405 and Allow, unknown API paths with 404 for every method, and leaves the rest to the caller', async () => {
    const get = await send(port, 'GET', '/v1/traces', null);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
    expect(notices[0]?.level).toBe('warning');
    const post = await send(port, 'POST', '/api/public/health', Buffer.from('{}'), {
      'content-type': 'application/json',
    });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD, OPTIONS');
    for (const [method, path] of [
      ['POST', '/v1/profiles'],
      ['GET', '/v1/profiles'],
      ['PUT', '/api/public/nothing'],
      ['POST', '/media/AAAA/extra'],
    ] as const) {
      const unknown = await send(port, method, path, Buffer.from('{}'), { 'content-type': 'application/x-protobuf' });
      expect(unknown.status, `${method} ${path}`).toBe(404);
      expect(unknown.headers['content-type']).toBe('application/json');
      expect(unknown.json()).toEqual({
        code: 5,
        message: expect.stringContaining(`no such endpoint: ${method} ${path}`),
      });
    }
    const elsewhere = await send(port, 'POST', '/elsewhere', Buffer.from('{}'), { 'content-type': 'application/json' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.toString()).toBe('not a receiver path');
  });

  it('stops reading a body over the size limit with 413, declared or chunked', async () => {
    limits = { maxBodyBytes: 1024 };
    const big = Buffer.alloc(64 * 1024, 'x');
    const chunked = await send(port, 'POST', '/v1/traces', big, { 'content-type': 'application/json' });
    expect(chunked.status).toBe(413);
    expect(chunked.json()).toMatchObject({ code: 8 });
    expect(chunked.json().message).toContain('maxBodyBytes');
    const declared = await send(port, 'POST', '/v1/traces', big, {
      'content-type': 'application/json',
      'content-length': String(big.length),
    });
    expect(declared.status).toBe(413);
  });

  it('stops a gzip bomb at the decompressed limit', async () => {
    limits = { maxDecompressedBytes: 1024 * 1024 };
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const reply = await send(port, 'POST', '/v1/traces', bomb, {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
    expect(reply.status).toBe(413);
    expect(reply.headers['content-type']).toBe('application/x-protobuf');
    expect(decodeStatus(reply.body).message).toContain('maxDecompressedBytes');
  });

  it('refuses more spans per request than the limit', async () => {
    limits = { maxSpansPerRequest: 3 };
    const f = fixture('otel-json/001');
    const reply = await send(port, 'POST', f.path, f.body, f.headers);
    expect(reply.status).toBe(413);
    expect(reply.json().message).toContain('maxSpansPerRequest');
    expect(batches).toEqual([]);
  });

  it('keeps serving after every kind of rejection', async () => {
    limits = { maxBodyBytes: 1024 };
    await send(port, 'POST', '/v1/traces', Buffer.alloc(8192, 'x'), { 'content-type': 'application/json' });
    await send(port, 'POST', '/v1/traces', Buffer.from('nope'), { 'content-type': 'application/json' });
    await send(port, 'PUT', '/v1/traces', Buffer.from('{}'), { 'content-type': 'application/json' });
    limits = {};
    const f = fixture('otel-proto-gzip/001');
    const reply = await send(port, 'POST', f.path, f.body, f.headers);
    expect(reply.status).toBe(200);
    await delivered(batches, 1);
    expect(batches[0]?.observations).toHaveLength(f.spans);
  });

  it('answers the health check and discards metrics', async () => {
    const health = await send(port, 'GET', '/api/public/health', null);
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({ status: 'OK' });
    expect(typeof health.json().version).toBe('string');
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
    // Both paths an OTLP exporter may be pointed at: the collector's and Langfuse's.
    for (const path of ['/v1/metrics', '/api/public/otel/v1/metrics']) {
      const metrics = await send(port, 'POST', path, Buffer.from('{"resourceMetrics":[]}'), {
        'content-type': 'application/json',
      });
      expect(metrics.status, path).toBe(200);
      expect(metrics.json(), path).toEqual({});
      const proto = await send(port, 'POST', path, Buffer.alloc(0), { 'content-type': 'application/x-protobuf' });
      expect(proto.status, path).toBe(200);
      expect(proto.headers['content-type'], path).toBe('application/x-protobuf');
    }
    expect(batches).toEqual([]);
  });

  it('answers CORS preflights for trace posts from loopback pages with their origin, never *', async () => {
    const preflight = await send(port, 'OPTIONS', '/api/public/otel/v1/traces', null, {
      origin: 'http://localhost:3000',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, authorization, x-langfuse-sdk-name',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(preflight.headers.vary).toBe('origin');
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type, authorization, x-langfuse-sdk-name');
    expect(preflight.headers['access-control-expose-headers']).toBeUndefined();
    const health = await send(port, 'OPTIONS', '/api/public/health', null, { origin: 'http://localhost:3000' });
    expect(health.status).toBe(204);
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
  });
});
