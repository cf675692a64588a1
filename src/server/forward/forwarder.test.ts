import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ForwardingSettings } from '@core/commands/contract';
import { langfuseForwarding } from '@core/forward/upstream-kind';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { afterEach, describe, expect, it } from 'vitest';
import { Forwarder, retryAfterMs } from './forwarder';
import { resolveUpstream } from './upstream';

const SPANS = JSON.stringify({
  resourceSpans: [
    {
      scopeSpans: [
        {
          spans: [
            {
              traceId: '0af7651916cd43dd8448eb211c80319c',
              spanId: 'b7ad6b7169203331',
              name: 'work',
              startTimeUnixNano: '1795376735000000000',
              endTimeUnixNano: '1795376736000000000',
            },
          ],
        },
      ],
    },
  ],
});
const body = () => new TextEncoder().encode(SPANS);

const settings = (over: Partial<ForwardingSettings> = {}): ForwardingSettings => ({
  enabled: true,
  endpoint: 'http://upstream.test:4318',
  protocol: 'otlp-http-protobuf',
  headers: { Authorization: 'Bearer k' },
  ...over,
});

interface Call {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A fake upstream answering each call with the next status of `statuses` (the last one repeats). */
function fakeFetch(statuses: (number | 'down')[], headers: Record<string, string> = {}) {
  const calls: Call[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    const status = statuses[Math.min(calls.length, statuses.length - 1)] as number | 'down';
    calls.push({ url, headers: init.headers as Record<string, string>, body: init.body as Uint8Array });
    if (status === 'down') throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    return new Response(status === 200 ? '{}' : 'nope', { status, headers });
  }) as unknown as typeof fetch;
  return { fn, calls };
}

const dirs: string[] = [];
const forwarders: Forwarder[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-forward-'));
  dirs.push(dir);
  return dir;
}
async function open(s: ForwardingSettings, f: typeof fetch, dir = tempDir(), extra = {}) {
  const forwarder = await Forwarder.open(s, { dir, fetch: f, baseDelayMs: 5, maxDelayMs: 20, ...extra });
  forwarders.push(forwarder);
  return forwarder;
}
async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

afterEach(async () => {
  for (const f of forwarders.splice(0)) await f.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Forwarder', () => {
  it('sends OTLP/JSON to <endpoint>/v1/traces as gzipped protobuf with the configured headers', async () => {
    const upstream = fakeFetch([200]);
    const forwarder = await open(settings(), upstream.fn);
    forwarder.enqueue('otlp-json', body());
    await until(() => forwarder.status().sentBatches === 1);
    const call = upstream.calls[0] as Call;
    expect(call.url).toBe('http://upstream.test:4318/v1/traces');
    expect(call.headers).toMatchObject({
      Authorization: 'Bearer k',
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
    const spans = decodeOtlpTraces(gunzipSync(call.body), 'protobuf');
    expect(spans.map((s) => s.name)).toEqual(['work']);
    expect(forwarder.status()).toMatchObject({ state: 'ok', queuedBatches: 0, lastError: null });
  });

  it('retries while the upstream is down or overloaded, then delivers everything', async () => {
    const upstream = fakeFetch(['down', 503, 429, 200]);
    const forwarder = await open(settings(), upstream.fn);
    forwarder.enqueue('otlp-json', body());
    await until(() => forwarder.status().state === 'retrying');
    expect(forwarder.status().lastError).toMatch(/cannot reach http:\/\/upstream\.test:4318\/v1\/traces: ECONNREFUSED/);
    await until(() => forwarder.status().sentBatches === 1);
    expect(upstream.calls).toHaveLength(4);
    expect(forwarder.status()).toMatchObject({ state: 'ok', queuedBatches: 0 });
  });

  it('drops a request the upstream rejects with a 4xx and says so', async () => {
    const upstream = fakeFetch([401]);
    const forwarder = await open(settings(), upstream.fn);
    forwarder.enqueue('otlp-json', body());
    await until(() => forwarder.status().state === 'failing');
    const status = forwarder.status();
    expect(status.lastError).toMatch(/answered 401: nope \(check the keys or headers\); that request was dropped/);
    expect(status.queuedBatches).toBe(0);
    expect(status.droppedBatches).toBe(1);
    expect(upstream.calls).toHaveLength(1);
  });

  it('keeps the queue on disk across a restart', async () => {
    const dir = tempDir();
    const down = fakeFetch(['down']);
    const first = await open(settings(), down.fn, dir, { baseDelayMs: 60_000, maxDelayMs: 60_000 });
    first.enqueue('otlp-json', body());
    first.enqueue('otlp-json', body());
    await until(() => first.status().queuedBatches === 2 && down.calls.length > 0);
    await first.close();
    expect(readdirSync(dir).sort()).toEqual(['000000000001.otlp-json', '000000000002.otlp-json']);
    const up = fakeFetch([200]);
    const second = await open(settings(), up.fn, dir);
    await until(() => second.status().sentBatches === 2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('drops the oldest requests past the byte bound, for the upstream copy only', async () => {
    const down = fakeFetch(['down']);
    const forwarder = await open(settings(), down.fn, tempDir(), {
      maxBytes: body().byteLength * 2,
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
    });
    for (let i = 0; i < 4; i++) forwarder.enqueue('otlp-json', body());
    await until(() => forwarder.status().droppedBatches === 2);
    expect(forwarder.status().queuedBatches).toBe(2);
    expect(forwarder.status().notes?.join()).toMatch(/2 oldest requests dropped .*local data is unaffected/);
  });

  it('forwards ingestion requests only to a Langfuse upstream, and says when it cannot', async () => {
    const plain = fakeFetch([200]);
    const otlp = await open(settings(), plain.fn);
    otlp.enqueue('ingestion', new TextEncoder().encode('{"batch":[]}'));
    expect(otlp.status().notes?.[0]).toMatch(/1 request from the Langfuse ingestion API .* not forwarded/);

    const lf = fakeFetch([207]);
    const langfuse = await open(
      settings(langfuseForwarding({ host: 'https://cloud.langfuse.com/', publicKey: 'pk-lf-1', secretKey: 'sk-lf-2' })),
      lf.fn,
    );
    langfuse.enqueue('ingestion', new TextEncoder().encode('{"batch":[]}'));
    await until(() => langfuse.status().sentBatches === 1);
    expect(lf.calls[0]?.url).toBe('https://cloud.langfuse.com/api/public/ingestion');
    expect(lf.calls[0]?.headers.Authorization).toBe(`Basic ${btoa('pk-lf-1:sk-lf-2')}`);
  });

  it('converts protobuf to JSON for a JSON upstream', async () => {
    const upstream = fakeFetch([200]);
    const forwarder = await open(settings({ protocol: 'otlp-http-json' }), upstream.fn);
    const { otlpJsonToProtobuf } = await import('@core/export/otlp-wire');
    forwarder.enqueue('otlp-protobuf', otlpJsonToProtobuf(body()));
    await until(() => forwarder.status().sentBatches === 1);
    const sent = JSON.parse(gunzipSync((upstream.calls[0] as Call).body).toString());
    expect(sent.resourceSpans[0].scopeSpans[0].spans[0]).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      startTimeUnixNano: '1795376735000000000',
    });
  });

  it('reports a bad endpoint instead of sending', async () => {
    const upstream = fakeFetch([200]);
    const forwarder = await open(settings({ endpoint: 'localhost 4318' }), upstream.fn);
    forwarder.enqueue('otlp-json', body());
    expect(forwarder.status()).toMatchObject({ state: 'failing' });
    expect(forwarder.status().lastError).toMatch(/is not a URL/);
    forwarder.configure(settings({ enabled: false }));
    expect(forwarder.status().state).toBe('off');
  });
});

describe('upstream URLs and Retry-After', () => {
  it('appends /v1/traces once and recognises a Langfuse host', () => {
    expect(resolveUpstream(settings({ endpoint: 'http://c:4318/' })).tracesUrl).toBe('http://c:4318/v1/traces');
    expect(resolveUpstream(settings({ endpoint: 'http://c:4318/v1/traces' })).tracesUrl).toBe(
      'http://c:4318/v1/traces',
    );
    const lf = resolveUpstream(settings({ endpoint: 'https://lf.example.com/api/public/otel' }));
    expect(lf).toMatchObject({
      tracesUrl: 'https://lf.example.com/api/public/otel/v1/traces',
      ingestionUrl: 'https://lf.example.com/api/public/ingestion',
    });
  });

  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3', 0)).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(retryAfterMs('soon', 0)).toBeNull();
    expect(retryAfterMs(null, 0)).toBeNull();
  });
});
