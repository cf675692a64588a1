import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRICE_TABLE, findPrice } from '@core/cost/compute-cost';
import type { IngestBatch, Notice } from '@core/wire/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/eventually';
import { post } from '../../../test/integration/serve-process';
import { BatchHub } from '../hub/batch-hub';
import { createReceiver } from '../receiver/http-handler';
import { priceTableSource } from './prices-source';
import { SettingsFile } from './settings-file';

/** The price table over settings.json in the test's directory; problems with the file and the prices both go to `notify`. */
const pricesIn = (directory: string, notify: (message: string) => void = () => {}) =>
  priceTableSource(new SettingsFile(directory, notify), notify);

let dir: string;
let writes = 0;

/** Writes settings.json with a distinct mtime each time, as a later save would have. */
function writeSettings(settings: unknown): void {
  const path = join(dir, 'settings.json');
  writeFileSync(path, typeof settings === 'string' ? settings : JSON.stringify(settings));
  writes++;
  utimesSync(path, 1_700_000_000 + writes, 1_700_000_000 + writes);
}

const MY_MODEL = { modelName: 'my-model', matchPattern: '(?i)^my-model$', prices: { input: 0.001, output: 0.002 } };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-prices-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('priceTableSource', () => {
  it('uses the built-in table without a data directory or settings file', () => {
    expect(priceTableSource(null)()).toBe(DEFAULT_PRICE_TABLE);
    expect(pricesIn(dir)()).toBe(DEFAULT_PRICE_TABLE);
  });

  it('puts the settings prices in front of the built-in ones and reads them again when the file changes', () => {
    const source = pricesIn(dir);
    writeSettings({ publicKey: 'pk', secretKey: 'sk', prices: [MY_MODEL] });
    const table = source();
    expect(findPrice('MY-MODEL', table)?.id).toBe('my-model');
    expect(findPrice('gpt-4o', table)?.id).toBe('gpt-4o');
    expect(source()).toBe(table);
    writeSettings({ prices: [] });
    expect(source()).toBe(DEFAULT_PRICE_TABLE);
  });

  it('reports a problem in the file as soon as it is created, before any request', () => {
    const notices: string[] = [];
    writeSettings({ prices: [{ modelName: '' }] });
    pricesIn(dir, (m) => notices.push(m));
    expect(notices).toEqual([expect.stringContaining('prices[0] (""): modelName must be a non-empty text')]);
  });

  it('applies the valid entries, skips the others and says so once per distinct problem', () => {
    const notices: string[] = [];
    const source = pricesIn(dir, (m) => notices.push(m));
    writeSettings({ prices: [MY_MODEL, { modelName: 'typo', prices: { input: 3 } }] });
    expect(findPrice('my-model', source())?.id).toBe('my-model');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('1 model price in settings.json skipped');
    expect(notices[0]).toContain('prices[1] ("typo"): prices.input is 3 USD per token');
    writeSettings({ theme: 'dark', prices: [MY_MODEL, { modelName: 'typo', prices: { input: 3 } }] });
    source();
    expect(notices).toHaveLength(1);
    writeSettings('{"prices": [');
    expect(source()).toBe(DEFAULT_PRICE_TABLE);
    expect(notices[1]).toMatch(
      /settings\.json could not be read \(.*JSON.*\): Loupe uses its default settings until the file is fixed or removed/,
    );
    writeSettings({ prices: 'cheap' });
    source();
    expect(notices[2]).toContain('prices must be an array of entries');
  });
});

describe('receiver with price overrides', () => {
  let server: Server;
  let port: number;
  let hub: BatchHub;
  let batches: IngestBatch[];
  let notices: Notice[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const receiver = createReceiver({
        hub,
        limits: { maxValueBytes: 1000 },
        prices: pricesIn(dir, (m) => hub.notice('warning', m)),
      });
      if (!receiver(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });
  beforeEach(() => {
    hub = new BatchHub();
    batches = [];
    notices = [];
    hub.attach({ send: (b) => batches.push(b), notice: (n) => notices.push(n) });
  });

  it('prices OTLP spans and ingestion observations with the user’s prices', async () => {
    writeSettings({ prices: [MY_MODEL] });
    const span = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      name: 'chat my-model',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000001000000000',
      attributes: [
        { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
        { key: 'gen_ai.request.model', value: { stringValue: 'my-model' } },
        { key: 'gen_ai.usage.input_tokens', value: { intValue: 10 } },
        { key: 'gen_ai.usage.output_tokens', value: { intValue: 5 } },
      ],
    };
    const otlp = await post(
      port,
      '/v1/traces',
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }),
      {
        'content-type': 'application/json',
      },
    );
    expect(otlp.status).toBe(200);
    const ingestion = await post(
      port,
      '/api/public/ingestion',
      JSON.stringify({
        batch: [
          {
            id: 'e1',
            type: 'generation-create',
            timestamp: '2026-01-01T00:00:00Z',
            body: {
              id: 'g1',
              traceId: 't1',
              model: 'my-model',
              usage: { input: 1, output: 1 },
              output: 'é'.repeat(600),
            },
          },
        ],
      }),
      { 'content-type': 'application/json' },
    );
    expect(ingestion.status).toBe(207);
    await eventually(() => expect(batches).toHaveLength(2));
    const [fromOtlp, fromIngestion] = batches.map((b) => b.observations[0]);
    expect(fromOtlp).toMatchObject({ costSource: 'computed', cost: { input: 0.01, output: 0.01, total: 0.02 } });
    expect(fromIngestion).toMatchObject({
      costSource: 'computed',
      cost: { input: 0.001, output: 0.002, total: 0.003 },
    });
    // 1,200 bytes of output, over the 1,000-byte cap of this receiver: cut and reported.
    expect(fromIngestion?.output).toBe(`${'é'.repeat(500)}…[truncated by Loupe: 1.2 KiB → 1000 B]`);
    expect(notices.map((n) => n.message)).toEqual([
      '1 value was larger than 1000 B in POST /api/public/ingestion; Loupe kept the start of each, marked "truncated by Loupe"',
    ]);
  });
});
