import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeArgs, UsageError } from './args';

describe('parseServeArgs', () => {
  it('defaults to loopback, port 4318 (movable), and the XDG data directory', () => {
    expect(parseServeArgs([], { XDG_DATA_HOME: '/data' })).toEqual({
      host: '127.0.0.1',
      port: 4318,
      portExplicit: false,
      dataDir: join('/data', 'loupe'),
    });
  });

  it('takes --port, --host and --data-dir', () => {
    expect(parseServeArgs(['--port', '9000', '--host', '0.0.0.0', '--data-dir', 'rel/dir'], {})).toEqual({
      host: '0.0.0.0',
      port: 9000,
      portExplicit: true,
      dataDir: resolve('rel/dir'),
    });
  });

  it('returns null for --help and refuses bad input', () => {
    expect(parseServeArgs(['--help'], {})).toBeNull();
    expect(() => parseServeArgs(['--port', 'abc'], {})).toThrow(UsageError);
    expect(() => parseServeArgs(['--port', '70000'], {})).toThrow('--port must be a number');
    expect(() => parseServeArgs(['--verbose'], {})).toThrow(UsageError);
    expect(() => parseServeArgs(['extra'], {})).toThrow(UsageError);
  });
});
