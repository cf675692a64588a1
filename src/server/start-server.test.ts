import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Notice } from '@core/wire/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grpcExport } from '../../test/grpc-client';
import { freePort, occupyPort } from '../../test/ports';
import { grpcRefusedMessage, type LoupeServer, type ServerOptions, startServer } from './start-server';

const GRPC_HINT = { port: '--grpc-port', turnOn: 'start Loupe without --no-grpc' };

/** startServer as the headless entry calls it; without gRPC unless asked for, so tests never bind 4317. */
const start = (options: Omit<ServerOptions, 'grpcHint' | 'portHint'> & { portHint?: string }) =>
  startServer({ portHint: '--port', grpc: null, grpcHint: GRPC_HINT, ...options });

/** Whether a connection to the port is refused: nothing listens there. */
function refused(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      done(false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}

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
    server = await start({ dataDir, portHint: 'the settings' });
    expect(server.info).toEqual({ host: '127.0.0.1', port, endpoint: `http://127.0.0.1:${port}`, grpcPort: null });
    expect(server.problems).toEqual([]);
    const health = await fetch(`${server.info?.endpoint}/api/public/health`);
    expect(health.status).toBe(200);
    const other = await fetch(`${server.info?.endpoint}/index.html`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ message: 'no such endpoint: GET /index.html' });
  });

  it('keeps its data directory readable by this user only, closing up one that others could read', async () => {
    const fresh = join(dataDir, 'fresh');
    server = await start({ dataDir: fresh, port: 0, strictPort: true });
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    await server.close();
    const open = join(dataDir, 'open');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    server = await start({ dataDir: open, port: 0, strictPort: true });
    expect(statSync(open).mode & 0o777).toBe(0o700);
  });

  it('lets pages from the origins allowed in the settings send from a browser, and no others', async () => {
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ cors: { allowedOrigins: ['https://app.example.com'] } }),
    );
    server = await start({ dataDir, port: 0, strictPort: true });
    const send = (origin: string) =>
      fetch(`${server?.info?.endpoint}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: '{"resourceSpans":[]}',
      });
    const allowed = await send('https://app.example.com');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect((await send('https://other.example.com')).status).toBe(403);
  });

  it('moves to the next free port when the wanted one is taken, and says so', async () => {
    server = await start({ dataDir, port: busyPort });
    expect(server.info?.port).toBeGreaterThan(busyPort);
    expect(server.portMessage).toContain(`port ${busyPort} is in use by another process; Loupe is listening on`);
    expect(noticesOf(server).map((n) => n.message)).toEqual([server.portMessage]);
  });

  it('keeps running without a port when none can be had, and names what to do', async () => {
    server = await start({ dataDir, port: busyPort, strictPort: true, portHint: 'Settings → Port' });
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
    server = await start({ dataDir, port: 0 });
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
    server = await start({ dataDir, port: 0 });
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
    server = await start({ dataDir: join(file, 'loupe'), port: 0 });
    expect(server.info).not.toBeNull();
    expect(server.problems[0]).toMatch(/^Loupe could not create its data directory .*a-file\/loupe \(ENOTDIR/);
    expect(server.problems.some((p) => p.startsWith('Loupe could not open its spool'))).toBe(true);
    await expect(server.commands.run('getSettings', null)).resolves.toMatchObject({ port: 4318 });
  });

  it('names the setting to change when a gRPC exporter reaches the HTTP port, once a minute at most', async () => {
    server = await start({ dataDir, port: 0 });
    const port = server.info?.port ?? 0;
    const preface = () =>
      new Promise<void>((done) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
        // The server answers 400 before it closes: read it, or the close is never seen.
        socket.resume();
        socket.on('close', () => done());
        socket.on('error', () => undefined);
      });
    await preface();
    await preface();
    const grpc = noticesOf(server).filter((n) => n.message.includes('gRPC'));
    const message = grpcRefusedMessage(port, null, GRPC_HINT.turnOn);
    expect(grpc).toEqual([expect.objectContaining({ level: 'warning', message })]);
    expect(message).toContain('its OTLP/gRPC receiver is off: set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf');
    expect(message).toContain(', or start Loupe without --no-grpc');
    expect(grpc[0]?.message).toContain(
      `OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf and OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${port}`,
    );
    // The server still answers OTLP/HTTP.
    expect((await fetch(`${server.info?.endpoint}/api/public/health`)).status).toBe(200);
  });
  it('receives OTLP/gRPC on the port in the settings, the next free one when it is taken, and says so', async () => {
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ grpc: { enabled: true, port: busyPort } }));
    server = await start({ dataDir, port: 0, grpc: undefined });
    const grpcPort = server.info?.grpcPort ?? 0;
    expect(grpcPort).toBeGreaterThan(busyPort);
    expect(server.grpcPortMessage).toBe(
      `port ${busyPort} is in use by another process; Loupe receives OTLP/gRPC on ${grpcPort} instead: set OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${grpcPort} (with OTEL_EXPORTER_OTLP_PROTOCOL=grpc)`,
    );
    expect(server.problems).toEqual([]);
    expect(noticesOf(server).map((n) => n.message)).toEqual([server.grpcPortMessage]);
    expect((await grpcExport(grpcPort, 'metrics', new Uint8Array())).error).toBeNull();
    // A gRPC exporter sent to the HTTP port is told where gRPC is.
    expect(grpcRefusedMessage(4318, grpcPort, GRPC_HINT.turnOn)).toContain(
      `Loupe receives OTLP/gRPC on port ${grpcPort}, so set OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${grpcPort}`,
    );
    await server.close();
    server = null;
    expect(await refused(grpcPort)).toBe(true);
  });

  it('has no gRPC listener when the settings turn it off', async () => {
    const grpcPort = await freePort();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ grpc: { enabled: false, port: grpcPort } }));
    server = await start({ dataDir, port: 0, grpc: undefined });
    expect(server.info?.grpcPort).toBeNull();
    expect(server.problems).toEqual([]);
    expect(await refused(grpcPort)).toBe(true);
  });

  it('keeps receiving OTLP/HTTP when the gRPC port asked for is taken, and names what to do', async () => {
    server = await start({ dataDir, port: 0, grpc: { port: busyPort, strictPort: true } });
    expect(server.info?.grpcPort).toBeNull();
    const message = `port ${busyPort} is in use by another process, so Loupe cannot receive OTLP/gRPC (OTLP/HTTP still works): free port ${busyPort}, or choose another with --grpc-port`;
    expect(server.problems).toEqual([message]);
    expect(noticesOf(server)).toEqual([expect.objectContaining({ level: 'error', message })]);
    expect((await fetch(`${server.info?.endpoint}/api/public/health`)).status).toBe(200);
  });
});
