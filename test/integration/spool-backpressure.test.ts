import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../eventually';
import { otlpJsonRequest, post, type ServeProcess, startServeProcess, storeClient, waitFor } from './serve-process';

/**
 * A pass-through to Loupe on 127.0.0.1 that keeps the status of every answer: how the test sees an exporter's tries,
 * which it retries without telling anyone.
 */
async function recordingProxy(port: number): Promise<{ url: string; statuses: number[]; close: () => Promise<void> }> {
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        statuses.push(answer.statusCode ?? 0);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, statuses, close: () => new Promise((done) => server.close(() => done())) };
}

describe('a full spool', () => {
  let dataDir: string;
  let serve: ServeProcess | null = null;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-full-'));
  });
  afterEach(async () => {
    await serve?.crash();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('answers 503 with Retry-After, and the real exporter gets through once a page stores the backlog', async () => {
    serve = await startServeProcess(dataDir, ['--spool-max-bytes', '256K']);
    const { port } = serve;
    let refused: Awaited<ReturnType<typeof post>> | null = null;
    for (let i = 0; i < 20 && !refused; i++) {
      const reply = await post(port, '/v1/traces', otlpJsonRequest(4, 16 * 1024).body, {
        'content-type': 'application/json',
      });
      if (reply.status === 503) refused = reply;
      else expect(reply.status).toBe(200);
    }
    expect(refused?.headers['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(refused?.body.toString() ?? '{}').message).toContain('--spool-max-bytes');

    const results: number[] = [];
    const proxy = await recordingProxy(port);
    const exporter = new OTLPTraceExporter({ url: `${proxy.url}/v1/traces`, timeoutMillis: 20_000 });
    const recording: SpanExporter = {
      export: (spans: ReadableSpan[], done) =>
        exporter.export(spans, (result) => {
          results.push(result.code);
          done(result);
        }),
      shutdown: () => exporter.shutdown(),
    };
    const provider = new BasicTracerProvider();
    const tracer = provider.getTracer('backpressure-test');
    const spans: ReadableSpan[] = [];
    for (let i = 0; i < 3; i++) {
      const span = tracer.startSpan(`exported ${i}`);
      span.setAttribute('input.value', 'y'.repeat(64 * 1024));
      span.end();
      spans.push(span as unknown as ReadableSpan);
    }
    const exported = new Promise<void>((done) => recording.export(spans, () => done()));
    // Wait until the exporter's first try was refused: a page that acks nothing frees no room, and sees the notice
    // that the spool is full.
    const watcher = await storeClient(serve.pageUrl, { ack: false });
    await eventually(() => expect(proxy.statuses).toContain(503));
    expect(watcher.notices.some((n) => n.includes('is full'))).toBe(true);
    await watcher.close();
    // The exporter is now waiting out a 503; a page that stores and acks everything makes room, and its retry lands.
    const page = await storeClient(serve.pageUrl);
    await exported;
    expect(results).toEqual([0]); // ExportResultCode.SUCCESS
    expect(proxy.statuses.at(-1)).toBe(200);
    const names = () => page.batches.flatMap((b) => b.observations.map((o) => o.name));
    expect(await waitFor(() => names().filter((n) => n.startsWith('exported')).length === 3)).toBe(true);
    expect(serve.output()).not.toContain('Error');
    await page.close();
    await recording.shutdown();
    await proxy.close();
  }, 240_000);
});
