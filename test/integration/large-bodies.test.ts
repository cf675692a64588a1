import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAN_HERE_BELOW_BYTES } from '../../src/server/convert/scan-thread';
import { otlpJsonRequest, post, type ServeProcess, startServeProcess, storeClient, waitFor } from './serve-process';

/** Bodies big enough to be checked in the server's scan thread, through the server as users run it. */
describe('large OTLP bodies', { timeout: 60_000 }, () => {
  let dataDir: string;
  let serve: ServeProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-large-'));
    serve = await startServeProcess(dataDir);
  }, 180_000);
  afterAll(async () => {
    await serve?.stop();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('are checked, answered and delivered whole, partial success included', async () => {
    const page = await storeClient(serve.pageUrl);
    try {
      const { body, spanIds } = otlpJsonRequest(64, 2048);
      // Two spans partial success rejects: an all-zero span id and no start time.
      const request = JSON.parse(body) as {
        resourceSpans: { scopeSpans: { spans: { spanId: string; startTimeUnixNano?: string }[] }[] }[];
      };
      const spans = request.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
      (spans[0] as { spanId: string }).spanId = '0000000000000000';
      delete spans[1]?.startTimeUnixNano;
      const sent = JSON.stringify(request);
      expect(Buffer.byteLength(sent)).toBeGreaterThan(SCAN_HERE_BELOW_BYTES);
      const reply = await post(serve.port, '/v1/traces', sent, { 'content-type': 'application/json' });
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body.toString())).toMatchObject({
        // OTLP/JSON writes 64-bit integers as strings.
        partialSuccess: { rejectedSpans: '2', errorMessage: expect.stringMatching(/span/) },
      });
      const kept = spanIds.slice(2);
      expect(await waitFor(() => kept.every((id) => page.spanIds().has(id)))).toBe(true);
      const stored = page.batches.flatMap((b) => b.observations);
      expect(stored).toHaveLength(62);
      // The prompt came through byte for byte.
      expect(JSON.stringify(stored)).toContain('x'.repeat(2048));
    } finally {
      await page.close();
    }
  });

  it('that do not decode get 400 naming the problem, and the next body goes through', async () => {
    const { body } = otlpJsonRequest(64, 2048);
    const broken = `${body.slice(0, -2)},}`;
    expect(Buffer.byteLength(broken)).toBeGreaterThan(SCAN_HERE_BELOW_BYTES);
    const reply = await post(serve.port, '/v1/traces', broken, { 'content-type': 'application/json' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body.toString()).message).toMatch(/invalid OTLP\/JSON: .* at byte \d+/);
    const next = await post(serve.port, '/v1/traces', otlpJsonRequest(64, 2048).body, {
      'content-type': 'application/json',
    });
    expect(next.status).toBe(200);
  });
});
