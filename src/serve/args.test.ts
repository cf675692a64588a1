import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeArgs, UsageError } from './args';

describe('parseServeArgs', () => {
  it('defaults to loopback, port 4318 (movable), and the XDG data directory', () => {
    expect(parseServeArgs([], { XDG_DATA_HOME: '/data' })).toEqual({
      host: '127.0.0.1',
      port: 4318,
      portExplicit: false,
      grpc: { port: 4317, explicit: false },
      dataDir: join('/data', 'loupe'),
      spoolMaxBytes: 1024 ** 3,
      credentials: null,
    });
  });

  it('takes --port, --host and --data-dir', () => {
    expect(parseServeArgs(['--port', '9000', '--host', '0.0.0.0', '--data-dir', 'rel/dir'], {})).toEqual({
      host: '0.0.0.0',
      port: 9000,
      portExplicit: true,
      grpc: { port: 4317, explicit: false },
      dataDir: resolve('rel/dir'),
      spoolMaxBytes: 1024 ** 3,
      credentials: null,
    });
  });

  it('takes --grpc-port (0 for any free port) or --no-grpc, not both', () => {
    const grpc = (...argv: string[]) => parseServeArgs(argv, {})?.grpc;
    expect(grpc('--grpc-port', '5317')).toEqual({ port: 5317, explicit: true });
    expect(grpc('--grpc-port', '0')).toEqual({ port: 0, explicit: true });
    expect(grpc('--no-grpc')).toBeNull();
    expect(() => grpc('--grpc-port', '70000')).toThrow('--grpc-port must be a number from 0 to 65535, not "70000"');
    expect(() => grpc('--grpc-port', 'x')).toThrow(UsageError);
    expect(() => grpc('--no-grpc', '--grpc-port', '5317')).toThrow('--grpc-port and --no-grpc contradict each other');
  });

  it('takes --spool-max-bytes in bytes or with a binary unit', () => {
    const size = (text: string) => parseServeArgs(['--spool-max-bytes', text], {})?.spoolMaxBytes;
    expect(size('4096')).toBe(4096);
    expect(size('512M')).toBe(512 * 1024 ** 2);
    expect(size('2GiB')).toBe(2 * 1024 ** 3);
    expect(size('64kb')).toBe(64 * 1024);
    expect(() => size('lots')).toThrow('--spool-max-bytes must be a size in bytes');
    expect(() => size('0')).toThrow(UsageError);
  });

  it('takes Langfuse keys as a pair', () => {
    expect(parseServeArgs(['--public-key', 'pk', '--secret-key', 'sk'], {})?.credentials).toEqual({
      publicKey: 'pk',
      secretKey: 'sk',
    });
    expect(() => parseServeArgs(['--public-key', 'pk'], {})).toThrow('--public-key and --secret-key go together');
  });

  it('returns null for --help and refuses bad input', () => {
    expect(parseServeArgs(['--help'], {})).toBeNull();
    expect(() => parseServeArgs(['--port', 'abc'], {})).toThrow(UsageError);
    expect(() => parseServeArgs(['--port', '70000'], {})).toThrow('--port must be a number');
    expect(() => parseServeArgs(['--verbose'], {})).toThrow(UsageError);
    expect(() => parseServeArgs(['extra'], {})).toThrow(UsageError);
  });
});
