import { connect } from 'node:http2';
import { exportTraceServiceRequest } from '@core/otlp/proto-root';
import { decodeExportResponse } from '@core/otlp/response';
import type { IngestBatch, Notice } from '@core/wire/protocol';
import { Metadata, type Server, status } from '@grpc/grpc-js';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import protobuf from 'protobufjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/eventually';
import { grpcExport } from '../../../test/grpc-client';
import { BatchHub } from '../hub/batch-hub';
import type { Credentials } from '../settings/credentials';
import { MemorySpool, type RawOtlp } from '../spool/batch-spool';
import { SpoolFullError } from '../spool/spool-full-error';
import { bindGrpc, closeGrpc, createGrpcReceiver, type GrpcReceiverOptions, grpcExportPath } from './grpc-receiver';

const TRACES = grpcExportPath('traces');
const KEYS: Credentials = { publicKey: 'pk-lf-1', secretKey: 'sk-lf-1' };
const basic = (pk: string, sk: string) => `Basic ${Buffer.from(`${pk}:${sk}`).toString('base64')}`;

/** `google.rpc.Status` with its details, read independently of the receiver's field-by-field writer. */
const rpc = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'Any', id: 3 },
              },
            },
            Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
            RetryInfo: { fields: { retry_delay: { type: 'Duration', id: 1 } } },
            Duration: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
          },
        },
      },
    },
  },
});

/** A trace request of spans with these names, in one trace; a span named `bad` gets a 7-byte span id. */
function traceRequest(names: string[]): Uint8Array {
  const type = exportTraceServiceRequest();
  const traceId = Buffer.alloc(16, 0xab);
  const spans = names.map((name, i) => ({
    traceId,
    spanId: Buffer.alloc(name === 'bad' ? 7 : 8, i + 1),
    name,
    startTimeUnixNano: 1_800_000_000_000_000_000,
    endTimeUnixNano: 1_800_000_001_000_000_000,
  }));
  return type.encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans }] }] })).finish();
}

/** A full spool: every batch is refused with a retry hint of 7 s. */
class FullSpool extends MemorySpool {
  override appendRaw(_receivedAt: number, _source: string, _raw: RawOtlp): Promise<number> {
    return Promise.reject(new SpoolFullError(1024, 1024, 7));
  }
}

type Compression = NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>['compression'];

describe('OTLP receiver over gRPC', () => {
  let hub: BatchHub;
  let batches: IngestBatch[];
  let notices: Notice[];
  let keys: Credentials | null;
  let servers: Server[];

  /** A receiver on a free loopback port, feeding `hub`. */
  async function listen(options: Partial<GrpcReceiverOptions> = {}): Promise<number> {
    const server = createGrpcReceiver({ hub, credentials: () => keys, ...options });
    servers.push(server);
    return bindGrpc(server, '127.0.0.1')(0);
  }

  const attach = (target: BatchHub) => {
    hub = target;
    batches = [];
    notices = [];
    hub.attach({ send: (b) => batches.push(b), notice: (n) => notices.push(n) });
  };

  beforeEach(() => {
    attach(new BatchHub());
    keys = null;
    servers = [];
  });

  afterEach(async () => {
    await Promise.all(servers.map((server) => closeGrpc(server)));
  });

  it.each(['none', 'gzip'])(
    'takes spans from the OpenTelemetry gRPC exporter (compression %s) into the hub',
    async (compression) => {
      const port = await listen();
      const exporter = new OTLPTraceExporter({
        url: `http://127.0.0.1:${port}`,
        compression: compression as Compression,
      });
      const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
      const tracer = provider.getTracer('grpc-test');
      tracer.startActiveSpan('agent', (agent) => {
        tracer.startSpan('llm').end();
        agent.end();
      });
      await provider.forceFlush();
      await eventually(() => expect(batches.flatMap((b) => b.observations).map((o) => o.name)).toHaveLength(2));
      expect(batches.flatMap((b) => b.observations.map((o) => o.name)).sort()).toEqual(['agent', 'llm']);
      expect(batches[0]?.source).toBe(`otlp-grpc ${TRACES}`);
      expect(notices).toEqual([]);
      await provider.shutdown();
    },
  );

  it('takes log records from the OpenTelemetry gRPC logs exporter, with the configured keys in its metadata', async () => {
    keys = KEYS;
    const port = await listen();
    const metadata = new Metadata();
    metadata.set('authorization', basic(KEYS.publicKey, KEYS.secretKey));
    const exporter = new OTLPLogExporter({ url: `http://127.0.0.1:${port}`, metadata });
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    const traceId = 'ab'.repeat(16);
    const context = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: 'cd'.repeat(8), traceFlags: 1 });
    provider.getLogger('grpc-test').emit({ body: 'hello over gRPC', severityNumber: 9, context });
    await provider.forceFlush();
    await eventually(() => expect(batches).toHaveLength(1));
    expect(batches[0]?.logs?.map((r) => [r.body, r.traceId])).toEqual([['hello over gRPC', traceId]]);
    expect(batches[0]?.source).toBe(`otlp-grpc ${grpcExportPath('logs')}`);
    expect(notices).toEqual([]);
    await provider.shutdown();
  });

  it('answers a partly valid request with OK and the partial success, and keeps the valid spans', async () => {
    const port = await listen();
    const { error, response } = await grpcExport(port, 'traces', traceRequest(['good', 'bad']));
    expect(error).toBeNull();
    expect(decodeExportResponse(response ?? Buffer.alloc(0)).partialSuccess).toMatchObject({ rejectedSpans: 1 });
    await eventually(() => expect(batches).toHaveLength(1));
    expect(batches[0]?.observations.map((o) => o.name)).toEqual(['good']);
    expect(notices.map((n) => n.message)).toEqual([expect.stringContaining(`Partly accepted gRPC ${TRACES}`)]);
  });

  it('accepts metrics and drops them, as over HTTP', async () => {
    const port = await listen();
    const { error, response } = await grpcExport(port, 'metrics', Buffer.from([0x0a, 0x00]));
    expect(error).toBeNull();
    expect(response?.length).toBe(0);
    expect(batches).toEqual([]);
  });

  it.each([
    ['no key', undefined],
    ['a wrong key', basic(KEYS.publicKey, 'sk-wrong')],
  ])('answers a call with %s UNAUTHENTICATED when keys are set, and says so', async (_label, authorization) => {
    keys = KEYS;
    const port = await listen();
    const { error } = await grpcExport(port, 'traces', traceRequest(['s']), { authorization });
    expect(error?.code).toBe(status.UNAUTHENTICATED);
    expect(error?.details).toContain('authorization: Basic base64(publicKey:secretKey)');
    expect(notices).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringContaining(`Rejected gRPC ${TRACES} (UNAUTHENTICATED)`),
      }),
    ]);
    expect(batches).toEqual([]);
  });

  it('answers bytes that are no trace request INVALID_ARGUMENT, which exporters do not retry', async () => {
    const port = await listen();
    const { error } = await grpcExport(port, 'traces', Buffer.from('this is not protobuf at all'));
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.details.length).toBeGreaterThan(10);
    expect(notices[0]?.message).toMatch(/^Rejected gRPC \/opentelemetry.*\/Export \(INVALID_ARGUMENT\): /);
    expect(batches).toEqual([]);
  });

  it('answers UNAVAILABLE with a RetryInfo when the spool is full, so exporters retry later', async () => {
    attach(new BatchHub({ spool: new FullSpool() }));
    const port = await listen();
    const { error } = await grpcExport(port, 'traces', traceRequest(['s']));
    expect(error?.code).toBe(status.UNAVAILABLE);
    expect(error?.details).toContain('--spool-max-bytes');
    const [details] = error?.metadata.get('grpc-status-details-bin') ?? [];
    const Status = rpc.lookupType('google.rpc.Status');
    const decoded = Status.toObject(Status.decode(details as Buffer), { longs: Number });
    expect(decoded).toMatchObject({ code: status.UNAVAILABLE, message: error?.details });
    expect(decoded.details).toEqual([
      expect.objectContaining({ type_url: 'type.googleapis.com/google.rpc.RetryInfo' }),
    ]);
    const RetryInfo = rpc.lookupType('google.rpc.RetryInfo');
    const retry = RetryInfo.toObject(RetryInfo.decode(decoded.details[0].value), { longs: Number });
    expect(retry).toEqual({ retry_delay: { seconds: 7 } });
    // Said once by the hub, not once per refused call: exporters retry every few seconds.
    await grpcExport(port, 'traces', traceRequest(['s']));
    expect(notices).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringContaining('senders get HTTP 503') }),
    ]);
  });

  it('holds messages to the size limits in its own words: on the wire, decompressed, and in spans', async () => {
    const port = await listen({ limits: { maxBodyBytes: 1024, maxDecompressedBytes: 2048, maxSpansPerRequest: 2 } });
    const big = await grpcExport(port, 'traces', Buffer.alloc(4096));
    expect(big.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(big.error?.details).toBe(
      "request message is larger than the limit of 2 KiB (maxDecompressedBytes); lower the exporter's batch size",
    );
    // 64 KB of zeros compress to well under the limit, and inflate past it.
    const bomb = await grpcExport(port, 'traces', Buffer.alloc(64 * 1024), { gzip: true });
    expect(bomb.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(bomb.error?.details).toBe(big.error?.details);
    const many = await grpcExport(port, 'traces', traceRequest(['a', 'b', 'c']));
    expect(many.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(many.error?.details).toContain('maxSpansPerRequest');
    // Not retryable: no RetryInfo.
    expect(many.error?.metadata.get('grpc-status-details-bin')).toEqual([]);
    expect(notices.map((n) => n.message)).toEqual([
      `Rejected gRPC ${TRACES} (RESOURCE_EXHAUSTED): ${big.error?.details}`,
      `Rejected gRPC ${TRACES} (RESOURCE_EXHAUSTED): ${big.error?.details}`,
      `Rejected gRPC ${TRACES} (RESOURCE_EXHAUSTED): ${many.error?.details}`,
    ]);
    expect(batches).toEqual([]);
  });

  it('answers a message marked gzip that does not inflate INVALID_ARGUMENT', async () => {
    const port = await listen();
    const payload = Buffer.from('not gzip at all');
    const frame = Buffer.alloc(5);
    frame.writeUInt8(1, 0); // compressed
    frame.writeUInt32BE(payload.length, 1);
    const session = connect(`http://127.0.0.1:${port}`);
    const headers = await new Promise<Record<string, unknown>>((done, fail) => {
      const seen: Record<string, unknown> = {};
      const call = session.request({
        ':method': 'POST',
        ':path': TRACES,
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-encoding': 'gzip',
      });
      call.on('response', (h) => Object.assign(seen, h));
      call.on('trailers', (h) => Object.assign(seen, h));
      call.on('error', fail);
      call.on('close', () => done(seen));
      call.resume();
      call.end(Buffer.concat([frame, payload]));
    });
    session.close();
    expect(Number(headers['grpc-status'])).toBe(status.INVALID_ARGUMENT);
    expect(decodeURIComponent(String(headers['grpc-message']))).toContain('not valid gzip data');
    expect(notices[0]?.message).toContain('(INVALID_ARGUMENT)');
  });
});
