import type { RetentionSettings } from '@core/commands/contract';
import type { ServerMessage } from '@core/wire/protocol';
import { runAgentQuery } from './agent-queries';
import { type BatchSource, createBatchWriter } from './batch-writer';
import type { LoupeDb } from './db';
import { deleteAllData, deleteTraces, runRetention } from './retention';
import { compactSkeletonLog } from './skeleton-log-store';
import { type LinkHandlers, linkPort, linkSocket } from './store-links';
import type { FromStoreWorker, StoreRequest, ToStoreWorker } from './store-worker-messages';

/** Carries out a write the page asked for. */
function runRequest(db: LoupeDb, request: StoreRequest): Promise<unknown> {
  switch (request.op) {
    case 'deleteTraces':
      return deleteTraces(db, request.arg.traceIds).then(() => null);
    case 'deleteAll':
      return deleteAllData(db).then(() => null);
    case 'retention':
      return runRetention(db, request.arg.limits, request.arg.reason);
    case 'compactSkeletonLog':
      return compactSkeletonLog(db, request.arg.traceId).then(() => null);
  }
}

/** What the worker needs of its global scope (`self`), so a test can stand in for it. */
export interface WorkerScope {
  postMessage(message: FromStoreWorker): void;
  onmessage: ((event: MessageEvent<ToStoreWorker>) => void) | null;
}

/**
 * The store worker: it owns every write of received data to IndexedDB, off the page's thread, in both apps. The page
 * gives it its link to the server once (a MessagePort from main in the desktop app, the WebSocket's address in
 * headless mode); batches then flow server → worker → IndexedDB with no stop on the page, and the page only hears
 * which traces changed, the notices, and how the connection stands. What the user deletes, and retention, are written
 * here too, so a big deletion never stalls the page either.
 */
export function serveStore(scope: WorkerScope, db: LoupeDb): { idle(): Promise<void> } {
  const post = (message: FromStoreWorker) => scope.postMessage(message);
  let nextRequest = 0;
  const answers = new Map<number, (retention: RetentionSettings | null) => void>();

  const writer = createBatchWriter(db, {
    retention: () =>
      new Promise((resolve) => {
        const id = ++nextRequest;
        answers.set(id, resolve);
        post({ type: 'retention?', id });
      }),
    stored: (traceIds, summaries, previews) => post({ type: 'stored', traceIds, summaries, previews }),
    notice: (level, message) => post({ type: 'problem', level, message }),
  });

  const handlers: LinkHandlers = {
    message(msg: ServerMessage, source: BatchSource) {
      if (msg.type === 'batch') writer.receive(source, msg.batch);
      else if (msg.type === 'notice') post({ type: 'notice', notice: msg.notice });
      else if (msg.type === 'info') post({ type: 'info', info: msg.info });
      else if (msg.type === 'backlog') post({ type: 'backlog', backlog: msg.backlog });
      else if (msg.type === 'elsewhere') post({ type: 'elsewhere', profiles: msg.profiles });
      else if (msg.type === 'query')
        // A coding agent's read (MCP): answered on the link it came on, beside the writes, never blocking them.
        runAgentQuery(db, msg.op, msg.arg).then(
          (result) => source.reply({ type: 'answer', id: msg.id, result }),
          (error: unknown) =>
            source.reply({ type: 'answer', id: msg.id, error: error instanceof Error ? error.message : String(error) }),
        );
    },
    status: (status) => post({ type: 'status', status }),
  };

  let disconnect: (() => void) | null = null;
  scope.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === 'retention') {
      answers.get(msg.id)?.(msg.retention);
      answers.delete(msg.id);
      return;
    }
    if (msg.type === 'request') {
      runRequest(db, msg).then(
        (result) => post({ type: 'reply', id: msg.id, result }),
        (error: unknown) =>
          post({ type: 'reply', id: msg.id, error: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    // A new link replaces the old one (a reloaded page starts a new worker; this is for a port replaced by main).
    disconnect?.();
    disconnect = msg.type === 'port' ? linkPort(msg.port, handlers) : linkSocket(msg.url, handlers);
  };
  return { idle: () => writer.idle() };
}
