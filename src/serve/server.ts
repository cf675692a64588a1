import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerInfo } from '@core/wire/protocol';
import type { ReceiverLimits } from '../server/receiver/http-handler';
import { isAllowedHost } from '../server/security/host-check';
import { type LoupeServer, startServer } from '../server/start-server';
import type { ServeOptions } from './args';
import { handleCommandRequest } from './commands-route';
import { createStaticHandler } from './static-files';
import { createWsEndpoint } from './ws-endpoint';

export interface ServeHandle extends LoupeServer {
  info: ServerInfo;
}

/** Headless mode could not listen: the message says which ports were tried and how to choose another. */
export class ServeStartError extends Error {}

/**
 * Headless Loupe: the same server as the desktop app, plus what a browser needs on the same port: the built UI,
 * the commands route and the WebSocket its store worker connects to. Rejects with a ServeStartError when no port
 * could be had; other problems are in `problems` and were sent as notices.
 */
export async function startServe(
  options: ServeOptions,
  rendererDir: string,
  limits?: Partial<ReceiverLimits>,
  convertWorker?: string,
): Promise<ServeHandle> {
  const staticFiles = createStaticHandler(rendererDir);
  const server = await startServer({
    dataDir: options.dataDir,
    host: options.host,
    port: options.port,
    strictPort: options.portExplicit,
    portHint: '--port',
    grpc: options.grpc && { port: options.grpc.port, strictPort: options.grpc.explicit },
    grpcHint: { port: '--grpc-port', turnOn: 'start Loupe without --no-grpc to receive OTLP/gRPC' },
    credentials: options.credentials,
    spoolMaxBytes: options.spoolMaxBytes,
    limits,
    convertWorker,
    otherRequests: (req, res, commands) => {
      if (!isAllowedHost(req.headers.host, options.host)) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden: unknown Host');
        return;
      }
      if (handleCommandRequest(commands, req, res)) return;
      staticFiles(req, res).catch(() => res.destroy());
    },
  });
  const { info } = server;
  if (!info) {
    await server.close();
    throw new ServeStartError(server.problems.at(-1) ?? 'Loupe could not listen');
  }
  const endpoint = createWsEndpoint({ hub: server.hub, info: () => info, boundHost: options.host });
  server.http.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head));

  // Lets other tools find the running server; the spool of batches not yet stored lives beside it.
  const infoFile = join(options.dataDir, 'serve.json');
  writeFileSync(
    infoFile,
    `${JSON.stringify({ pid: process.pid, host: options.host, port: info.port, grpcPort: info.grpcPort, startedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  return {
    ...server,
    info,
    close: () => {
      endpoint.close();
      return server.close().finally(() => removeInfoFile(infoFile));
    },
  };
}

/** Removes serve.json unless another server started since and wrote its own. */
function removeInfoFile(path: string): void {
  try {
    const { pid } = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown };
    if (pid === process.pid) rmSync(path, { force: true });
  } catch {
    // Already gone or unreadable: nothing to clean up.
  }
}
