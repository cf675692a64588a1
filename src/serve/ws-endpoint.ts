import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ClientMessage, type ServerInfo, type ServerMessage, WS_PATH } from '@core/wire/protocol';
import { WebSocket, WebSocketServer } from 'ws';
import type { BatchHub } from '../server/hub/batch-hub';
import { isAllowedHost, isSameOrigin } from '../server/security/host-check';

/** Client messages are tiny acks; anything bigger is not ours. */
const MAX_CLIENT_MESSAGE = 64 * 1024;
/** A tab that answers no ping for this long (a sleeping laptop, a killed browser) is dropped, so its batches move on. */
const HEARTBEAT_MS = 30_000;

export interface WsBridgeOptions {
  hub: BatchHub;
  info: () => ServerInfo;
  boundHost: string;
}

export interface WsBridge {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket; their unacked batches stay in the hub. */
  close(): void;
}

function parseClientMessage(data: string): ClientMessage | null {
  try {
    const msg = JSON.parse(data) as Partial<{ type: unknown; seq: unknown; error: unknown }>;
    if (!msg || !Number.isSafeInteger(msg.seq)) return null;
    const seq = msg.seq as number;
    if (msg.type === 'ack') return { type: 'ack', seq };
    if (msg.type === 'nack') return { type: 'nack', seq, error: String(msg.error ?? 'unknown error') };
  } catch {
    // Not JSON: ignored like any other malformed message.
  }
  return null;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

/** The headless bridge: each browser tab is a hub consumer; it writes batches into IndexedDB and acks them. */
export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const { hub } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE });
  const alive = new WeakSet<WebSocket>();

  const send = (ws: WebSocket, msg: ServerMessage) => ws.send(JSON.stringify(msg));

  wss.on('connection', (ws: WebSocket) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    send(ws, { type: 'info', info: options.info() });
    const detach = hub.attach({
      send: (batch) => {
        // Throwing makes the hub hand the batch to the next tab.
        if (ws.readyState !== WebSocket.OPEN) throw new Error('socket is closed');
        send(ws, { type: 'batch', batch });
      },
      notice: (notice) => {
        if (ws.readyState === WebSocket.OPEN) send(ws, { type: 'notice', notice });
      },
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const msg = parseClientMessage(data.toString());
      if (msg?.type === 'ack') hub.ack(msg.seq);
      else if (msg?.type === 'nack') hub.nack(msg.seq, msg.error);
    });
    ws.on('close', detach);
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
      if (!isAllowedHost(req.headers.host, options.boundHost) || !isSameOrigin(req.headers.origin, req.headers.host)) {
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
