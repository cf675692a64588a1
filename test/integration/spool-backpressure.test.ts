import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../eventually';
import { otlpJsonRequest, post, type ServeProcess, startServeProcess, storeClient, waitFor } from './serve-process';

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
    const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces`, timeoutMillis: 20_000 });
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
    // Wait until the exporter's first try was refused: a page that acks nothing sees the notices (the posts' refusal
    // first, replayed to it, then the exporter's) and frees no room.
    const rejected = (notices: string[]) => notices.filter((n) => n.includes('Rejected POST /v1/traces (503)'));
    const watcher = await storeClient(port, { ack: false });
    await eventually(() => expect(rejected(watcher.notices).length).toBeGreaterThanOrEqual(2));
    await watcher.close();
    // The exporter is now waiting out a 503; a page that stores and acks everything makes room.
    const page = await storeClient(port);
    await exported;
    expect(results).toEqual([0]); // ExportResultCode.SUCCESS
    // Refused at least once more than by the posts above: the exporter's first try, which it then retried.
    const refusals = rejected(page.notices);
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    const names = () => page.batches.flatMap((b) => b.observations.map((o) => o.name));
    expect(await waitFor(() => names().filter((n) => n.startsWith('exported')).length === 3)).toBe(true);
    expect(serve.output()).not.toContain('Error');
    await page.close();
    await recording.shutdown();
  }, 240_000);
});
