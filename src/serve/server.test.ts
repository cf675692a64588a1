import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { occupyPort } from '../../test/ports';
import { ServeStartError, startServe } from './server';

describe('startServe', () => {
  let dataDir: string;
  let busyPort: number;
  let release: () => Promise<void>;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-serve-unit-'));
    ({ port: busyPort, release } = await occupyPort());
  });

  afterEach(async () => {
    await release();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('moves to the next free port when the default one is taken, says so, and writes both ports to serve.json', async () => {
    const options = {
      host: '127.0.0.1',
      port: busyPort,
      portExplicit: false,
      grpc: { port: 0, explicit: true },
      dataDir: join(dataDir, 'nested'),
      spoolMaxBytes: 1024 ** 2,
      credentials: null,
    };
    const handle = await startServe(options, join(dataDir, 'no-ui'));
    try {
      expect(handle.info.port).toBeGreaterThan(busyPort);
      expect(handle.portMessage).toBe(
        `port ${busyPort} is in use by another process; Loupe is listening on ${handle.info.port} instead: set OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${handle.info.port}`,
      );
      const notices: string[] = [];
      handle.hub.attach({ send: () => undefined, notice: (n) => notices.push(n.message) });
      expect(notices).toEqual([handle.portMessage]);
      const written = JSON.parse(readFileSync(join(dataDir, 'nested', 'serve.json'), 'utf8'));
      expect(handle.info.grpcPort).toBeGreaterThan(0);
      expect(written).toMatchObject({
        pid: process.pid,
        host: '127.0.0.1',
        port: handle.info.port,
        grpcPort: handle.info.grpcPort,
      });
    } finally {
      await handle.close();
    }
    expect(() => readFileSync(join(dataDir, 'nested', 'serve.json'))).toThrow();
  });

  it('fails on a taken port that was asked for explicitly', async () => {
    const options = {
      host: '127.0.0.1',
      port: busyPort,
      portExplicit: true,
      grpc: null,
      dataDir,
      spoolMaxBytes: 1024 ** 2,
      credentials: null,
    };
    await expect(startServe(options, dataDir)).rejects.toThrow(
      new ServeStartError(
        `port ${busyPort} is in use by another process, so Loupe cannot receive traces: free port ${busyPort}, or choose another with --port`,
      ),
    );
  });
});
