import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeHandle, startServe } from './server';

describe('POST /api/loupe/commands/<op>', () => {
  let dataDir: string;
  let handle: ServeHandle;
  let base: string;
  /** What Loupe's own page sends: the cookie its link set. */
  let pageCookie: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-commands-'));
    handle = await startServe(
      {
        host: '127.0.0.1',
        port: 0,
        portExplicit: true,
        grpc: null,
        dataDir,
        spoolMaxBytes: 1024 ** 2,
        credentials: null,
      },
      join(dataDir, 'no-ui'),
    );
    base = handle.info.endpoint;
    const link = new URL(handle.pageUrl);
    pageCookie = `loupe-key-${link.port}=${link.searchParams.get('key')}`;
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // biome-ignore lint/suspicious/noExplicitAny: test reads of JSON answers
  const json = async (response: Response): Promise<any> => response.json();
  const post = (op: string, arg: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/loupe/commands/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-loupe-ui': '1', origin: base, cookie: pageCookie, ...headers },
      body: JSON.stringify({ arg }),
    });

  it('reads and saves settings, writing settings.json', async () => {
    const saved = await post('updateSettings', { theme: 'dark', retention: { maxAgeDays: 14 } });
    expect(saved.status).toBe(200);
    expect((await json(saved)).result).toMatchObject({ theme: 'dark', retention: { maxAgeDays: 14 } });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'dark' });
    const read = await json(await post('getSettings', null));
    expect(read.result.theme).toBe('dark');
  });

  it('answers a bad setting with 400 and the message', async () => {
    const response = await post('updateSettings', { port: 99999 });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatch(/port must be a whole number from 1 to 65535/);
  });

  it('sends the self-test trace through its own receiver', async () => {
    const delivered: string[] = [];
    const detach = handle.hub.attach({
      send: (batch) => {
        delivered.push(...batch.observations.map((o) => `${o.traceId}/${o.type}`));
        handle.hub.ack(batch.seq);
      },
      notice: () => undefined,
    });
    try {
      const response = await post('sendSampleTrace', null);
      expect(response.status).toBe(200);
      const { traceId } = (await json(response)).result;
      await expect
        .poll(() => delivered.filter((d) => d.startsWith(traceId)).sort())
        .toEqual([`${traceId}/AGENT`, `${traceId}/GENERATION`, `${traceId}/TOOL`]);
    } finally {
      detach();
    }
  });

  it('never answers with the secret key, only whether one is set', async () => {
    const saved = await json(await post('updateSettings', { publicKey: 'pk-lf-1', secretKey: 'sk-lf-very-secret' }));
    expect(saved.result).toMatchObject({ publicKey: 'pk-lf-1', secretKeySet: true });
    const read = await post('getSettings', null);
    const text = await read.text();
    expect(text).not.toContain('sk-lf-very-secret');
    expect(JSON.parse(text).result.secretKeySet).toBe(true);
    // Changing the public key alone keeps the secret one.
    await post('updateSettings', { publicKey: 'pk-lf-2' });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({
      publicKey: 'pk-lf-2',
      secretKey: 'sk-lf-very-secret',
    });
    await post('updateSettings', { publicKey: '', secretKey: '' });
  });

  it("refuses whoever is not Loupe's own page: no key, a wrong key, no Origin, another origin", async () => {
    const noKey = await post('getSettings', null, { cookie: '' });
    expect(noKey.status).toBe(403);
    expect((await json(noKey)).error).toContain(`open the link Loupe printed when it started (${handle.pageUrl})`);
    const port = new URL(base).port;
    expect((await post('getSettings', null, { cookie: `loupe-key-${port}=guessed` })).status).toBe(403);
    const noOrigin = await fetch(`${base}/api/loupe/commands/getSettings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-loupe-ui': '1', cookie: pageCookie },
      body: '{"arg":null}',
    });
    expect(noOrigin.status).toBe(403);
    expect((await post('getSettings', null, { origin: 'http://localhost:1' })).status).toBe(403);
  });

  it('refuses requests without the page header, from another origin, or not JSON', async () => {
    expect((await post('getSettings', null, { 'x-loupe-ui': '' })).status).toBe(403);
    expect((await post('getSettings', null, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('getSettings', null, { 'content-type': 'text/plain' })).status).toBe(415);
    const get = await fetch(`${base}/api/loupe/commands/getSettings`);
    expect(get.status).toBe(405);
  });

  it('answers an unknown command with 404 and bad JSON with 400', async () => {
    expect((await post('formatDisk', null)).status).toBe(404);
    const bad = await fetch(`${base}/api/loupe/commands/getSettings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-loupe-ui': '1', origin: base, cookie: pageCookie },
      body: '{"arg":',
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatch(/not valid JSON/);
  });
});
