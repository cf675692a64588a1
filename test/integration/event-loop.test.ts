import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchHub } from '../../src/server/hub/batch-hub';
import { createReceiver } from '../../src/server/receiver/http-handler';
import { Spool } from '../../src/server/spool/spool';
import { post } from './serve-process';

function request(index: number, spans: number): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  const list = Array.from({ length: spans }, (_, i) => ({
    traceId: (index + 1).toString(16).padStart(32, '0'),
    spanId: (index * spans + i + 1).toString(16).padStart(16, '0'),
    parentSpanId: i === 0 ? undefined : (index * spans + 1).toString(16).padStart(16, '0'),
    name: `chat gpt-4o ${i}`,
    kind: 3,
    startTimeUnixNano: String(now + BigInt(i) * 1000n),
    endTimeUnixNano: String(now + BigInt(i) * 1000n + 500_000n),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: 120 } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: 40 } },
      { key: 'input.value', value: { stringValue: `question ${i} `.repeat(20) } },
      { key: 'output.value', value: { stringValue: `answer ${i} `.repeat(20) } },
    ],
    status: { code: 0 },
  }));
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'load' }, spans: list }] }],
  });
}

/** A bounded load through the real receiver and spool, with a consumer that stores nothing (it never acks). */
describe('ingesting under load', () => {
  let dir: string;
  let server: Server;
  let port: number;
  let hub: BatchHub;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-load-'));
    hub = new BatchHub({ store: await Spool.open({ dir }) });
    hub.attach({ send: () => undefined });
    const receiver = createReceiver({ hub });
    server = createServer((req, res) => {
      if (!receiver(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await hub.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('keeps the event loop responsive through 200 requests of 500 spans while nobody acks', async () => {
    const bodies = Array.from({ length: 10 }, (_, i) => request(i, 500));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    for (let round = 0; round < 50; round++) {
      const replies = await Promise.all(
        [0, 1, 2, 3].map((k) =>
          post(port, '/v1/traces', bodies[(round * 4 + k) % bodies.length] as string, {
            'content-type': 'application/json',
          }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    }
    delay.disable();
    // All 200 wait in the spool on disk; the hub holds a few numbers per batch, never the batches.
    expect(hub.pendingCount).toBe(200);
    expect(delay.max / 1e6, 'longest event-loop stall, in ms').toBeLessThan(50);
  }, 120_000);
});
