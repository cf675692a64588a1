import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_TIME_MS } from '@core/otlp/wire-notes';
import type { IngestBatch } from '@core/wire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/eventually';
import { BatchHub } from '../hub/batch-hub';
import { createReceiver } from './http-handler';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function post(port: number, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const bytes = Buffer.from(JSON.stringify(body));
  return new Promise((done, fail) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }));
      },
    );
    req.on('error', fail);
    req.end(bytes);
  });
}

const span = (spanId: string, overrides: Record<string, unknown> = {}) => ({
  traceId: TRACE,
  spanId,
  name: 'chat gpt-4',
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000001000000000',
  ...overrides,
});

describe('an OTLP/HTTP span with a time past 2200', () => {
  let server: Server;
  let port: number;
  const hub = new BatchHub();
  const batches: IngestBatch[] = [];
  const notices: string[] = [];

  beforeAll(async () => {
    hub.attach({ send: (b) => batches.push(b), notice: (n) => notices.push(n.message) });
    server = createServer((req, res) => {
      if (!createReceiver({ hub })(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  it('is rejected by partial success naming it and the field; the other spans are stored with placeable times', async () => {
    const reply = await post(port, '/v1/traces', {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                span('00f067aa0ba902b7'),
                span('00f067aa0ba902b8', { startTimeUnixNano: '99999999999999999999999' }),
                span('00f067aa0ba902b9', { attributes: [{ key: 'x', value: { intValue: 'many' } }] }),
              ],
            },
          ],
        },
      ],
    });
    expect(reply.status).toBe(200);
    const { partialSuccess } = reply.json as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(partialSuccess.rejectedSpans).toBe('1');
    expect(partialSuccess.errorMessage).toContain(
      `span #1 ${TRACE}/00f067aa0ba902b8 ("chat gpt-4"): startTimeUnixNano 99999999999999999999999 is after 2200-01-01`,
    );
    expect(partialSuccess.errorMessage).toContain(
      '1 attribute value was dropped (stored as null): resourceSpans[0].scopeSpans[0].spans[2].attributes[0] (key "x")',
    );
    await eventually(() => expect(batches.flatMap((b) => b.observations)).toHaveLength(2));
    const stored = batches.flatMap((b) => b.observations);
    expect(stored.map((o) => o.id)).toEqual(['00f067aa0ba902b7', '00f067aa0ba902b9']);
    for (const o of stored) expect(o.startTime).toBeLessThanOrEqual(MAX_TIME_MS);
  });

  it('tells the user of values dropped from spans it kept, though it rejected none', async () => {
    const reply = await post(port, '/v1/traces', {
      resourceSpans: [
        {
          scopeSpans: [{ spans: [span('00f067aa0ba902c1', { attributes: [{ key: 'n', value: { intValue: {} } }] })] }],
        },
      ],
    });
    const { partialSuccess } = reply.json as { partialSuccess: { rejectedSpans?: string; errorMessage: string } };
    expect(Number(partialSuccess.rejectedSpans ?? 0)).toBe(0);
    expect(partialSuccess.errorMessage).toContain('1 attribute value was dropped');
    await eventually(() =>
      expect(notices).toContainEqual(expect.stringMatching(/^Accepted .* with changes: 1 attribute value was dropped/)),
    );
  });
});
