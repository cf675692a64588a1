import type { Server } from 'node:http';

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is in use by another process`);
  }
}

export interface ListenResult {
  port: number;
  /** Set when the wanted port was taken and a later one is used instead. */
  movedFrom: number | null;
}

/** A host as it goes in a URL or a gRPC address: IPv6 in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts listening on one port: resolves with the port bound (port 0 picks one), rejects with PortInUseError. */
export type Bind = (port: number) => Promise<number>;

/** Binds the HTTP server to `host`. */
export function bindHttp(server: Server, host: string): Bind {
  return (port) =>
    new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
      };
      const onListening = () => {
        server.off('error', onError);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, host);
    });
}

/**
 * Listens on `port`, or when it is taken and `tries` > 1, on the next free one of the following ports, for either
 * transport. SDKs default to 4318 (4317 for gRPC), so a second Loupe (or a collector) already there should not stop
 * this one from starting.
 */
export async function listenWithFallback(bind: Bind, port: number, tries = 1): Promise<ListenResult> {
  for (let i = 0; i < tries; i++) {
    try {
      const bound = await bind(port + i);
      return { port: bound, movedFrom: i === 0 ? null : port };
    } catch (error) {
      if (!(error instanceof PortInUseError) || i === tries - 1) throw error;
    }
  }
  throw new PortInUseError(port);
}

/** What to tell the user when the default port was taken (shown as a notice and printed by the headless server). */
export function portMovedMessage(from: number, to: number): string {
  return `port ${from} is in use by another process; Loupe is listening on ${to} instead: set OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${to}`;
}

/** The same for the OTLP/gRPC port. */
export function grpcPortMovedMessage(from: number, to: number): string {
  return `port ${from} is in use by another process; Loupe receives OTLP/gRPC on ${to} instead: set OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${to} (with OTEL_EXPORTER_OTLP_PROTOCOL=grpc)`;
}
