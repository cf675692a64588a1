import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { otlpJsonRequest, post, type ServeProcess, startServeProcess, storeClient, waitFor } from './serve-process';

describe('the spool under a crash', () => {
  let dataDir: string;
  let serve: ServeProcess | null = null;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-crash-'));
  });
  afterEach(async () => {
    await serve?.crash();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('delivers after a SIGKILL and restart every span that was answered with 2xx', async () => {
    serve = await startServeProcess(dataDir);
    const { port } = serve;
    // A slow page acks some batches before the crash; the rest must come back after it.
    const page = await storeClient(port, { ackDelayMs: 20 });
    const accepted = new Set<string>();
    let stop = false;
    let failures = 0;
    let firstError = '';
    const sender = async () => {
      while (!stop) {
        const { body, spanIds } = otlpJsonRequest(20);
        try {
          const reply = await post(port, '/v1/traces', body, { 'content-type': 'application/json' });
          if (reply.status === 200) for (const id of spanIds) accepted.add(id);
        } catch (error) {
          failures++;
          firstError ||= String(error);
          return;
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    // The receiver answers before decoding: wait until the page has stored something too, so both halves happen.
    const ready = () => accepted.size >= 1000 && page.spanIds().size > 0;
    expect(await waitFor(ready, 60_000), `accepted ${accepted.size}; ${firstError}`).toBe(true);
    await serve.crash();
    stop = true;
    await Promise.all(senders);
    expect(failures).toBeGreaterThan(0);
    expect(accepted.size).toBeGreaterThanOrEqual(1000);
    const beforeCrash = page.spanIds();
    await page.close();

    serve = await startServeProcess(dataDir);
    const after = await storeClient(serve.port);
    const delivered = () => new Set([...beforeCrash, ...after.spanIds()]);
    await waitFor(() => [...accepted].every((id) => delivered().has(id)), 60_000);
    const missing = [...accepted].filter((id) => !delivered().has(id));
    expect(missing).toEqual([]);
    // Both halves of the test happened: the page stored some before the crash, the spool kept the rest.
    expect(beforeCrash.size).toBeGreaterThan(0);
    expect([...accepted].filter((id) => !beforeCrash.has(id)).length).toBeGreaterThan(0);
    // Sequence numbers are those of the first run: replayed batches keep theirs.
    const seqsBefore = new Set(page.batches.map((b) => b.seq));
    expect(after.batches.some((b) => !seqsBefore.has(b.seq) || b.seq <= Math.max(...seqsBefore))).toBe(true);
    await after.close();
  }, 240_000);
});
