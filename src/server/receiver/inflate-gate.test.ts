import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Notice } from '@core/wire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchHub } from '../hub/batch-hub';
import { createReceiver } from './http-handler';
import { InflateGate, sharedInflateGate } from './inflate-gate';
import { DEFAULT_LIMITS, DecompressBusyError, decompress, INFLATE_CHUNK_BYTES, ReceiverError } from './read-body';

const MiB = 1024 * 1024;
const bomb = gzipSync(Buffer.alloc(64 * MiB), { level: 9 });

describe('InflateGate', () => {
  it('lets a few in at once, queues the next ones in order, and refuses past the queue', async () => {
    const gate = new InflateGate({ concurrency: 2, queue: 1, budgetBytes: 10 * MiB });
    const first = await gate.enter();
    const second = await gate.enter();
    const order: string[] = [];
    const third = gate.enter()?.then((leave) => {
      order.push('third');
      return leave;
    });
    expect(third).toBeDefined();
    expect(gate.enter()).toBeNull();
    expect(gate.stats).toEqual({ active: 2, waiting: 1, heldBytes: 0 });
    first?.();
    first?.(); // twice is once
    (await third)?.();
    expect(order).toEqual(['third']);
    second?.();
    expect(gate.stats).toEqual({ active: 0, waiting: 0, heldBytes: 0 });
  });

  it('tells the first refusal of a busy spell only, and starts over once nothing waits', async () => {
    const gate = new InflateGate({ concurrency: 1, queue: 0, budgetBytes: MiB });
    const leave = await gate.enter();
    expect(gate.enter()).toBeNull();
    expect(gate.refuse()).toBe(true);
    expect(gate.refuse()).toBe(false);
    leave?.();
    expect(gate.refuse()).toBe(true);
  });

  it('keeps the inflated bytes held together under the budget, but lets a request alone reach its own limit', () => {
    const gate = new InflateGate({ concurrency: 2, queue: 0, budgetBytes: 10 });
    expect(gate.reserve(8, 0)).toBe(true);
    expect(gate.reserve(8, 8)).toBe(true); // alone: only its own limit counts
    expect(gate.reserve(1, 0)).toBe(false); // another request, with 16 held already
    gate.release(16);
    expect(gate.reserve(6, 0)).toBe(true);
    expect(gate.reserve(4, 0)).toBe(true);
    expect(gate.reserve(1, 4)).toBe(false);
  });
});

describe('decompress', () => {
  it('stops inflating within one buffer of the limit, and gives back what it held', async () => {
    const asked: number[] = [];
    const gate = new (class extends InflateGate {
      override reserve(bytes: number, own: number): boolean {
        asked.push(own + bytes);
        return super.reserve(bytes, own);
      }
    })({ concurrency: 1, queue: 0, budgetBytes: 256 * MiB });
    const limits = { ...DEFAULT_LIMITS, maxDecompressedBytes: 4 * MiB };
    const error = await decompress(bomb, 'gzip', limits, gate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReceiverError);
    expect((error as ReceiverError).status).toBe(413);
    expect((error as ReceiverError).message).toContain('maxDecompressedBytes');
    expect(Math.max(...asked)).toBeLessThanOrEqual(limits.maxDecompressedBytes);
    expect(asked.length).toBeLessThanOrEqual(limits.maxDecompressedBytes / INFLATE_CHUNK_BYTES + 1);
    expect(gate.stats).toEqual({ active: 0, waiting: 0, heldBytes: 0 });
  });

  it('inflates what fits, through the queue, and refuses with 503 and Retry-After when the queue is full', async () => {
    const gate = new InflateGate({ concurrency: 1, queue: 1, budgetBytes: 256 * MiB });
    const small = gzipSync(Buffer.from('{"resourceSpans":[]}'));
    const held = await gate.enter();
    const waiting = decompress(small, 'gzip', DEFAULT_LIMITS, gate);
    const refused = await decompress(small, 'gzip', DEFAULT_LIMITS, gate).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DecompressBusyError);
    expect((refused as DecompressBusyError).status).toBe(503);
    expect((refused as DecompressBusyError).headers['retry-after']).toBe('2');
    expect((refused as DecompressBusyError).startsEpisode).toBe(true);
    held?.();
    expect((await waiting).toString()).toBe('{"resourceSpans":[]}');
    expect(gate.stats).toEqual({ active: 0, waiting: 0, heldBytes: 0 });
  });

  it('refuses with 503 a request that would take the bytes held together past the budget', async () => {
    const gate = new InflateGate({ concurrency: 2, queue: 0, budgetBytes: 2 * MiB });
    // Another request already holds the whole budget.
    expect(gate.reserve(2 * MiB, 0)).toBe(true);
    const refused = await decompress(bomb, 'gzip', DEFAULT_LIMITS, gate).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DecompressBusyError);
    expect((refused as DecompressBusyError).message).toContain('would hold more than 2 MiB');
    expect(gate.stats.heldBytes).toBe(2 * MiB);
  });
});

describe('busy decompression over HTTP', () => {
  let server: Server;
  let port: number;
  const notices: Notice[] = [];

  beforeAll(async () => {
    const hub = new BatchHub();
    hub.attach({ send: () => undefined, notice: (n) => notices.push(n) });
    const receiver = createReceiver({ hub });
    server = createServer((req, res) => {
      if (!receiver(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  const post = (body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, unknown>; json: { code: number; message: string } }>(
      (done, fail) => {
        const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/traces', headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            done({
              status: res.statusCode ?? 0,
              headers: res.headers,
              json: JSON.parse(Buffer.concat(chunks).toString()),
            }),
          );
        });
        req.on('error', fail);
        req.end(body);
      },
    );

  it('answers 503 with Retry-After and a Status body while every turn and queue place is taken, told once', async () => {
    const { concurrency, queue } = sharedInflateGate.options;
    const turns = await Promise.all(Array.from({ length: concurrency }, () => sharedInflateGate.enter()));
    const queued = Array.from({ length: queue }, () => sharedInflateGate.enter());
    const body = gzipSync(Buffer.from('{"resourceSpans":[]}'));
    const first = await post(body);
    const second = await post(body);
    for (const reply of [first, second]) {
      expect(reply.status).toBe(503);
      expect(reply.headers['retry-after']).toBe('2');
      expect(reply.json.code).toBe(14);
      expect(reply.json.message).toContain('retry after 2 s');
    }
    expect(notices.filter((n) => n.message.includes('Loupe is busy'))).toHaveLength(1);
    for (const leave of turns) leave?.();
    for (const turn of queued) (await turn)?.();
    expect(sharedInflateGate.stats).toEqual({ active: 0, waiting: 0, heldBytes: 0 });
    expect((await post(body)).status).toBe(200);
  });
});
