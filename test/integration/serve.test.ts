import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OtherProfile, ServerMessage } from '@core/wire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually } from '../eventually';
import { pageSocket } from './serve-process';

const repoRoot = resolve(__dirname, '..', '..');
const fixtures = resolve(repoRoot, '..', 'shared', 'fixtures', 'otlp');
const READY =
  /^Loupe is listening on http:\/\/127\.0\.0\.1:(\d+)\/ \(OTLP endpoint: http:\/\/127\.0\.0\.1:(\d+), OTLP\/gRPC: 127\.0\.0\.1:\d+\)$/m;

function httpGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; type: string; body: string; headers: IncomingHttpHeaders }>((done, fail) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body, headers: res.headers }),
      );
    })
      .on('error', fail)
      .end();
  });
}

function postFixture(port: number, name: string): Promise<number> {
  const meta = JSON.parse(readFileSync(join(fixtures, `${name}.meta.json`), 'utf8'));
  const headers: Record<string, string> = { 'content-type': meta.headers['content-type'] };
  if (meta.headers['content-encoding']) headers['content-encoding'] = meta.headers['content-encoding'];
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: meta.path, headers }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end(readFileSync(join(fixtures, `${name}.body`)));
  });
}

/** A WebSocket client that queues what the server sends, so a test can wait for the next message. */
async function connect(pageUrl: string, profile?: string) {
  const ws = pageSocket(pageUrl, profile);
  const queue: ServerMessage[] = [];
  const elsewhere: OtherProfile[][] = [];
  let wake: (() => void) | null = null;
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    // How much waits to be stored, and where else it was, come whenever they change: these tests read the other
    // messages in order.
    if (message.type === 'backlog') return;
    if (message.type === 'elsewhere') {
      elsewhere.push(message.profiles);
      return;
    }
    queue.push(message);
    wake?.();
  });
  await new Promise((done, fail) => {
    ws.once('open', done);
    ws.once('error', fail);
  });
  const next = async (timeoutMs = 30_000): Promise<ServerMessage | null> => {
    const deadline = Date.now() + timeoutMs;
    while (queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((done) => {
        wake = done;
        setTimeout(done, left);
      });
    }
    return queue.shift() ?? null;
  };
  const close = () =>
    new Promise((done) => {
      ws.once('close', done);
      ws.close();
    });
  return { ws, next, close, elsewhere };
}

describe('npm run serve', () => {
  let child: ChildProcess;
  let dataDir: string;
  let output = '';
  let port = 0;
  let pageUrl = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-serve-test-'));
    // Through the same wrapper users run: it builds when out/ is missing or stale, then starts out/main/serve.js.
    child = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0', '--grpc-port', '0', '--data-dir', dataDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`serve did not get ready:\n${output}`)), 170_000);
      const check = () => {
        const match = READY.exec(output);
        const link = /^Open Loupe in your browser: (\S+)$/m.exec(output);
        if (!match || !link?.[1]) return;
        clearTimeout(timer);
        port = Number(match[1]);
        pageUrl = link[1];
        expect(match[2]).toBe(match[1]);
        done();
      };
      child.stdout?.on('data', check);
      child.once('exit', (code) => fail(new Error(`serve exited early with ${code}:\n${output}`)));
    });
  }, 180_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('prints one ready line and records where it listens', () => {
    expect(output.match(/listening on/g)).toHaveLength(1);
    const info = JSON.parse(readFileSync(join(dataDir, 'serve.json'), 'utf8'));
    expect(info).toMatchObject({ pid: expect.any(Number), host: '127.0.0.1', port });
  });

  it('serves the built UI, its assets, and index.html for deep links, but nothing outside it', async () => {
    const index = await httpGet(port, '/');
    expect(index.status).toBe(200);
    expect(index.type).toContain('text/html');
    expect(index.body).toMatch(/<html/i);
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(script).toBeDefined();
    const asset = await httpGet(port, `/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.type).toContain('text/javascript');
    const deep = await httpGet(port, '/traces/abc');
    expect(deep.body).toBe(index.body);
    expect((await httpGet(port, '/missing.js')).status).toBe(404);
    // Deep links fall back to the UI; API paths nobody answers do not.
    expect((await httpGet(port, '/api/loupe/nothing-here')).status).toBe(404);
    const traversal = await httpGet(port, '/..%2fpackage.json');
    expect(traversal.status).toBe(404);
    expect(traversal.body).not.toContain('"devDependencies"');
    expect((await httpGet(port, '/', { host: 'evil.example' })).status).toBe(403);
  });

  it('streams batches to a WebSocket client, and forgets them once acked', async () => {
    const client = await connect(pageUrl);
    const info = await client.next();
    expect(info).toEqual({
      type: 'info',
      info: { host: '127.0.0.1', port, endpoint: `http://127.0.0.1:${port}`, grpcPort: expect.any(Number) },
    });
    expect(await postFixture(port, 'otel-json/001')).toBe(200);
    const message = await client.next();
    expect(message?.type).toBe('batch');
    if (message?.type !== 'batch') return;
    expect(message.batch.observations).toHaveLength(7);
    expect(message.batch.source).toBe('otlp-json /v1/traces');
    client.ws.send(JSON.stringify({ type: 'ack', seq: message.batch.seq }));

    // Not acked: a batch goes to the next client when this one leaves.
    expect(await postFixture(port, 'otel-proto-gzip/001')).toBe(200);
    const unacked = await client.next();
    expect(unacked?.type).toBe('batch');
    await client.close();

    const again = await connect(pageUrl);
    expect((await again.next())?.type).toBe('info');
    const redelivered = await again.next();
    expect(redelivered?.type === 'batch' && redelivered.batch.seq).toBe(unacked?.type === 'batch' && unacked.batch.seq);
    expect(await again.next(300)).toBeNull();
    await again.close();
  });

  it("refuses WebSocket connections from anything but Loupe's own page holding this launch's key", async () => {
    const upgrade = (options: WebSocket.ClientOptions) =>
      new Promise<number>((done) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, options);
        ws.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          done(101);
        });
        ws.on('error', () => undefined);
      });
    const key = new URL(pageUrl).searchParams.get('key');
    const cookie = `loupe-key-${port}=${key}`;
    const own = `http://127.0.0.1:${port}`;
    // Another web page, even one that somehow held the key.
    expect(await upgrade({ origin: 'http://evil.example', headers: { cookie } })).toBe(403);
    // A local process: no Origin, or the page's Origin without the key, or a guessed key.
    expect(await upgrade({ headers: { cookie } })).toBe(403);
    expect(await upgrade({ origin: own })).toBe(403);
    expect(await upgrade({ origin: own, headers: { cookie: `loupe-key-${port}=guessed` } })).toBe(403);
    expect(await upgrade({ origin: own, headers: { cookie } })).toBe(101);
  });

  it('tells a page in another browser profile where the traces it received went', async () => {
    const first = await connect(pageUrl, 'profile-first-0001');
    expect((await first.next())?.type).toBe('info');
    expect(await postFixture(port, 'otel-json/001')).toBe(200);
    const batch = await first.next();
    if (batch?.type !== 'batch') throw new Error(`expected a batch, got ${batch?.type}`);
    first.ws.send(JSON.stringify({ type: 'ack', seq: batch.batch.seq }));
    await first.close();

    const second = await connect(pageUrl, 'profile-second-001');
    await eventually(() =>
      expect(second.elsewhere.at(-1)).toEqual(
        expect.arrayContaining([{ browser: expect.any(String), spans: 7, lastAt: expect.any(Number) }]),
      ),
    );
    await second.close();
  });

  it('turns the printed link into a cookie for this origin, and sends other loopback names to that origin', async () => {
    const link = new URL(pageUrl);
    const signIn = await httpGet(port, `/${link.search}`);
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe('/');
    expect(String(signIn.headers['set-cookie'])).toMatch(
      new RegExp(`^loupe-key-${port}=${link.searchParams.get('key')}; Path=/; HttpOnly; SameSite=Strict`),
    );
    const stale = await httpGet(port, '/?key=from-an-earlier-launch&x=1');
    expect(stale.status).toBe(303);
    expect(stale.headers.location).toBe('/?x=1');
    expect(stale.headers['set-cookie']).toBeUndefined();
    const elsewhere = await httpGet(port, '/assets/x.js?y=2', { host: `localhost:${port}` });
    expect(elsewhere.status).toBe(308);
    expect(elsewhere.headers.location).toBe(`http://127.0.0.1:${port}/assets/x.js?y=2`);
    const serveInfo = join(dataDir, 'serve.json');
    expect(JSON.parse(readFileSync(serveInfo, 'utf8')).pageUrl).toBe(pageUrl);
    expect(statSync(serveInfo).mode & 0o077).toBe(0);
  });

  it('fails clearly when an explicit port is taken', async () => {
    const second = spawn(
      process.execPath,
      ['out/main/serve.js', '--port', String(port), '--grpc-port', '0', '--data-dir', dataDir],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    second.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise((done) => second.once('exit', done));
    expect(code).toBe(1);
    expect(err).toContain(
      `Loupe: port ${port} is in use by another process, so Loupe cannot receive traces: free port ${port}, or choose another with --port`,
    );
  });

  it('exits cleanly on SIGTERM and removes serve.json', async () => {
    const exited = new Promise<[number | null, string | null]>((done) =>
      child.once('exit', (code, signal) => done([code, signal])),
    );
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
    expect(existsSync(join(dataDir, 'serve.json'))).toBe(false);
  });
});
