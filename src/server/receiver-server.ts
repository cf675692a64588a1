import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { ServerInfo } from '@core/wire/protocol';
import type { ForwardTee } from './forward/forward-queue';
import type { BatchHub } from './hub/batch-hub';
import { MediaStore } from './media/media-store';
import { createReceiver } from './receiver/http-handler';
import { listenWithFallback, portMovedMessage } from './receiver/listen';
import { credentialsSource } from './settings/credentials';
import { priceTableSource } from './settings/prices-source';

export const RECEIVER_HOST = '127.0.0.1';
export const RECEIVER_PORT = 4318;
/** How many ports after 4318 to try when it is taken. */
const PORT_FALLBACKS = 20;

export interface ReceiverServer {
  info: ServerInfo;
  close(): Promise<void>;
}

/**
 * The desktop app's receiver: loopback only, 4318 unless taken (then the next free port, announced as a notice
 * with the setting the user needs). It serves nothing but the receiver paths; media and `settings.json` (keys, prices) live
 * in `dataDir`.
 */
export async function startReceiverServer(
  hub: BatchHub,
  dataDir: string | null,
  port = RECEIVER_PORT,
  forward: ForwardTee | null = null,
  convertWorker?: string,
): Promise<ReceiverServer> {
  const receiver = createReceiver({
    hub,
    media: dataDir ? new MediaStore(join(dataDir, 'media')) : null,
    credentials: credentialsSource(null, dataDir),
    prices: priceTableSource(dataDir, (message) => hub.notice('warning', message)),
    boundHost: RECEIVER_HOST,
    forward,
    convertWorker,
  });
  const server: Server = createServer((req, res) => {
    if (receiver(req, res)) return;
    const body = JSON.stringify({ code: 5, message: `no such endpoint: ${req.method} ${req.url}` });
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const bound = await listenWithFallback(server, RECEIVER_HOST, port, PORT_FALLBACKS + 1);
  if (bound.movedFrom !== null) hub.notice('warning', portMovedMessage(bound.movedFrom, bound.port));
  const info: ServerInfo = { host: RECEIVER_HOST, port: bound.port, endpoint: `http://${RECEIVER_HOST}:${bound.port}` };
  return {
    info,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
