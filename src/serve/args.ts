import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface ServeOptions {
  host: string;
  port: number;
  /** False when the port is the default: then a taken port moves to the next free one instead of failing. */
  portExplicit: boolean;
  dataDir: string;
}

export const DEFAULT_PORT = 4318;
export const DEFAULT_HOST = '127.0.0.1';

export const USAGE = `Usage: npm run serve -- [options]

Runs Loupe without the desktop app: receives traces and serves the UI to a browser.

Options:
  --port <n>        port for both the OTLP endpoint and the UI (default ${DEFAULT_PORT}; if taken, the next free one)
  --host <address>  address to bind (default ${DEFAULT_HOST}: only this machine can connect)
  --data-dir <dir>  where Loupe keeps its files (default $XDG_DATA_HOME/loupe or ~/.local/share/loupe)
  --help            show this help

Point an SDK at it with OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:<port> or LANGFUSE_BASE_URL=http://localhost:<port>.`;

export class UsageError extends Error {}

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'loupe');
}

/** Parses argv (without node and script); returns null when --help was asked for. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions | null {
  let values: { port?: string; host?: string; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  let port = DEFAULT_PORT;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}"`);
    }
  }
  const host = values.host ?? DEFAULT_HOST;
  if (host === '') throw new UsageError('--host must not be empty');
  return {
    host,
    port,
    portExplicit: values.port !== undefined,
    dataDir: resolve(values['data-dir'] ?? defaultDataDir(env)),
  };
}
