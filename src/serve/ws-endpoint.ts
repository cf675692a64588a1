import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ServerInfo, WS_PATH } from '@core/wire/protocol';
import { WebSocket, WebSocketServer } from 'ws';
import type { BatchHub } from '../server/hub/batch-hub';
import { attachStoreLink } from '../server/hub/store-link';
import type { StoreQueries } from '../server/mcp/store-queries';
import { isAllowedHost } from '../server/security/host-check';
import { browserName, type ProfileLedger, profileIdOf } from './profile-ledger';

/** Client messages are acks and answers to the MCP server's questions (bounded to a few hundred KiB by the page). */
const MAX_CLIENT_MESSAGE = 4 * 1024 * 1024;
/** A tab that answers no ping for this long (a sleeping laptop, a killed browser) is dropped, so its batches move on. */
const HEARTBEAT_MS = 30_000;

export interface WsEndpointOptions {
  hub: BatchHub;
  info: () => ServerInfo | null;
  boundHost: string;
  /** Whether the upgrade comes from Loupe's own page (a browser on this origin holding this launch's key). */
  isOwnPage: (req: IncomingMessage) => boolean;
  /** Which browser profiles stored what, so a page with an empty store can say where the traces went. */
  ledger: ProfileLedger;
  /** The MCP server's questions: each connected page answers them from its store. */
  queries?: StoreQueries;
}

/** Other pages hear of a profile's deliveries this often at most. */
const ELSEWHERE_EVERY_MS = 2000;

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

  const { ledger } = options;
  const profiles = new Map<WebSocket, string | null>();
  const tellElsewhere = (ws: WebSocket) => {
    if (ws.readyState === WebSocket.OPEN)
      ws.send(JSON.stringify({ type: 'elsewhere', profiles: ledger.others(profiles.get(ws) ?? null) }));
  };
  let elsewhereTimer: NodeJS.Timeout | null = null;
  const ledgerChanged = () => {
    elsewhereTimer ??= setTimeout(() => {
      elsewhereTimer = null;
      for (const ws of profiles.keys()) tellElsewhere(ws);
    }, ELSEWHERE_EVERY_MS);
    elsewhereTimer.unref();
  };

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    const profile = profileIdOf(req.url);
    const browser = browserName(req.headers['user-agent']);
    profiles.set(ws, profile);
    // Spans per batch sent, until its ack says this profile stored them.
    const sent = new Map<number, number>();
    const link = attachStoreLink(
      hub,
      {
        post: (message) => ws.send(JSON.stringify(message)),
        postBatch: (batch) => {
          sent.set(batch.seq, batch.spans);
          ws.send(batch.text);
        },
        isOpen: () => ws.readyState === WebSocket.OPEN,
      },
      options.info(),
      options.queries,
    );
    tellElsewhere(ws);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const msg = link.receive(data.toString());
      const spans = msg?.type === 'ack' ? sent.get(msg.seq) : undefined;
      if (msg?.type !== 'ack' || spans === undefined) return;
      sent.delete(msg.seq);
      if (profile) {
        ledger.delivered(profile, browser, spans);
        ledgerChanged();
      }
    });
    ws.on('close', () => {
      profiles.delete(ws);
      link.detach();
    });
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
      if (elsewhereTimer) clearTimeout(elsewhereTimer);
      ledger.flush();
      for (const ws of wss.clients) ws.close(1001, 'Loupe is shutting down');
      // A tab that does not answer the close frame would otherwise hold the shutdown for ws's 30 s timeout.
      setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 500).unref();
      wss.close();
    },
  };
}
