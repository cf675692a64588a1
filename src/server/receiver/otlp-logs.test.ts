import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { exportLogsServiceResponse } from '@core/otlp/proto-root';
import type { IngestBatch, Notice } from '@core/wire/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/eventually';
import { BatchHub } from '../hub/batch-hub';
import { createReceiver } from './http-handler';

const fixtures = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'otlp');
const capture = (folder: string) => readFileSync(resolve(fixtures, folder, '001.body'));

describe('OTLP logs over HTTP', () => {
  let server: Server;
  let url: string;
  let hub: BatchHub;
  let batches: IngestBatch[];
  let notices: Notice[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!createReceiver({ hub })(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((done) => server.close(done)));
  beforeEach(() => {
    hub = new BatchHub();
    batches = [];
    notices = [];
    hub.attach({ send: (b) => batches.push(b), notice: (n) => notices.push(n) });
  });

  it.each([
    ['otel-openai-logs-proto', 'application/x-protobuf', '/v1/logs'],
    ['otel-openai-logs-json', 'application/json', '/api/public/otel/v1/logs'],
  ])('keeps the records of %s and hands them to the writer', async (folder, type, path) => {
    const reply = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, 'content-encoding': 'gzip' },
      body: gzipSync(capture(folder)),
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe(type);
    await eventually(() => expect(batches).toHaveLength(1));
    const logs = batches[0]?.logs ?? [];
    expect(logs).toHaveLength(14);
    expect(logs.filter((r) => r.eventName === 'gen_ai.choice')).toHaveLength(4);
    expect(batches[0]?.observations).toEqual([]);
    expect(notices).toEqual([]);
  });

  it('answers a partial success naming the records it could not place, and keeps the rest', async () => {
    const body = JSON.stringify({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                { body: { stringValue: 'kept' }, traceId: '5b8efff798038103d269b633813fc60c' },
                { body: { stringValue: 'refused' }, traceId: 'not-hex' },
              ],
            },
          ],
        },
      ],
    });
    const json = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(await json.json()).toEqual({
      partialSuccess: { rejectedLogRecords: '1', errorMessage: expect.stringContaining('log record #1') },
    });
    await eventually(() => expect(batches).toHaveLength(1));
    expect(batches[0]?.logs?.map((r) => r.body)).toEqual(['kept']);
    expect(notices[0]?.message).toContain('Partly accepted POST /v1/logs: 1 of 2 log records rejected');
  });

  it('encodes the partial success in protobuf for protobuf senders', async () => {
    const proto = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: capture('otel-openai-logs-proto'),
    });
    const decoded = exportLogsServiceResponse().decode(new Uint8Array(await proto.arrayBuffer()));
    expect(exportLogsServiceResponse().toObject(decoded)).toEqual({});
  });

  it('refuses a body that is not a log export with 400 and says why', async () => {
    const reply = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceLogs": {"oops": 1}}',
    });
    expect(reply.status).toBe(400);
    expect(((await reply.json()) as { message: string }).message).toContain('request.resourceLogs must be an array');
    expect(notices[0]?.message).toContain('Rejected POST /v1/logs (400)');
    expect(batches).toEqual([]);
  });
});
