import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestBatch, ServerMessage } from '@core/wire/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { otlpJsonRequest, pageSocket, post, type ServeProcess, startServeProcess } from './serve-process';

/** Something to wait for without polling: `until` resolves once `check` holds, looked at again on every `changed()`. */
function conditions() {
  const waiting = new Set<{ check: () => boolean; done: () => void }>();
  return {
    changed(): void {
      for (const w of [...waiting]) {
        if (!w.check()) continue;
        waiting.delete(w);
        w.done();
      }
    },
    until(check: () => boolean): Promise<void> {
      if (check()) return Promise.resolve();
      return new Promise((done) => waiting.add({ check, done }));
    },
  };
}

/**
 * A headless page stand-in on `/ws` that acks only the first `acks` batches it gets, then stops acking: a writer
 * that hangs. The hub then sends it no more than its window of unacked batches, so everything accepted after that
 * is only in the spool. `closed` resolves when the server's side of the connection is gone.
 */
async function page(pageUrl: string, acks: number, changed: () => void) {
  const ws = pageSocket(pageUrl);
  const batches: IngestBatch[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as ServerMessage;
    if (msg.type !== 'batch') return;
    batches.push(msg.batch);
    if (batches.length <= acks) ws.send(JSON.stringify({ type: 'ack', seq: msg.batch.seq }));
    changed();
  });
  const closed = new Promise<void>((done) => ws.once('close', () => done()));
  await new Promise((done, fail) => {
    ws.once('open', done);
    ws.once('error', fail);
  });
  const spanIds = () => new Set(batches.flatMap((b) => b.observations.map((o) => o.id)));
  const close = () => {
    if (ws.readyState !== WebSocket.CLOSED) ws.close();
    return closed;
  };
  return { batches, spanIds, closed, close };
}

const ACKED_BEFORE_CRASH = 3;

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
    const state = conditions();
    const first = await page(serve.pageUrl, ACKED_BEFORE_CRASH, state.changed);
    const accepted = new Set<string>();
    // Each sender posts until a request fails, which only the crash makes happen: a sender that has returned has
    // seen the server gone.
    const sender = async (): Promise<string> => {
      for (;;) {
        const { body, spanIds } = otlpJsonRequest(20);
        try {
          const reply = await post(port, '/v1/traces', body, { 'content-type': 'application/json' });
          if (reply.status === 200) for (const id of spanIds) accepted.add(id);
          state.changed();
        } catch (error) {
          return String(error);
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    const endedEarly = Promise.race(senders).then((error) => {
      throw new Error(`a sender failed before the crash: ${error}`);
    });
    // Crash once all three kinds of batches exist: acked by the page, sent to it and not acked, and only spooled
    // (the page holds at most its acks and the hub's window of 16, far fewer than the 50 requests accepted).
    const ready = () => accepted.size >= 1000 && first.batches.length > ACKED_BEFORE_CRASH;
    await Promise.race([state.until(ready), endedEarly]);
    endedEarly.catch(() => undefined);

    await serve.crash();
    // The server is gone once its sockets are: the page's connection closes and every sender's next request fails.
    await first.closed;
    await Promise.all(senders);
    const beforeCrash = first.spanIds();
    const unacked = first.batches.slice(ACKED_BEFORE_CRASH);
    expect(beforeCrash.size).toBeGreaterThan(0);
    expect(unacked.length).toBeGreaterThan(0);
    expect(accepted.size).toBeGreaterThanOrEqual(1000);
    const onlySpooled = [...accepted].filter((id) => !beforeCrash.has(id));
    expect(onlySpooled.length).toBeGreaterThan(0);

    serve = await startServeProcess(dataDir);
    const after = await page(serve.pageUrl, Number.POSITIVE_INFINITY, state.changed);
    const missing = () => {
      const delivered = new Set([...beforeCrash, ...after.spanIds()]);
      return [...accepted].filter((id) => !delivered.has(id));
    };
    const restarted = serve;
    const serverExited = new Promise<void>((_, fail) =>
      restarted.child.once('exit', (code) => fail(new Error(`the restarted server exited with ${code}`))),
    );
    serverExited.catch(() => undefined);
    // Done as soon as the last span is in; the deadline only bounds a failure, so that it shows what is missing.
    const deadline = new Promise<void>((done) => setTimeout(done, 120_000).unref());
    await Promise.race([state.until(() => missing().length === 0), serverExited, deadline]);
    expect(missing()).toEqual([]);
    const afterRestart = after.spanIds();
    expect(onlySpooled.filter((id) => !afterRestart.has(id))).toEqual([]);
    // Batches sent and not acked before the crash come back with their sequence numbers and their spans.
    const replayed = new Map(after.batches.map((b) => [b.seq, b]));
    for (const batch of unacked) {
      const ids = (b: IngestBatch | undefined) => b?.observations.map((o) => o.id).sort();
      expect(ids(replayed.get(batch.seq)), `batch #${batch.seq}`).toEqual(ids(batch));
    }
    await after.close();
  }, 240_000);
});
