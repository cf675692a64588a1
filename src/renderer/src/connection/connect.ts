import type { TraceSummary } from '@core/model/types';
import type { TracePreview } from '@core/trace/preview-text';
import { STORE_PORT_MESSAGE } from '@core/wire/ipc-channels';
import { runCommand } from '../lib/commands';
import { workerErrorMessage } from '../lib/worker-error';
import { socketUrl } from '../store/store-links';
import type { FromStoreWorker, StoreRequests, ToStoreWorker } from '../store/store-worker-messages';
import { localNotice, markStored, useConnectionStore } from './connection-store';

type StoredListener = (traceIds: string[], summaries: TraceSummary[], previews: TracePreview[]) => void;
const storedListeners = new Set<StoredListener>();

let worker: Worker | null = null;
let nextRequest = 0;
const pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();

/**
 * A write of the page's own (a deletion, a retention run), carried out by the store worker like every other write.
 * Resolves once it committed; views refresh then.
 */
export function storeRequest<K extends keyof StoreRequests>(
  op: K,
  arg: StoreRequests[K]['arg'],
): Promise<StoreRequests[K]['result']> {
  const target = worker;
  if (!target) return Promise.reject(new Error('Loupe’s store worker is not running: reload the window'));
  const id = ++nextRequest;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
    target.postMessage({ type: 'request', id, op, arg } as ToStoreWorker);
  });
}

/**
 * Called after each batch the store worker committed, with the traces it touched and their summaries as it stored
 * them. Returns an unsubscribe.
 */
export function onStored(listener: StoredListener): () => void {
  storedListeners.add(listener);
  return () => {
    storedListeners.delete(listener);
  };
}

const answeredListeners = new Set<() => void>();

/**
 * Called after the store worker carried out a write the page asked for (a deletion, a retention run): unlike the
 * writer's commits, what it changed is not posted. Returns an unsubscribe.
 */
export function onAnswered(listener: () => void): () => void {
  answeredListeners.add(listener);
  return () => {
    answeredListeners.delete(listener);
  };
}

const PROFILE_KEY = 'loupe-profile-id';

/**
 * This browser profile's id for this origin, made once and kept in its storage (where its IndexedDB store is too);
 * null when the page may not keep one.
 */
function profileId(): string | null {
  try {
    let id = localStorage.getItem(PROFILE_KEY);
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      id = crypto.randomUUID().replaceAll('-', '');
      localStorage.setItem(PROFILE_KEY, id);
    }
    return id;
  } catch {
    return null;
  }
}

/**
 * Headless mode: asks the server whether this page holds this launch's key, and sets `locked` from the answer.
 * Resolves true when it does; a server that cannot be reached counts as holding it (the socket retries anyway).
 */
async function checkPageKey(): Promise<boolean> {
  let response: Response;
  try {
    response = await fetch('/api/loupe/session', { method: 'POST', cache: 'no-store' });
  } catch {
    return true;
  }
  if (response.status !== 403) {
    useConnectionStore.getState().setLocked(null);
    return true;
  }
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  useConnectionStore
    .getState()
    .setLocked(typeof body.error === 'string' ? body.error : 'this page does not hold this Loupe’s key');
  return false;
}

/** The desktop app's store port: asked of the preload, handed over by it as a window message. */
function storePortFromPreload(loupe: NonNullable<Window['loupe']>): Promise<MessagePort> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const [port] = event.ports;
      if (event.source !== window || (event.data as { type?: unknown })?.type !== STORE_PORT_MESSAGE || !port) return;
      window.removeEventListener('message', onMessage);
      resolve(port);
    };
    window.addEventListener('message', onMessage);
    loupe.openStorePort();
  });
}

/**
 * Starts receiving data: the store worker writes every batch into IndexedDB, off this thread; this page only hears
 * what changed. In the desktop app the worker gets the MessagePort main transferred through the preload; in a
 * browser (headless mode) it opens the WebSocket to the server that served the page. The views cannot tell the
 * difference. Returns a function that stops the worker.
 */
export function startConnection(): () => void {
  const store = useConnectionStore.getState();
  const started = new Worker(new URL('../store/store.worker.ts', import.meta.url), { type: 'module' });
  worker = started;
  const send = (message: ToStoreWorker, transfer: Transferable[] = []) => started.postMessage(message, transfer);

  started.onmessage = (event: MessageEvent<FromStoreWorker>) => {
    const msg = event.data;
    switch (msg.type) {
      case 'status':
        store.setStatus(msg.status);
        // A socket that keeps failing may be refused: a restarted Loupe has a new key, and the page must say so.
        if (msg.status === 'disconnected' && !window.loupe) void checkPageKey();
        break;
      case 'info':
        store.setServerInfo(msg.info);
        break;
      case 'notice':
        store.addNotice(msg.notice);
        break;
      case 'backlog':
        store.setBacklog(msg.backlog);
        break;
      case 'elsewhere':
        store.setElsewhere(msg.profiles);
        break;
      case 'problem':
        localNotice(msg.level, msg.message);
        break;
      case 'stored':
        markStored();
        for (const listener of [...storedListeners]) listener(msg.traceIds, msg.summaries, msg.previews);
        break;
      case 'retention?':
        runCommand('getSettings', null).then(
          (settings) => send({ type: 'retention', id: msg.id, retention: settings.retention }),
          () => send({ type: 'retention', id: msg.id, retention: null }),
        );
        break;
      case 'reply': {
        const request = pending.get(msg.id);
        pending.delete(msg.id);
        if ('error' in msg) request?.reject(new Error(msg.error));
        else {
          markStored();
          for (const listener of [...answeredListeners]) listener();
          request?.resolve(msg.result);
        }
        break;
      }
    }
  };
  started.onerror = (event) => {
    store.setStatus('disconnected');
    for (const request of pending.values())
      request.reject(new Error(`the store worker stopped: ${workerErrorMessage(event)}`));
    pending.clear();
    localNotice(
      'error',
      `Loupe’s store worker stopped, so new traces are not stored: ${workerErrorMessage(event)}. Reload the window.`,
    );
  };

  const loupe = window.loupe;
  if (loupe) storePortFromPreload(loupe).then((port) => send({ type: 'port', port }, [port]));
  else
    void checkPageKey().then((held) => {
      if (held) send({ type: 'socket', url: socketUrl(location, profileId()) });
    });
  // What was stored before this page opened is already in the database.
  markStored();
  return () => {
    started.terminate();
    if (worker === started) worker = null;
  };
}
