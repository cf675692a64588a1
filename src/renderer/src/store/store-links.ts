import { type ClientMessage, type ServerMessage, WS_PATH } from '@core/wire/protocol';
import type { BatchSource } from './batch-writer';
import type { ConnectionStatus } from './store-worker-messages';

export interface LinkHandlers {
  /** A message from the server, with the connection its answers go back on. */
  message(message: ServerMessage, source: BatchSource): void;
  status(status: ConnectionStatus): void;
}

/** Reconnect delays grow from half a second to ten: quick after a server restart, quiet while it is gone. */
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10_000;

/**
 * The WebSocket address of the server that served `location` (the page's, or the worker's: the same origin), naming
 * the browser profile whose store the page writes, so the server can tell a page in another profile where its
 * traces went.
 */
export function socketUrl(location: { protocol: string; host: string }, profile: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}${profile ? `?profile=${encodeURIComponent(profile)}` : ''}`;
}

function parse(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const msg = JSON.parse(data) as { type?: unknown };
    return msg && typeof msg === 'object' && typeof msg.type === 'string' ? (msg as ServerMessage) : null;
  } catch {
    return null;
  }
}

/**
 * Desktop app: the MessagePort from main. It lives as long as the window; main sends again what was not acked when a
 * window's port is replaced. Returns a function that closes it.
 */
export function linkPort(port: MessagePort, handlers: LinkHandlers): () => void {
  const source: BatchSource = { reply: (message: ClientMessage) => port.postMessage(message) };
  port.onmessage = (event: MessageEvent) => {
    // Batches come as the text of their message, the rest as objects.
    const msg = (typeof event.data === 'string' ? parse(event.data) : event.data) as ServerMessage | null;
    if (msg && typeof msg === 'object' && typeof msg.type === 'string') handlers.message(msg, source);
  };
  port.start();
  handlers.status('connected');
  return () => port.close();
}

/**
 * Headless mode: a WebSocket to the server that served the page, reopened with growing delays after it drops. The
 * server keeps unacked batches and sends them again on the next connection, which the idempotent writer absorbs.
 * Returns a function that disconnects.
 */
export function linkSocket(url: string, handlers: LinkHandlers): () => void {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const open = () => {
    handlers.status('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    // An ack for a closed socket is lost on purpose: the server sends the batch again on the next connection.
    const source: BatchSource = {
      reply: (message) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
      },
    };
    ws.onopen = () => {
      attempt = 0;
      handlers.status('connected');
    };
    ws.onmessage = (event) => {
      const msg = parse(event.data);
      if (msg) handlers.message(msg, source);
    };
    ws.onclose = () => {
      if (stopped || socket !== ws) return;
      handlers.status('disconnected');
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt);
      attempt += 1;
      // Jitter so several open tabs do not reconnect in lockstep.
      retryTimer = setTimeout(open, delay * (0.75 + Math.random() * 0.5));
    };
  };

  open();
  return () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    socket?.close();
  };
}
