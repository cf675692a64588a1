import { type ClientMessage, type IngestBatch, type ServerMessage, WS_PATH } from '@core/bridge/protocol';
import { control } from '../lib/control';
import type { LoupeDb } from '../store/db';
import { QuotaRecoveredError, withQuotaRecovery } from '../store/retention';
import { applyBatch } from '../store/writer';
import { localNotice, markStored, useBridgeStore } from './bridge-store';

/** Reconnect delays grow from half a second to ten: quick after a server restart, quiet while it is gone. */
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10_000;

function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}`;
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
 * Headless mode: the server that serves this page also streams batches over a WebSocket. Each batch is
 * written in arrival order, one at a time, then acked; the server keeps unacked batches and sends them
 * again after a reconnect, which the idempotent writer absorbs. Returns a function that disconnects.
 */
export function connectWebSocket(db: LoupeDb): () => void {
  const store = useBridgeStore.getState();
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  // One chain for every socket: a batch from a new connection waits for those still being written.
  let writes: Promise<void> = Promise.resolve();
  // A full disk makes room (retention, or the oldest tenth) and nacks: the server sends the batch again.
  const storeBatch = withQuotaRecovery(db, applyBatch, async () => (await control('getSettings', null)).retention);

  const reply = (ws: WebSocket, msg: ClientMessage) => {
    // An ack for a closed socket is lost on purpose: the server re-sends the batch on the next connection.
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  };

  const write = async (ws: WebSocket, batch: IngestBatch) => {
    try {
      await storeBatch(db, batch);
      markStored();
      reply(ws, { type: 'ack', seq: batch.seq });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (err instanceof QuotaRecoveredError) {
        markStored();
        localNotice('warning', error);
      } else localNotice('error', `Could not store batch ${batch.seq} in the local database: ${error}`);
      reply(ws, { type: 'nack', seq: batch.seq, error });
    }
  };

  const open = () => {
    store.setStatus('connecting');
    const ws = new WebSocket(socketUrl());
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      store.setStatus('connected');
    };
    ws.onmessage = (event) => {
      const msg = parse(event.data);
      if (!msg) return;
      if (msg.type === 'batch') writes = writes.then(() => write(ws, msg.batch));
      else if (msg.type === 'notice') store.addNotice(msg.notice);
      else if (msg.type === 'info') store.setServerInfo(msg.info);
    };
    ws.onclose = () => {
      if (stopped || socket !== ws) return;
      store.setStatus('disconnected');
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
