import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { IngestBatch, Notice } from '@core/wire/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/eventually';
import { post } from '../../../test/integration/serve-process';
import { BatchHub } from '../hub/batch-hub';
import { createReceiver } from './http-handler';

const fixtures = resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'otlp');

describe('Langfuse ingestion endpoint', () => {
  let server: Server;
  let port: number;
  let hub: BatchHub;
  let batches: IngestBatch[];
  let notices: Notice[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!createReceiver({ hub })(req, res)) res.writeHead(404).end();
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

  const ingest = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    post(port, '/api/public/ingestion', typeof body === 'string' ? body : JSON.stringify(body), headers);

  it('accepts the legacy SDK capture as one batch and answers 207 with every event created', async () => {
    const body = readFileSync(resolve(fixtures, 'langfuse-v3', '001.body'));
    const reply = await post(port, '/api/public/ingestion', gzipSync(body), {
      'content-type': 'application/json; charset=utf-8',
      'content-encoding': 'gzip',
    });
    expect(reply.status).toBe(207);
    const result = JSON.parse(reply.body.toString());
    expect(result.errors).toEqual([]);
    expect(result.successes).toHaveLength(19);
    expect(result.successes[0]).toEqual({ id: 'c2243555-7f0c-434c-86f5-86726fc2b03a', status: 201 });
    await eventually(() => expect(batches).toHaveLength(1));
    expect(batches[0]?.source).toBe('langfuse-ingestion /api/public/ingestion');
    expect(batches[0]?.observations).toHaveLength(13);
    expect(batches[0]?.traces).toHaveLength(3);
    expect(batches[0]?.scores).toHaveLength(3);
    expect(batches[0]?.observations.every((o) => Array.isArray(o.partial))).toBe(true);
  });

  it('reports the events it cannot use in errors, stores the others, and drops sdk-log', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const reply = await ingest(
      `{"batch":[${[
        JSON.stringify({
          id: 'ok',
          type: 'span-create',
          timestamp: '2026-01-01T00:00:00Z',
          body: { id: 's', traceId: 't' },
        }),
        JSON.stringify({ id: 'log', type: 'sdk-log', timestamp: '2026-01-01T00:00:00Z', body: { log: 'x' } }),
        JSON.stringify({ id: 'no-trace', type: 'span-create', body: { id: 's2' } }),
        JSON.stringify({ id: 'odd', type: 'dataset-create', body: {} }),
        JSON.stringify({ id: 'bad-time', type: 'span-update', body: { id: 's', traceId: 't', endTime: 'soon' } }),
        `{"id":"deep","type":"span-create","body":{"id":"d","traceId":"t","input":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
      ].join(',')}]}`,
    );
    expect(reply.status).toBe(207);
    const result = JSON.parse(reply.body.toString());
    expect(result.successes).toEqual([
      { id: 'ok', status: 201 },
      { id: 'log', status: 201 },
    ]);
    expect(result.errors).toEqual([
      { id: 'no-trace', status: 400, message: expect.stringContaining('body.traceId is missing') },
      { id: 'odd', status: 400, message: 'unknown event type "dataset-create"' },
      {
        id: 'bad-time',
        status: 400,
        message: 'body.endTime is not a timestamp: "soon"; send ISO 8601 text or epoch milliseconds',
      },
      { id: 'deep', status: 400, message: expect.stringContaining('nests deeper than 200 levels') },
    ]);
    await eventually(() => expect(batches.map((b) => b.observations.map((o) => o.id))).toEqual([['s']]));
    expect(notices[0]?.message).toContain('Langfuse ingestion: 4 of 6 events rejected');
  });

  it('refuses each event with a time outside 1970..2200, naming the field, and stores the rest', async () => {
    const event = (id: string, body: object, extra: object = {}) => ({ id, type: 'generation-create', body, ...extra });
    const reply = await ingest({
      batch: [
        event('far-start', { id: 'g1', traceId: 't', startTime: 1e300 }),
        event('far-end', { id: 'g2', traceId: 't', endTime: '9999-01-01T00:00:00Z' }),
        event('early-completion', { id: 'g3', traceId: 't', completionStartTime: -1 }),
        event('far-timestamp', { id: 'g4', traceId: 't' }, { timestamp: 1e300 }),
        event('fine', { id: 'g5', traceId: 't', startTime: '2026-01-01T00:00:00Z', completionStartTime: null }),
      ],
    });
    expect(reply.status).toBe(207);
    const result = JSON.parse(reply.body.toString());
    expect(result.successes).toEqual([{ id: 'fine', status: 201 }]);
    expect(result.errors).toEqual([
      { id: 'far-start', status: 400, message: expect.stringContaining('body.startTime 1e+300 is after 2200-01-01') },
      {
        id: 'far-end',
        status: 400,
        message: expect.stringContaining('body.endTime "9999-01-01T00:00:00Z" is after 2200-01-01'),
      },
      {
        id: 'early-completion',
        status: 400,
        message: expect.stringContaining('body.completionStartTime -1 is before 1970-01-01'),
      },
      { id: 'far-timestamp', status: 400, message: expect.stringContaining('timestamp 1e+300 is after 2200-01-01') },
    ]);
    await eventually(() => expect(batches.map((b) => b.observations.map((o) => o.id))).toEqual([['g5']]));
  });

  it('answers a body that is not an envelope with 400, and other content types with 415', async () => {
    const notJson = await ingest('{"batch": [');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body.toString()).message).toContain('not valid JSON');
    const badUtf8 = await post(port, '/api/public/ingestion', Buffer.from([0x7b, 0xff, 0x7d]), {
      'content-type': 'application/json',
    });
    expect(badUtf8.status).toBe(400);
    const noBatch = await ingest({ events: [] });
    expect(noBatch.status).toBe(400);
    expect(JSON.parse(noBatch.body.toString()).message).toContain('"batch" array');
    const text = await ingest('x', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(batches).toEqual([]);
  });
});
