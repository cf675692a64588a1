import { type ClientMessage, type IngestBatch, type ServerMessage, WS_PATH } from '@core/wire/protocol';
import { runCommand } from '../lib/commands';
import type { LoupeDb } from '../store/db';
import { QuotaRecoveredError, withQuotaRecovery } from '../store/retention';
import { applyBatches, groupable, MAX_GROUP_OBSERVATIONS } from '../store/writer';
import { localNotice, markStored, useConnectionStore } from './connection-store';

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
 * Headless mode: the server that serves this page also streams batches over a WebSocket. Batches are
 * written in arrival order (those that arrived meanwhile together, in one transaction), then acked; the
 * server keeps unacked batches and sends them again after a reconnect, which the idempotent writer absorbs. Returns a function that disconnects.
 */
export function connectWebSocket(db: LoupeDb): () => void {
  const store = useConnectionStore.getState();
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  // One chain for every socket: a batch from a new connection waits for those still being written.
  let writes: Promise<void> = Promise.resolve();
  // Batches that arrive while others are written wait here, and go into the next transaction together.
  const waiting: { ws: WebSocket; batch: IngestBatch }[] = [];
  // A full disk makes room (retention, or the oldest tenth) and nacks: the server sends the batch again.
  const storeBatches = withQuotaRecovery(
    db,
    applyBatches,
    async () => (await runCommand('getSettings', null)).retention,
  );

  const reply = (ws: WebSocket, msg: ClientMessage) => {
    // An ack for a closed socket is lost on purpose: the server re-sends the batch on the next connection.
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  };

  /** The next batches that can share a transaction: same socket, no trace upserts, a bounded size. */
  const takeGroup = () => {
    const first = waiting.shift();
    if (!first) return null;
    const batches = [first.batch];
    let size = first.batch.observations.length;
    while (groupable(first.batch) && waiting[0]?.ws === first.ws && groupable(waiting[0].batch)) {
      size += waiting[0].batch.observations.length;
      if (size > MAX_GROUP_OBSERVATIONS) break;
      batches.push((waiting.shift() as { batch: IngestBatch }).batch);
    }
    return { ws: first.ws, batches };
  };

  /** Stores batches in one transaction and acks them; a failed group is written again batch by batch. */
  const storeGroup = async (ws: WebSocket, batches: IngestBatch[]): Promise<void> => {
    try {
      await storeBatches(db, batches);
      markStored();
      for (const b of batches) reply(ws, { type: 'ack', seq: b.seq });
    } catch (err) {
      // One bad batch must not take the others with it: only the one that fails alone is nacked.
      if (batches.length > 1 && !(err instanceof QuotaRecoveredError)) {
        for (const b of batches) await storeGroup(ws, [b]);
        return;
      }
      const error = err instanceof Error ? err.message : String(err);
      const seqs = batches.map((b) => b.seq).join(', ');
      if (err instanceof QuotaRecoveredError) {
        markStored();
        localNotice('warning', error);
      } else localNotice('error', `Could not store batch ${seqs} in the local database: ${error}`);
      for (const b of batches) reply(ws, { type: 'nack', seq: b.seq, error });
    }
  };

  // Each arriving batch schedules one of these; one that finds nothing waiting was written with an earlier group.
  const write = async () => {
    const group = takeGroup();
    if (group) await storeGroup(group.ws, group.batches);
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
      if (msg.type === 'batch') {
        waiting.push({ ws, batch: msg.batch });
        writes = writes.then(write);
      } else if (msg.type === 'notice') store.addNotice(msg.notice);
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
