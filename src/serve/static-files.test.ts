import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler } from './static-files';

let root: string;
let server: Server;
let base: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'loupe-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Loupe</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log("ü");');
  writeFileSync(join(root, 'secret.txt'), 'not outside');
  const handler = createStaticHandler(root);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(root, { recursive: true, force: true });
});

describe('the built renderer, served', () => {
  it('serves an asset whole, typed, cached for good, with its length in bytes', async () => {
    const res = await fetch(`${base}/assets/index-abc.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength('console.log("ü");')));
    expect(await res.text()).toBe('console.log("ü");');
  });

  it('serves index.html for a deep link, and answers HEAD with the length and no body', async () => {
    const page = await fetch(`${base}/trace/abc`);
    expect(await page.text()).toContain('<title>Loupe</title>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const head = await fetch(`${base}/index.html`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('35');
    expect(await head.text()).toBe('');
  });

  it('serves a file again once it changed on disk', async () => {
    const file = join(root, 'assets', 'changing.js');
    writeFileSync(file, 'one');
    utimesSync(file, new Date(1_000_000), new Date(1_000_000));
    expect(await (await fetch(`${base}/assets/changing.js`)).text()).toBe('one');
    writeFileSync(file, 'two, longer');
    utimesSync(file, new Date(2_000_000), new Date(2_000_000));
    expect(await (await fetch(`${base}/assets/changing.js`)).text()).toBe('two, longer');
  });

  it('refuses what is not a file of the build: missing, outside the root, other methods, the API', async () => {
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${base}/index.html`, { method: 'POST' })).status).toBe(405);
    const api = await fetch(`${base}/api/nothing`);
    expect(api.status).toBe(404);
    expect(await api.text()).toBe('No such endpoint: GET /api/nothing');
  });
});
