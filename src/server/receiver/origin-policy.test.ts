import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestBatch, Notice } from '@core/wire/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/eventually';
import { BatchHub } from '../hub/batch-hub';
import { MediaFiles, mediaIdOf } from '../media/media-files';
import { credentialsSource } from '../settings/credentials';
import { SettingsFile } from '../settings/settings-file';
import { createReceiver } from './http-handler';
import { judgeOrigin } from './origin-policy';

describe('judgeOrigin', () => {
  const host = '127.0.0.1:4318';
  it.each([
    'http://localhost:3000',
    'https://localhost',
    'http://127.0.0.1:5173',
    'http://[::1]:8080',
    'http://app.localhost:3000',
    'http://127.0.0.1:4318',
  ])('allows the loopback page %s', (origin) => {
    expect(judgeOrigin(origin, host, [])).toEqual({ kind: 'allowed', origin });
  });

  it('allows the page Loupe serves itself, under the Host it was reached by', () => {
    expect(judgeOrigin('http://loupe.lan:4318', 'loupe.lan:4318', []).kind).toBe('allowed');
    expect(judgeOrigin('http://loupe.lan:9999', 'loupe.lan:4318', []).kind).toBe('refused');
  });

  it.each([
    'http://evil.example',
    'null',
    'http://localhost.evil.example',
    'http://127.0.0.1.evil.example',
    'file://',
    'chrome-extension://abc',
    'not an origin',
  ])('refuses %s', (origin) => {
    expect(judgeOrigin(origin, host, []).kind).toBe('refused');
  });

  it('allows exactly the extra origins the user listed, or any with "*"', () => {
    expect(judgeOrigin('https://app.example.com', host, ['https://app.example.com/']).kind).toBe('allowed');
    expect(judgeOrigin('https://APP.example.com', host, ['https://app.example.com']).kind).toBe('allowed');
    expect(judgeOrigin('http://app.example.com', host, ['https://app.example.com']).kind).toBe('refused');
    expect(judgeOrigin('https://other.example.com', host, ['https://app.example.com']).kind).toBe('refused');
    expect(judgeOrigin('https://anything.example', host, ['*']).kind).toBe('allowed');
    expect(judgeOrigin(undefined, host, []).kind).toBe('none');
  });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json: () => { code?: number; message?: string; uploadUrl?: string | null };
}

/** One request; with `declaredLength`, headers announce a body that is never sent, to show it is not awaited. */
function call(
  port: number,
  method: string,
  path: string,
  body: string | null,
  headers: Record<string, string> = {},
  declaredLength?: number,
): Promise<Reply> {
  return new Promise((done, fail) => {
    const all = declaredLength === undefined ? headers : { ...headers, 'content-length': String(declaredLength) };
    const req = request({ host: '127.0.0.1', port, method, path, headers: all }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        done({ status: res.statusCode ?? 0, headers: res.headers, body: buf, json: () => JSON.parse(buf.toString()) });
        req.destroy();
      });
    });
    req.on('error', (error) => {
      if (declaredLength === undefined) fail(error);
    });
    if (declaredLength !== undefined) req.flushHeaders();
    else req.end(body ?? undefined);
  });
}

const span = {
  resourceSpans: [
    {
      scopeSpans: [
        {
          spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'injected', startTimeUnixNano: '1000' }],
        },
      ],
    },
  ],
};
const SPAN = JSON.stringify(span);
const EVIL = { origin: 'http://evil.example' };
const basic = (pk: string, sk: string) => ({ authorization: `Basic ${Buffer.from(`${pk}:${sk}`).toString('base64')}` });

describe('browser pages may send only from allowed origins', () => {
  let dir: string;
  let server: Server;
  let port: number;
  let hub: BatchHub;
  let batches: IngestBatch[];
  let notices: Notice[];
  let allowed: string[];
  let media: MediaFiles;
  let credentials: ReturnType<typeof credentialsSource>;
  let receiver: ReturnType<typeof createReceiver>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-origin-'));
    media = new MediaFiles(join(dir, 'media'));
    credentials = credentialsSource(null, new SettingsFile(dir));
    server = createServer((req, res) => {
      if (!receiver(req, res)) res.writeHead(404).end('not ours');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    hub = new BatchHub();
    batches = [];
    notices = [];
    allowed = [];
    hub.attach({ send: (b) => batches.push(b), notice: (n) => notices.push(n) });
    receiver = createReceiver({ hub, media, credentials, allowedOrigins: () => allowed });
    rmSync(join(dir, 'settings.json'), { force: true });
  });

  it('refuses a simple cross-origin post from another site with 403 before reading its body', async () => {
    for (const type of ['text/plain', 'application/json', 'application/x-www-form-urlencoded']) {
      const reply = await call(port, 'POST', '/v1/traces', SPAN, { ...EVIL, 'content-type': type });
      expect(reply.status, type).toBe(403);
      expect(reply.headers['access-control-allow-origin']).toBeUndefined();
      expect(reply.json().message).toContain('"http://evil.example" may not send to Loupe');
    }
    // Headers announcing 10 MB that never come are answered all the same: nothing waited for the body.
    const unread = await call(port, 'POST', '/api/public/ingestion', null, EVIL, 10_000_000);
    expect(unread.status).toBe(403);
    expect(unread.headers.connection).toBe('close');
    expect(batches).toEqual([]);
    // Told once for the episode, not once per request.
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toContain('allowedOrigins');
  });

  it('answers a preflight from another site with 403 saying how to allow it', async () => {
    const reply = await call(port, 'OPTIONS', '/v1/traces', null, {
      ...EVIL,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect(reply.status).toBe(403);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(reply.json().message).toContain('Settings → allowed origins');
    expect(reply.json().message).toContain('"cors": {"allowedOrigins": ["http://evil.example"]}');
  });

  it('takes posts from loopback pages, answering with their origin and vary: origin', async () => {
    const origin = 'http://localhost:5173';
    const reply = await call(port, 'POST', '/v1/traces', SPAN, { origin, 'content-type': 'application/json' });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe(origin);
    expect(reply.headers.vary).toBe('origin');
    const refused = await call(port, 'POST', '/v1/traces', '{', { origin, 'content-type': 'application/json' });
    expect(refused.status).toBe(400);
    // Errors too, so that the SDK in the page can read why.
    expect(refused.headers['access-control-allow-origin']).toBe(origin);
    // Also those answered before the body is read, such as a type the route does not take.
    const untyped = await call(port, 'POST', '/v1/traces', SPAN, { origin, 'content-type': 'text/plain' });
    expect(untyped.status).toBe(415);
    expect(untyped.headers['access-control-allow-origin']).toBe(origin);
    await eventually(() => expect(batches).toHaveLength(1));
  });

  it('takes posts from the origins the user allowed, asked per request, and from any with "*"', async () => {
    const origin = 'https://app.example.com';
    const headers = { origin, 'content-type': 'application/json' };
    expect((await call(port, 'POST', '/v1/traces', SPAN, headers)).status).toBe(403);
    allowed = [origin];
    const reply = await call(port, 'POST', '/v1/traces', SPAN, headers);
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe(origin);
    allowed = ['*'];
    const any = await call(port, 'POST', '/v1/traces', SPAN, { ...headers, origin: 'https://elsewhere.example' });
    expect(any.headers['access-control-allow-origin']).toBe('https://elsewhere.example');
    await eventually(() => expect(batches).toHaveLength(2));
  });

  it('leaves requests without an Origin (SDKs outside browsers) as they were', async () => {
    const reply = await call(port, 'POST', '/v1/traces', SPAN, { 'content-type': 'application/json' });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    await eventually(() => expect(batches).toHaveLength(1));
  });

  it('keeps other sites from probing which media are stored', async () => {
    const bytes = Buffer.from('stored image');
    const sha256Hash = createHash('sha256').update(bytes).digest('base64');
    const mediaId = mediaIdOf(sha256Hash);
    const announce = JSON.stringify({ contentType: 'image/png', contentLength: bytes.length, sha256Hash });
    const json = { 'content-type': 'application/json' };
    expect((await call(port, 'POST', '/api/public/media', announce, json)).status).toBe(201);
    expect((await call(port, 'PUT', `/api/public/media/${mediaId}/upload`, bytes.toString(), {})).status).toBe(200);
    for (const [method, path] of [
      ['POST', '/api/public/media'],
      ['PATCH', `/api/public/media/${mediaId}`],
      ['GET', `/api/public/media/${mediaId}`],
      ['PATCH', '/api/public/media/AAAAAAAAAAAAAAAAAAAAAA'],
    ] as const) {
      const reply = await call(port, method, path, method === 'GET' ? null : announce, { ...EVIL, ...json });
      expect(reply.status, `${method} ${path}`).toBe(403);
      expect(reply.body.toString()).not.toContain('uploadUrl');
    }
  });

  it('answers whether media are stored only to senders with the keys, once keys are set', async () => {
    const bytes = Buffer.from('another image');
    const sha256Hash = createHash('sha256').update(bytes).digest('base64');
    const mediaId = mediaIdOf(sha256Hash);
    const announce = JSON.stringify({ contentType: 'image/png', contentLength: bytes.length, sha256Hash });
    const json = { 'content-type': 'application/json' };
    expect((await call(port, 'POST', '/api/public/media', announce, json)).status).toBe(201);
    expect((await call(port, 'PUT', `/api/public/media/${mediaId}/upload`, bytes.toString(), {})).status).toBe(200);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ publicKey: 'pk-1', secretKey: 'sk-1' }));
    const probes = [
      ['POST', '/api/public/media', announce],
      ['GET', `/api/public/media/${mediaId}`, null],
      ['PATCH', `/api/public/media/${mediaId}`, '{}'],
      ['PATCH', '/api/public/media/AAAAAAAAAAAAAAAAAAAAAA', '{}'],
    ] as const;
    for (const [method, path, body] of probes) {
      const reply = await call(port, method, path, body, json);
      expect(reply.status, `${method} ${path}`).toBe(401);
      expect(reply.body.toString()).not.toContain('uploadUrl');
    }
    const keys = { ...json, ...basic('pk-1', 'sk-1') };
    const known = await call(port, 'POST', '/api/public/media', announce, keys);
    expect(known.json().uploadUrl).toBeNull();
    expect((await call(port, 'GET', `/api/public/media/${mediaId}`, null, keys)).status).toBe(200);
    expect((await call(port, 'PATCH', `/api/public/media/${mediaId}`, '{}', keys)).status).toBe(204);
    expect((await call(port, 'PATCH', '/api/public/media/AAAAAAAAAAAAAAAAAAAAAA', '{}', keys)).status).toBe(404);
  });
});
