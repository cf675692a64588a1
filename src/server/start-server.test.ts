import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Notice } from '@core/wire/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, occupyPort } from '../../test/ports';
import { grpcRefusedMessage, type LoupeServer, startServer } from './start-server';

/** The notices a store writer attaching now would be shown. */
function noticesOf(server: LoupeServer): Notice[] {
  const notices: Notice[] = [];
  const detach = server.hub.attach({ send: () => undefined, notice: (n) => notices.push(n) });
  detach();
  return notices;
}

describe('startServer: one policy for every failure, the same in both apps', () => {
  let dataDir: string;
  let busyPort: number;
  let release: () => Promise<void>;
  let server: LoupeServer | null = null;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-start-'));
    ({ port: busyPort, release } = await occupyPort());
  });

  afterEach(async () => {
    await server?.close();
    server = null;
    await release();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on the port in the settings when none is given, and answers receiver paths only', async () => {
    const port = await freePort();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ port }));
    server = await startServer({ dataDir, portHint: 'the settings' });
    expect(server.info).toEqual({ host: '127.0.0.1', port, endpoint: `http://127.0.0.1:${port}` });
    expect(server.problems).toEqual([]);
    const health = await fetch(`${server.info?.endpoint}/api/public/health`);
    expect(health.status).toBe(200);
    const other = await fetch(`${server.info?.endpoint}/index.html`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ message: 'no such endpoint: GET /index.html' });
  });

  it('moves to the next free port when the wanted one is taken, and says so', async () => {
    server = await startServer({ dataDir, port: busyPort, portHint: '--port' });
    expect(server.info?.port).toBeGreaterThan(busyPort);
    expect(server.portMessage).toContain(`port ${busyPort} is in use by another process; Loupe is listening on`);
    expect(noticesOf(server).map((n) => n.message)).toEqual([server.portMessage]);
  });

  it('keeps running without a port when none can be had, and names what to do', async () => {
    server = await startServer({ dataDir, port: busyPort, strictPort: true, portHint: 'Settings → Port' });
    expect(server.info).toBeNull();
    const message = `port ${busyPort} is in use by another process, so Loupe cannot receive traces: free port ${busyPort}, or choose another with Settings → Port`;
    expect(server.problems).toEqual([message]);
    expect(noticesOf(server)).toEqual([expect.objectContaining({ level: 'error', message })]);
    // The commands still work: the window can show the settings and import files.
    await expect(server.commands.run('getSettings', null)).resolves.toMatchObject({ port: 4318 });
  });

  it('holds batches in memory when the spool cannot be opened, and says so', async () => {
    // A file where the spool directory should be.
    writeFileSync(join(dataDir, 'spool'), 'not a directory');
    server = await startServer({ dataDir, port: 0, portHint: '--port' });
    expect(server.info).not.toBeNull();
    expect(server.problems).toEqual([
      expect.stringMatching(
        /^Loupe could not open its spool in .*spool \(.*\); traces received while no window or page stores them are kept in memory only/,
      ),
    ]);
    const accepted = await fetch(`${server.info?.endpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [] }),
    });
    expect(accepted.status).toBe(200);
  });

  it('uses the defaults when settings.json is not valid JSON, says so, and refuses to overwrite it', async () => {
    const path = join(dataDir, 'settings.json');
    writeFileSync(path, '{"port": 4400,');
    server = await startServer({ dataDir, port: 0, portHint: '--port' });
    expect(server.problems).toEqual([
      expect.stringMatching(
        /settings\.json could not be read \(.*\): Loupe uses its default settings until the file is fixed or removed$/,
      ),
    ]);
    expect(server.settings.get().port).toBe(4318);
    await expect(server.commands.run('updateSettings', { theme: 'dark' })).rejects.toThrow(
      /fix or remove it before saving settings/,
    );
    expect(readFileSync(path, 'utf8')).toBe('{"port": 4400,');
  });

  it('starts when the data directory cannot be created, keeping everything in memory', async () => {
    // A file where a folder of the path should be: refused for every user, root included.
    const file = join(dataDir, 'a-file');
    writeFileSync(file, '');
    server = await startServer({ dataDir: join(file, 'loupe'), port: 0, portHint: '--port' });
    expect(server.info).not.toBeNull();
    expect(server.problems[0]).toMatch(/^Loupe could not create its data directory .*a-file\/loupe \(ENOTDIR/);
    expect(server.problems.some((p) => p.startsWith('Loupe could not open its spool'))).toBe(true);
    await expect(server.commands.run('getSettings', null)).resolves.toMatchObject({ port: 4318 });
  });

  it('names the setting to change when a gRPC exporter reaches the HTTP port, once a minute at most', async () => {
    server = await startServer({ dataDir, port: 0, portHint: '--port' });
    const port = server.info?.port ?? 0;
    const preface = () =>
      new Promise<void>((done) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
        socket.on('close', () => done());
        socket.on('error', () => undefined);
      });
    await preface();
    await preface();
    const grpc = noticesOf(server).filter((n) => n.message.includes('gRPC'));
    expect(grpc).toEqual([expect.objectContaining({ level: 'warning', message: grpcRefusedMessage(port) })]);
    expect(grpc[0]?.message).toContain(
      `OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf and OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${port}`,
    );
    // The server still answers OTLP/HTTP.
    expect((await fetch(`${server.info?.endpoint}/api/public/health`)).status).toBe(200);
  });
});
