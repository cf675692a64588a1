import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openBrowser, repoRoot, startServe } from '../test/e2e/harness';
import { openKit } from './page-kit';
import { BATCH, captureBodies, makeSpans } from './payloads';
import { record } from './results';

/** Requests of 512 spans: 40 of them, about 20k spans, per format and server. */
const REQUESTS = 40;
const CONCURRENCY = 4;

/** Posts every body, `CONCURRENCY` at a time over keep-alive connections; resolves with the elapsed ms. */
async function postAll(url: string, bodies: Buffer[], contentType: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (body: Buffer) =>
    new Promise<void>((done, fail) => {
      const req = request(
        `${url}/v1/traces`,
        { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': body.length } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? done() : fail(new Error(`answered ${res.statusCode}`))));
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) await post(bodies[next++] as Buffer);
    }),
  );
  const ms = performance.now() - started;
  agent.destroy();
  return ms;
}

async function startDiscard(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(repoRoot, 'bench', 'discard-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening on (\S+)/.exec(chunk.toString());
      if (match?.[1]) done(match[1]);
    });
    child.once('exit', (code) => fail(new Error(`the discard server exited with ${code}`)));
  });
  return { url, child };
}

/**
 * The disk's side of durable acceptance: the same bodies appended to a file in the temp directory (where the
 * receiver's spool lives in this run), each followed by an fdatasync, one after the other. Resolves with the ms.
 */
async function appendAndSync(bodies: Buffer[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-disk-'));
  const file = await open(join(dir, 'append.log'), 'a');
  try {
    const started = performance.now();
    for (const body of bodies) {
      await file.write(body);
      await file.datasync();
    }
    return performance.now() - started;
  } finally {
    await file.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const spans = makeSpans(REQUESTS * BATCH);
const spanCount = spans.length;

test('ingest: receiver throughput against a server that discards the body', async () => {
  for (const format of ['protobuf', 'json'] as const) {
    // Each body three times over: a run long enough (about 60k spans) to outweigh timer and scheduling noise.
    const captured = await captureBodies(spans, format);
    const bodies = [...captured, ...captured, ...captured];
    const type = format === 'json' ? 'application/json' : 'application/x-protobuf';
    const warmup = bodies.slice(0, 4);
    const discard = await startDiscard();
    await postAll(discard.url, warmup, type);
    const baselineMs = await postAll(discard.url, bodies, type);
    discard.child.kill();
    const serve = await startServe();
    try {
      await postAll(serve.url, warmup, type);
      const loupeMs = await postAll(serve.url, bodies, type);
      const posted = spanCount * 3;
      const rate = (posted / loupeMs) * 1000;
      const baseline = (posted / baselineMs) * 1000;
      const kb = captured.reduce((n, b) => n + b.length, 0) / spanCount / 1024;
      const diskRate = (posted / (await appendAndSync(bodies))) * 1000;
      const label = format === 'json' ? 'JSON' : 'protobuf';
      record({
        group: 'ingest',
        name: `receiver, OTLP ${format === 'json' ? 'JSON' : 'protobuf'} (${kb.toFixed(1)} KB per span)`,
        value: rate,
        unit: 'spans/s',
        baseline: { name: 'server that reads and discards the body', value: baseline, unit: 'spans/s' },
        target: '≥ 50% of the baseline',
        met: rate / baseline >= 0.5,
        limits: `${REQUESTS * 3} requests of ${BATCH} spans, ${CONCURRENCY} at a time over keep-alive. Before answering, Loupe scans each body (well-formed, span count, ids and start times for partial success) and writes it to the spool with an fsync shared by the requests waiting; decoding and mapping come after the answer, on the way to a page (none is connected here, so they are not in this figure: the SDK-to-store row covers them). Client and server share the two cores. Against the disk alone (the next row) this is ${Math.round((rate / diskRate) * 100)} %. Profiled: without the fsync the receiver reaches about 50% of the discard rate for protobuf; with it, a request waits about 3 ms for its group's fsync, and with only 4 requests in flight that wait, not CPU, sets the rate. JSON is bound by the scan as well (about 1 µs per span).`,
      });
      record({
        group: 'ingest',
        name: `disk: the same OTLP ${label} bodies appended to a file, fdatasync after each`,
        value: diskRate,
        unit: 'spans/s',
        limits:
          'no HTTP and no receiver: what this disk takes when every body must be durable before its answer. The receiver shares one fsync among the requests waiting for it, so it can come close to this or pass it.',
      });
    } finally {
      await serve.stop();
    }
  }
});

test('ingest: SDK to visible in the store, against raw IndexedDB bulkPut of the same records', async () => {
  const bodies = await captureBodies(spans, 'protobuf');
  const serve = await startServe();
  const browser = await openBrowser();
  try {
    const app = await browser.context.newPage();
    await app.goto(serve.url);
    await expect(app.getByTestId('connection-status').or(app.locator('body'))).toBeVisible();
    const kit = await browser.context.newPage();
    await openKit(kit, serve.url);
    const started = performance.now();
    await postAll(serve.url, bodies, 'application/x-protobuf');
    for (;;) {
      const stored = await kit.evaluate(() =>
        (window as never as { loupeBench: { countObservations(): Promise<number> } }).loupeBench.countObservations(),
      );
      if (stored >= spanCount) break;
      await kit.waitForTimeout(25);
    }
    const ms = performance.now() - started;
    await app.close();
    const raw = await kit.evaluate(
      (size) =>
        (
          window as never as { loupeBench: { rawBulkPut(n: number): Promise<{ observations: number; ms: number }> } }
        ).loupeBench.rawBulkPut(size),
      BATCH,
    );
    const rate = (spanCount / ms) * 1000;
    const baseline = (raw.observations / raw.ms) * 1000;
    record({
      group: 'ingest',
      name: 'SDK to visible in the store (OTLP protobuf, headless mode)',
      value: rate,
      unit: 'spans/s',
      baseline: { name: 'raw bulkPut of the same records, same browser', value: baseline, unit: 'spans/s' },
      target: '≥ 70% of the baseline',
      met: rate / baseline >= 0.7,
      limits: `${spanCount} spans posted as the SDK's exporter sends them, timed until the store counts them all. The path: receiver, spool (fsync), WebSocket to the page, the writer's transaction (reading what is stored for each span, merging traces, writing rows, bodies, summaries and generation facts). The baseline writes the very records the writer stored, in transactions of ${BATCH} observations, with nothing to read or merge.`,
    });
  } finally {
    await browser.close();
    await serve.stop();
  }
});
