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

function listenOnce(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
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
 * Listens on `port`, or when it is taken and `tries` > 1, on the next free one of the following ports.
 * SDKs default to 4318, so a second Loupe (or a collector) already there should not stop this one from starting.
 */
export async function listenWithFallback(server: Server, host: string, port: number, tries = 1): Promise<ListenResult> {
  for (let i = 0; i < tries; i++) {
    try {
      const bound = await listenOnce(server, port + i, host);
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
