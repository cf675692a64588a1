import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Credentials } from '../server/settings/credentials';
import { DEFAULT_SPOOL_MAX_BYTES } from '../server/spool/spool';
import { DEFAULT_GRPC_PORT, DEFAULT_HOST, DEFAULT_PORT } from '../server/start-server';

export interface ServeOptions {
  host: string;
  port: number;
  /** False when the port is the default: then a taken port moves to the next free one instead of failing. */
  portExplicit: boolean;
  /** The OTLP/gRPC port, moving to the next free one when taken unless `explicit`; null with --no-grpc. */
  grpc: { port: number; explicit: boolean } | null;
  dataDir: string;
  /** Bytes of batches waiting for a page to store them, past which the receiver answers 503. */
  spoolMaxBytes: number;
  /** Keys senders must present; null accepts any (then `settings.json` in the data directory may set them). */
  credentials: Credentials | null;
}

export const USAGE = `Usage: npm run serve -- [options]

Runs Loupe without the desktop app: receives traces and serves the UI to a browser.

Options:
  --port <n>        port for both the OTLP/HTTP endpoint and the UI (default ${DEFAULT_PORT}; if taken, the next free
                    one)
  --grpc-port <n>   port for OTLP/gRPC (default ${DEFAULT_GRPC_PORT}; if taken, the next free one)
  --no-grpc         do not receive OTLP/gRPC
  --host <address>  address to bind (default ${DEFAULT_HOST}: only this machine can connect)
  --data-dir <dir>  where Loupe keeps its files (default $XDG_DATA_HOME/loupe or ~/.local/share/loupe)
  --spool-max-bytes <size>
                    disk space for batches no page has stored yet, e.g. 512M or 2G (default 1G); when it is full,
                    senders get 503 and retry
  --public-key <pk> --secret-key <sk>
                    accept only senders that present these Langfuse keys (Basic auth); without them, and without
                    keys in <data-dir>/settings.json, any sender is accepted
  --help            show this help

Point an SDK at it with OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:<port> or LANGFUSE_BASE_URL=http://localhost:<port>;
a gRPC exporter with OTEL_EXPORTER_OTLP_PROTOCOL=grpc and OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:<grpc-port>.`;

export class UsageError extends Error {}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `1073741824`, `512M`, `2GiB`, `64kb`: binary multiples, case-insensitive. */
function parseByteSize(text: string, flag: string): number {
  const match = /^(\d+)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  const value = match ? Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(`${flag} must be a size in bytes such as 1073741824, 512M or 2G, not "${text}"`);
  }
  return value;
}

/** 0 asks the system for any free port. */
function portNumber(text: string, flag: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new UsageError(`${flag} must be a number from 0 to 65535, not "${text}"`);
  return port;
}

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'loupe');
}

/** Parses argv (without node and script); returns null when --help was asked for. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions | null {
  let values: {
    port?: string;
    'grpc-port'?: string;
    'no-grpc'?: boolean;
    host?: string;
    'data-dir'?: string;
    'spool-max-bytes'?: string;
    'public-key'?: string;
    'secret-key'?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'grpc-port': { type: 'string' },
        'no-grpc': { type: 'boolean' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'spool-max-bytes': { type: 'string' },
        'public-key': { type: 'string' },
        'secret-key': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  const port = values.port === undefined ? DEFAULT_PORT : portNumber(values.port, '--port');
  const grpcPort = values['grpc-port'];
  if (values['no-grpc'] && grpcPort !== undefined)
    throw new UsageError('--grpc-port and --no-grpc contradict each other: give one of them');
  const grpc = values['no-grpc']
    ? null
    : grpcPort === undefined
      ? { port: DEFAULT_GRPC_PORT, explicit: false }
      : { port: portNumber(grpcPort, '--grpc-port'), explicit: true };
  const host = values.host ?? DEFAULT_HOST;
  if (host === '') throw new UsageError('--host must not be empty');
  const publicKey = values['public-key'];
  const secretKey = values['secret-key'];
  if ((publicKey === undefined) !== (secretKey === undefined) || publicKey === '' || secretKey === '') {
    throw new UsageError('--public-key and --secret-key go together, and neither may be empty');
  }
  return {
    host,
    port,
    portExplicit: values.port !== undefined,
    grpc,
    dataDir: resolve(values['data-dir'] ?? defaultDataDir(env)),
    spoolMaxBytes:
      values['spool-max-bytes'] === undefined
        ? DEFAULT_SPOOL_MAX_BYTES
        : parseByteSize(values['spool-max-bytes'], '--spool-max-bytes'),
    credentials: publicKey && secretKey ? { publicKey, secretKey } : null,
  };
}
