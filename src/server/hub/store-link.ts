import type { BatchText, ClientMessage, ServerInfo, ServerMessage } from '@core/wire/protocol';
import type { StoreQueries } from '../mcp/store-queries';
import type { BatchHub } from './batch-hub';

/** One connection to a store writer, whatever carries it: a MessagePort (desktop app) or a WebSocket (headless). */
export interface StoreLinkTransport {
  /** Sends a message; throws when the connection is gone, so the hub hands the batch to another writer. */
  post(message: ServerMessage): void;
  /** Sends a batch's message as the text it already is (the writer parses it); throws as `post` does. */
  postBatch(batch: BatchText): void;
  isOpen(): boolean;
}

export interface StoreLink {
  /** A message from the writer, as it arrived, acted on and returned parsed; anything else is ignored (null). */
  receive(data: unknown): ClientMessage | null;
  /** The writer is gone: what it had not acked goes to the next one. */
  detach(): void;
}

/** Longest nack message passed on to a notice: it comes from the page and is shown to the user. */
const MAX_ERROR_LENGTH = 500;

/** An ack, a nack or an answer from a writer, or null for anything else (the page is trusted, its messages are still checked). */
function parseClientMessage(data: unknown): ClientMessage | null {
  let msg = data;
  if (typeof data === 'string') {
    try {
      msg = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (typeof msg !== 'object' || msg === null) return null;
  const { type, seq, error, id } = msg as Partial<{ type: unknown; seq: unknown; error: unknown; id: unknown }>;
  if (type === 'answer' && Number.isSafeInteger(id)) {
    return 'error' in msg
      ? { type: 'answer', id: id as number, error: String(error).slice(0, MAX_ERROR_LENGTH) }
      : { type: 'answer', id: id as number, result: (msg as { result?: unknown }).result ?? null };
  }
  if (!Number.isSafeInteger(seq)) return null;
  if (type === 'ack') return { type: 'ack', seq: seq as number };
  if (type === 'nack')
    return { type: 'nack', seq: seq as number, error: String(error ?? 'unknown error').slice(0, MAX_ERROR_LENGTH) };
  return null;
}

/**
 * Makes a connected store writer a consumer of the hub: it first learns where Loupe listens, then gets the notices,
 * how much waits to be stored, and the batches, and its acks and nacks go back to the hub. The same for both
 * transports, so ordering, retries and what a nack does cannot differ between the desktop app and headless mode.
 */
export function attachStoreLink(
  hub: BatchHub,
  transport: StoreLinkTransport,
  info: ServerInfo | null,
  queries?: StoreQueries,
): StoreLink {
  if (info) transport.post({ type: 'info', info });
  // The writer also answers the MCP server's read-only questions, on the same connection.
  const answering = queries?.attach(transport);
  const detach = hub.attach({
    sendText: (batch) => {
      if (!transport.isOpen()) throw new Error('the store writer is gone');
      transport.postBatch(batch);
    },
    notice: (notice) => {
      if (transport.isOpen()) transport.post({ type: 'notice', notice });
    },
    backlog: (backlog) => {
      if (transport.isOpen()) transport.post({ type: 'backlog', backlog });
    },
  });
  return {
    receive(data) {
      const msg = parseClientMessage(data);
      if (msg?.type === 'ack') hub.ack(msg.seq);
      else if (msg?.type === 'nack') hub.nack(msg.seq, msg.error);
      else if (msg?.type === 'answer')
        answering?.answer(msg.id, 'error' in msg ? { error: msg.error } : { result: msg.result });
      return msg;
    },
    detach: () => {
      answering?.detach();
      detach();
    },
  };
}
