import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OtlpDecodeError } from '@core/otlp/decode';
import { scanOtlpTraces } from '@core/otlp/scan';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAN_HERE_BELOW_BYTES, threadScanner } from '../../src/server/convert/scan-thread';
import { ReceiverError } from '../../src/server/receiver/read-body';
import { repoRoot, startServeProcess } from './serve-process';

/** The worker as the apps run it: built by electron-vite into the out directory (starting serve builds it). */
const workerPath = join(resolve(repoRoot, process.env.LOUPE_OUT_DIR || 'out'), 'main', 'convert-worker.js');

function span(i: number, traceId = 'ab'.repeat(16)): object {
  return {
    traceId,
    spanId: i.toString(16).padStart(16, '0'),
    name: `step ${i}`,
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i)),
    endTimeUnixNano: String(1_700_000_001_000_000_000n + BigInt(i)),
    attributes: [{ key: 'input.value', value: { stringValue: `question ${i} `.repeat(20) } }],
  };
}

/** An OTLP/JSON body of `count` spans; `spans` may replace some of them. */
function body(count: number, patch: (spans: object[]) => void = () => undefined): Buffer {
  const spans = Array.from({ length: count }, (_, i) => span(i + 1));
  patch(spans);
  return Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
}

// Each test starts a worker thread: a second or two on a busy machine, so not the default 5 s.
describe('checking received bodies in a worker thread', { timeout: 60_000 }, () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-scan-'));
    await (await startServeProcess(dataDir)).stop();
  }, 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('counts spans and rejections exactly as the receiving thread would, and hands back the same bytes', async () => {
    const scan = threadScanner(workerPath);
    const input = body(400, (spans) => {
      // Partial success: one span without a valid id, one without a start time.
      Object.assign(spans[3] as object, { spanId: '0000000000000000' });
      delete (spans[7] as { startTimeUnixNano?: string }).startTimeUnixNano;
    });
    expect(input.length).toBeGreaterThan(SCAN_HERE_BELOW_BYTES);
    const copy = Buffer.from(input);
    const expected = scanOtlpTraces(copy, 'json');
    expect(expected).toMatchObject({ spans: 400, rejected: 2 });
    const { scanned, body: back } = await scan(input, 'json');
    expect(scanned).toEqual(expected);
    expect(Buffer.from(back).equals(copy)).toBe(true);
    // Moved to the thread and back, not copied: the buffer passed in no longer holds the bytes.
    expect(input.byteLength).toBe(0);
  });

  it('names the problem of a body that does not decode, as the receiving thread would', async () => {
    const scan = threadScanner(workerPath);
    const broken = Buffer.concat([body(300), Buffer.from('}')]);
    const message = (() => {
      try {
        scanOtlpTraces(Buffer.from(broken), 'json');
      } catch (error) {
        return (error as Error).message;
      }
      return null;
    })();
    expect(message).toMatch(/unexpected data after the JSON value/);
    const failed = scan(broken, 'json');
    await expect(failed).rejects.toBeInstanceOf(OtlpDecodeError);
    await expect(failed).rejects.toThrow(message as string);
    // The thread goes on with the next body.
    expect((await scan(body(300), 'json')).scanned.spans).toBe(300);
  });

  it('copies a body that shares its memory with other bytes, and leaves those alone', async () => {
    const scan = threadScanner(workerPath);
    const whole = Buffer.concat([Buffer.from('prefix'), body(300)]);
    const view = whole.subarray(6);
    const { scanned, body: back } = await scan(view, 'json');
    expect(scanned.spans).toBe(300);
    expect(whole.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(back).equals(view)).toBe(true);
  });

  it('checks a small body in the calling thread', async () => {
    const scan = threadScanner(join(dataDir, 'missing-worker.js'), () => {
      throw new Error('no thread is started for a small body');
    });
    const small = body(2);
    const { scanned, body: back } = await scan(small, 'json');
    expect(scanned.spans).toBe(2);
    expect(back).toBe(small);
  });

  it('checks in the calling thread, with one warning, when the thread cannot start', async () => {
    const problems: string[] = [];
    const scan = threadScanner(join(dataDir, 'missing-worker.js'), (message) => problems.push(message));
    for (let i = 0; i < 2; i++) {
      const { scanned } = await scan(body(300), 'json');
      expect(scanned.spans).toBe(300);
    }
    expect(problems).toEqual([expect.stringMatching(/checking thread .*main thread instead/)]);
  });

  it('answers 503, which exporters retry, for a body the thread held as it stopped; then checks here', async () => {
    const dying = join(dataDir, 'dying-worker.cjs');
    writeFileSync(
      dying,
      "const { parentPort } = require('node:worker_threads');\nparentPort.postMessage('scan-ready');\nparentPort.on('message', () => process.exit(3));\n",
    );
    const problems: string[] = [];
    const scan = threadScanner(dying, (message) => problems.push(message));
    const failed = scan(body(300), 'json');
    await expect(failed).rejects.toBeInstanceOf(ReceiverError);
    await expect(failed).rejects.toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    expect((await scan(body(300), 'json')).scanned.spans).toBe(300);
    expect(problems).toEqual([expect.stringMatching(/checking thread stopped \(exit code 3\)/)]);
  });
});
