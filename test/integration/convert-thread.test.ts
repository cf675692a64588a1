import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { withPriceOverrides } from '@core/cost/compute-cost';
import { unpackObservation } from '@core/model/packed-values';
import type { Observation } from '@core/model/types';
import { type BatchText, type IngestBatch, type Notice, toBatchText } from '@core/wire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadConverter } from '../../src/server/convert/convert-thread';
import { otlpConverter } from '../../src/server/convert/otlp-convert';
import type { RawOtlpBatch } from '../../src/server/spool/batch-spool';
import { fixturesDir, repoRoot, startServeProcess } from './serve-process';

/** The worker as the apps run it: built by electron-vite into the out directory (starting serve builds it). */
const workerPath = join(resolve(repoRoot, process.env.LOUPE_OUT_DIR || 'out'), 'main', 'convert-worker.js');

function batch(name: string, format: 'json' | 'protobuf'): RawOtlpBatch {
  const body = readFileSync(join(fixturesDir, `${name}.body`));
  return { seq: 7, receivedAt: 1, source: `otlp-${format} /v1/traces`, raw: { format, path: '/v1/traces', body } };
}

function generation(model: string, input: number, output: number): object {
  return {
    traceId: 'ab'.repeat(16),
    spanId: 'cd'.repeat(8),
    name: `chat ${model}`,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000001000000000',
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.request.model', value: { stringValue: model } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: input } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: output } },
    ],
  };
}

/** The batch a writer gets: the text the thread made, parsed as the store worker parses it. */
const received = (batch: IngestBatch | BatchText): IngestBatch =>
  (JSON.parse(toBatchText(batch).text) as { batch: IngestBatch }).batch;

function jsonBatch(spans: object[]): RawOtlpBatch {
  const body = Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
  return { seq: 1, receivedAt: 1, source: 'otlp-json /v1/traces', raw: { format: 'json', path: '/v1/traces', body } };
}

// Each test starts a worker thread: a second or two on a busy machine, so not the default 5 s.
describe('decoding received bodies in a worker thread', { timeout: 60_000 }, () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-convert-'));
    await (await startServeProcess(dataDir)).stop();
  }, 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['otel-proto-gzip/001', 'protobuf'],
    ['otel-json/001', 'json'],
    ['langfuse-v5/004', 'json'],
  ] as const)('maps %s exactly as the main process would', async (name, format) => {
    const notices: Notice['message'][] = [];
    const convert = threadConverter(workerPath);
    const input = batch(name, format);
    // The gzip fixture is stored compressed, as sent; the receiver inflates bodies before spooling them.
    if (name.includes('gzip')) {
      const { gunzipSync } = await import('node:zlib');
      input.raw.body = gunzipSync(input.raw.body);
    }
    const inThread = await convert(input, (_level, message) => notices.push(message));
    const inProcess = await otlpConverter()(input, () => undefined);
    expect(received(inThread).observations.length).toBeGreaterThan(0);
    // The very text the main process would have sent.
    expect(toBatchText(inThread)).toEqual(toBatchText(inProcess));
    expect(notices).toEqual([]);
  });

  it("prices with the user's table, and picks up a changed one", async () => {
    let table = withPriceOverrides([{ id: 'mine', match: '^my-model$', prices: { input: 0.001, output: 0.002 } }]);
    const convert = threadConverter(workerPath, { prices: () => table });
    const first = await convert(jsonBatch([generation('my-model', 100, 10)]), () => undefined);
    expect(received(first).observations[0]?.cost.total).toBeCloseTo(0.12);
    table = withPriceOverrides([{ id: 'mine', match: '^my-model$', prices: { input: 0.01, output: 0.02 } }]);
    const second = await convert(jsonBatch([generation('my-model', 100, 10)]), () => undefined);
    expect(received(second).observations[0]?.cost.total).toBeCloseTo(1.2);
  });

  it('reports a body that does not decode, and goes on with the next', async () => {
    const convert = threadConverter(workerPath);
    const broken = jsonBatch([]);
    broken.raw.body = Buffer.from('{"resourceSpans": 7}');
    await expect(convert(broken, () => undefined)).rejects.toThrow(/resourceSpans/);
    const next = await convert(jsonBatch([generation('gpt-4o', 1, 1)]), () => undefined);
    expect(received(next).observations).toHaveLength(1);
  });

  it('cuts oversized values in the thread and says so', async () => {
    const notices: string[] = [];
    const convert = threadConverter(workerPath, { maxValueBytes: 1024 });
    const span = generation('gpt-4o', 1, 1) as { attributes: object[] };
    span.attributes.push({ key: 'input.value', value: { stringValue: 'x'.repeat(5000) } });
    const out = await convert(jsonBatch([span]), (_level, message) => notices.push(message));
    // The input is the attribute's text, so it reaches the store as that attribute (packed-values.ts).
    const o = unpackObservation(received(out).observations[0] as Observation);
    expect(String(o.input)).toContain('truncated by Loupe');
    expect(notices).toEqual([expect.stringContaining('1 attribute value was larger than 1 KiB')]);
  });

  it('decodes in the main process, with one warning, when the thread cannot start', async () => {
    const notices: [string, string][] = [];
    const convert = threadConverter(join(dataDir, 'missing-worker.js'));
    for (let i = 0; i < 2; i++) {
      const out = await convert(jsonBatch([generation('gpt-4o', 1, 1)]), (level, message) =>
        notices.push([level, message]),
      );
      expect(received(out).observations).toHaveLength(1);
    }
    expect(notices).toEqual([['warning', expect.stringMatching(/decoding thread .*main process instead/)]]);
  });
});
