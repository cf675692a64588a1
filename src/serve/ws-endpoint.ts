import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ServerInfo, WS_PATH } from '@core/wire/protocol';
import { WebSocket, WebSocketServer } from 'ws';
import type { BatchHub } from '../server/hub/batch-hub';
import { attachStoreLink } from '../server/hub/store-link';
import { isAllowedHost } from '../server/security/host-check';

/** Client messages are tiny acks; anything bigger is not ours. */
const MAX_CLIENT_MESSAGE = 64 * 1024;
/** A tab that answers no ping for this long (a sleeping laptop, a killed browser) is dropped, so its batches move on. */
const HEARTBEAT_MS = 30_000;

export interface WsEndpointOptions {
  hub: BatchHub;
  info: () => ServerInfo | null;
  boundHost: string;
  /** Whether the upgrade comes from Loupe's own page (a browser on this origin holding this launch's key). */
  isOwnPage: (req: IncomingMessage) => boolean;
}

export interface WsEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket; their unacked batches stay in the hub. */
  close(): void;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

/** The headless transport to the store writer: each tab's store worker connects here and becomes a hub consumer. */
export function createWsEndpoint(options: WsEndpointOptions): WsEndpoint {
  const { hub } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE });
  const alive = new WeakSet<WebSocket>();

  wss.on('connection', (ws: WebSocket) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    const link = attachStoreLink(
      hub,
      { post: (message) => ws.send(JSON.stringify(message)), isOpen: () => ws.readyState === WebSocket.OPEN },
      options.info(),
    );
    ws.on('message', (data, isBinary) => {
      if (!isBinary) link.receive(data.toString());
    });
    ws.on('close', link.detach);
    // Errors are followed by 'close'; without a listener an error would crash the process.
    ws.on('error', () => undefined);
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    handleUpgrade(req, socket, head) {
      const path = (req.url ?? '/').split('?', 1)[0];
      if (path !== WS_PATH) {
        refuse(socket, 404, 'Not Found');
        return;
      }
      // The store's consumer takes every batch and acks it: only Loupe's own page may become one.
      if (!isAllowedHost(req.headers.host, options.boundHost) || !options.isOwnPage(req)) {
        refuse(socket, 403, 'Forbidden');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(1001, 'Loupe is shutting down');
      // A tab that does not answer the close frame would otherwise hold the shutdown for ws's 30 s timeout.
      setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 500).unref();
      wss.close();
    },
  };
}
