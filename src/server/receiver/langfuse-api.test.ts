import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchHub } from '../hub/batch-hub';
import { MediaFiles, mediaIdOf } from '../media/media-files';
import { credentialsSource } from '../settings/credentials';
import { SettingsFile } from '../settings/settings-file';
import { createReceiver } from './http-handler';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json: () => Record<string, unknown>;
}

function call(
  port: number,
  method: string,
  path: string,
  body?: Buffer | string,
  headers: Record<string, string> = {},
) {
  return new Promise<Reply>((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        done({ status: res.statusCode ?? 0, headers: res.headers, body: buf, json: () => JSON.parse(buf.toString()) });
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const basic = (pk: string, sk: string) => ({ authorization: `Basic ${Buffer.from(`${pk}:${sk}`).toString('base64')}` });

describe('Langfuse API endpoints, keys, Host and CORS', () => {
  let dir: string;
  let server: Server;
  let port: number;
  let hub: BatchHub;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-api-'));
    const media = new MediaFiles(join(dir, 'media'));
    const credentials = credentialsSource(null, new SettingsFile(dir));
    server = createServer((req, res) => {
      if (!createReceiver({ hub, media, credentials })(req, res)) res.writeHead(404).end('not ours');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    hub = new BatchHub();
    rmSync(join(dir, 'settings.json'), { force: true });
  });

  it('takes a media upload the way the SDKs send it, and serves the bytes back with their type', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100, 7)]);
    const sha256Hash = createHash('sha256').update(png).digest('base64');
    const mediaId = mediaIdOf(sha256Hash);
    expect(mediaId).toBe(createHash('sha256').update(png).digest('base64url').slice(0, 22));
    const announce = {
      traceId: 't1',
      observationId: 'o1',
      contentType: 'image/png',
      contentLength: png.length,
      sha256Hash,
      field: 'input',
    };
    const first = await call(port, 'POST', '/api/public/media', JSON.stringify(announce), JSON_TYPE);
    expect(first.status).toBe(201);
    expect(first.json()).toEqual({ mediaId, uploadUrl: `http://127.0.0.1:${port}/api/public/media/${mediaId}/upload` });
    expect((await call(port, 'GET', `/media/${mediaId}`)).status).toBe(404);

    const uploadPath = new URL(first.json().uploadUrl as string).pathname;
    const wrong = await call(port, 'PUT', uploadPath, Buffer.from('other'), { 'content-type': 'image/png' });
    expect(wrong.status).toBe(400);
    expect(wrong.json().message).toContain('not the announced');
    const put = await call(port, 'PUT', uploadPath, png, {
      'content-type': 'image/png',
      'x-amz-checksum-sha256': sha256Hash,
    });
    expect(put.status).toBe(200);
    const patch = await call(
      port,
      'PATCH',
      `/api/public/media/${mediaId}`,
      JSON.stringify({ uploadedAt: new Date().toISOString(), uploadHttpStatus: 200, uploadTimeMs: 3 }),
      JSON_TYPE,
    );
    expect(patch.status).toBe(204);

    const bytes = await call(port, 'GET', `/media/${mediaId}`);
    expect(bytes.status).toBe(200);
    expect(bytes.headers['content-type']).toBe('image/png');
    expect(bytes.headers['content-security-policy']).toContain('sandbox');
    expect(bytes.body.equals(png)).toBe(true);
    const described = await call(port, 'GET', `/api/public/media/${mediaId}`);
    expect(described.json()).toMatchObject({ mediaId, contentType: 'image/png', contentLength: png.length });
    expect(described.json().url).toBe(`http://127.0.0.1:${port}/media/${mediaId}`);

    const again = await call(port, 'POST', '/api/public/media', JSON.stringify(announce), JSON_TYPE);
    expect(again.json()).toEqual({ mediaId, uploadUrl: null });
  });

  it('refuses a media contentType that is no media type with 400 naming contentType', async () => {
    const sha256Hash = createHash('sha256').update('x').digest('base64');
    for (const contentType of ['image/png\r\nx-evil: 1', 'image', 'image/png; a b']) {
      const announce = { contentType, contentLength: 1, sha256Hash };
      const reply = await call(port, 'POST', '/api/public/media', JSON.stringify(announce), JSON_TYPE);
      expect(reply.status, contentType).toBe(400);
      expect(reply.json().message).toContain('"contentType"');
      expect(reply.json().message).toContain('such as image/png');
    }
  });

  it('serves media stored with a broken type as application/octet-stream, and refuses to upload its bytes', async () => {
    const bytes = Buffer.from('stored before types were checked');
    const sha256Hash = createHash('sha256').update(bytes).digest('base64');
    const mediaId = mediaIdOf(sha256Hash);
    const info = { mediaId, contentLength: bytes.length, sha256Hash, traceId: null, observationId: null, field: null };
    const media = new MediaFiles(join(dir, 'media'));
    await media.describe({ ...info, contentType: 'image/png', uploadedAt: null });
    expect(await media.upload(mediaId, bytes)).toBeNull();
    const stored = await media.info(mediaId);
    await media.describe({ ...info, contentType: 'image/png\r\nx-evil: 1', uploadedAt: stored?.uploadedAt ?? null });
    for (const method of ['GET', 'HEAD']) {
      const reply = await call(port, method, `/media/${mediaId}`);
      expect(reply.status, method).toBe(200);
      expect(reply.headers['content-type']).toBe('application/octet-stream');
      expect(reply.headers['x-evil']).toBeUndefined();
    }
    const upload = await call(port, 'PUT', `/api/public/media/${mediaId}/upload`, bytes);
    expect(upload.status).toBe(400);
    expect(upload.json().message).toContain('"contentType"');
  });

  it('answers prompt fetches with 404 and a message, and names the local project', async () => {
    const prompt = await call(port, 'GET', '/api/public/v2/prompts/my%20prompt?label=production');
    expect(prompt.status).toBe(404);
    expect(prompt.json().message).toContain('prompt "my prompt"');
    const projects = await call(port, 'GET', '/api/public/projects');
    expect(projects.json()).toEqual({ data: [{ id: 'loupe-local', name: 'Loupe (local)', metadata: {} }] });
  });

  it('enforces keys from settings.json once set, with 401 and a message, but never on health or media bytes', async () => {
    const body = JSON.stringify({ batch: [] });
    expect((await call(port, 'POST', '/api/public/ingestion', body, JSON_TYPE)).status).toBe(207);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ publicKey: 'pk-1', secretKey: 'sk-1' }));
    const denied = await call(port, 'POST', '/api/public/ingestion', body, { ...JSON_TYPE, ...basic('pk-1', 'nope') });
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toBe('Basic realm="Loupe"');
    expect(denied.json().message).toContain('set up with keys');
    const otlp = await call(port, 'POST', '/v1/traces', '{}', JSON_TYPE);
    expect(otlp.status).toBe(401);
    const allowed = await call(port, 'POST', '/api/public/ingestion', body, { ...JSON_TYPE, ...basic('pk-1', 'sk-1') });
    expect(allowed.status).toBe(207);
    const bearer = await call(port, 'POST', '/v1/traces', '{}', { ...JSON_TYPE, authorization: 'Bearer sk-1' });
    expect(bearer.status).toBe(200);
    expect((await call(port, 'GET', '/api/public/health')).status).toBe(200);
    expect((await call(port, 'GET', '/media/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  it('refuses a foreign Host on every path with 403 (DNS rebinding)', async () => {
    for (const [method, path] of [
      ['GET', '/api/public/health'],
      ['POST', '/v1/traces'],
      ['GET', '/media/AAAAAAAAAAAAAAAAAAAAAA'],
      ['OPTIONS', '/api/public/ingestion'],
    ] as const) {
      const reply = await call(port, method, path, undefined, { host: 'evil.example:4318' });
      expect(reply.status).toBe(403);
      expect(reply.json().message).toContain('Host "evil.example:4318" is not this Loupe');
    }
    expect((await call(port, 'GET', '/api/public/health', undefined, { host: 'localhost:4318' })).status).toBe(200);
  });

  it('answers CORS preflights for sending paths only, and exposes nothing stored cross-origin', async () => {
    const ask = (path: string, method: string) =>
      call(port, 'OPTIONS', path, undefined, {
        origin: 'http://app.localhost:5173',
        'access-control-request-method': method,
        'access-control-request-headers': 'content-type, authorization',
      });
    for (const path of ['/v1/traces', '/api/public/otel/v1/traces', '/api/public/ingestion', '/api/public/media']) {
      const reply = await ask(path, 'POST');
      expect(reply.status).toBe(204);
      expect(reply.headers['access-control-allow-origin']).toBe('http://app.localhost:5173');
      expect(reply.headers['access-control-allow-methods']).toBe('POST');
    }
    expect((await ask('/media/AAAAAAAAAAAAAAAAAAAAAA', 'GET')).headers['access-control-allow-origin']).toBeUndefined();
    expect((await ask('/api/public/projects', 'GET')).headers['access-control-allow-origin']).toBeUndefined();
    const read = await call(port, 'GET', '/api/public/projects', undefined, { origin: 'http://app.localhost:5173' });
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });
});
