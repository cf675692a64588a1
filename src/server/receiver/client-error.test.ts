import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoupeServer, startServer } from '../start-server';

/** Writes raw bytes, as a broken or hostile client would, and collects everything until the server closes. */
function rawExchange(port: number, data: string): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', fail);
    socket.on('close', () => done(Buffer.concat(chunks).toString('latin1')));
  });
}

function statusLine(reply: string): string {
  return reply.split('\r\n', 1)[0] ?? '';
}

function bodyOf(reply: string): string {
  return reply.slice(reply.indexOf('\r\n\r\n') + 4);
}

describe('malformed HTTP gets a status naming the problem, then the connection closes', () => {
  let dataDir: string;
  let server: LoupeServer;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-client-error-'));
    // Short timeouts so that the slow client is answered without a minute's wait; the test checks what, not when.
    server = await startServer({
      dataDir,
      port: 0,
      strictPort: true,
      portHint: '--port',
      grpc: null,
      grpcHint: { port: '--grpc-port', turnOn: 'start Loupe without --no-grpc' },
      timeouts: { headersMs: 200, requestMs: 400, checkEveryMs: 50 },
    });
    port = server.info?.port ?? 0;
  });

  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 100 KB of headers with 431', async () => {
    const reply = await rawExchange(
      port,
      `GET /api/public/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`,
    );
    expect(statusLine(reply)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(reply.toLowerCase()).toContain('\r\nconnection: close\r\n');
    expect(bodyOf(reply)).toContain('send fewer or shorter headers');
  });

  it('answers Content-Length with Transfer-Encoding with 400 naming both', async () => {
    const reply = await rawExchange(
      port,
      'POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    expect(statusLine(reply)).toBe('HTTP/1.1 400 Bad Request');
    expect(bodyOf(reply)).toContain("Transfer-Encoding can't be present with Content-Length");
    const length = Number(/\r\ncontent-length: (\d+)\r\n/i.exec(reply)?.[1]);
    expect(length).toBe(Buffer.byteLength(bodyOf(reply)));
  });

  it('answers a garbage request line with 400', async () => {
    const reply = await rawExchange(port, 'HELLO THERE\r\n\r\n');
    expect(statusLine(reply)).toBe('HTTP/1.1 400 Bad Request');
    expect(bodyOf(reply)).toContain('not valid HTTP/1.1');
  });

  it('answers headers that never finish with 408', async () => {
    const reply = await rawExchange(port, 'GET /api/public/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(statusLine(reply)).toBe('HTTP/1.1 408 Request Timeout');
    expect(bodyOf(reply)).toContain('took too long');
  });

  it('still answers well-formed requests after all of them', async () => {
    const reply = await rawExchange(
      port,
      'GET /api/public/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    );
    expect(statusLine(reply)).toBe('HTTP/1.1 200 OK');
  });
});
