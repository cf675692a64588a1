import 'fake-indexeddb/auto';
import type { TraceSummary } from '@core/model/types';
import WebSocket from 'ws';

/*
 * The store worker's modules are typed for the browser (DOM's MessagePort and MessageEvent), which Node's tsconfig
 * leaves out: they are imported by a path the type checker does not follow, and used through the little typed here.
 */
const STORE = '../../src/renderer/src/store/';
type WorkerMessage = { type: string; [key: string]: unknown };
interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: { data: WorkerMessage }) => void) | null;
}
interface StoreDb {
  traces: { get(id: string): Promise<TraceSummary | undefined>; count(): Promise<number> };
  delete(): Promise<void>;
}
interface StoreModules {
  openDb(name: string): StoreDb;
  serveStore(scope: WorkerScope, db: StoreDb): { idle(): Promise<void> };
}
async function storeModules(): Promise<StoreModules> {
  const [db, worker] = await Promise.all([import(`${STORE}db`), import(`${STORE}store-worker`)]);
  return { openDb: db.openDb, serveStore: worker.serveStore };
}

/**
 * Loupe's page, played in Node: the real store worker (writer and MCP query module) over fake-indexeddb, linked to a
 * headless server's `/ws` as the page links it, with the page's origin and key. What the server sends is stored and
 * what the MCP server asks is answered exactly as in a browser.
 */
export async function storePage(pageUrl: string, dbName: string) {
  const url = new URL(pageUrl);
  const cookie = `loupe-key-${url.port}=${url.searchParams.get('key') ?? ''}`;
  const sockets: WebSocket[] = [];
  /** The browser's WebSocket as the store worker opens it: the browser adds the origin and the cookie. */
  class PageWebSocket extends WebSocket {
    constructor(address: string) {
      super(address, { origin: url.origin, headers: { cookie } });
      sockets.push(this);
    }
  }
  const previous = (globalThis as { WebSocket?: unknown }).WebSocket;
  (globalThis as { WebSocket?: unknown }).WebSocket = PageWebSocket;
  const stored = new Set<string>();
  const posted: WorkerMessage[] = [];
  const scope: WorkerScope & { fromPage(m: WorkerMessage): void } = {
    onmessage: null,
    postMessage(message) {
      posted.push(message);
      if (message.type === 'stored') for (const id of message.traceIds as string[]) stored.add(id);
      // The page's answer to the writer's question: no retention limits.
      if (message.type === 'retention?') scope.fromPage({ type: 'retention', id: message.id, retention: null });
    },
    fromPage(message) {
      this.onmessage?.({ data: message });
    },
  };
  const { openDb, serveStore } = await storeModules();
  const db = openDb(dbName);
  const worker = serveStore(scope, db);
  scope.fromPage({ type: 'socket', url: `ws://${url.host}/ws` });
  const connected = () => posted.some((m) => m.type === 'status' && m.status === 'connected');
  while (!connected()) await new Promise((done) => setTimeout(done, 20));
  return {
    db,
    stored,
    idle: () => worker.idle(),
    /** Drops the link as a closed tab does: the worker is handed a dead port instead, so it stops reconnecting. */
    async close() {
      const channel = new MessageChannel();
      scope.fromPage({ type: 'port', port: channel.port1 });
      channel.port1.close();
      channel.port2.close();
      await Promise.all(
        sockets.map((ws) =>
          ws.readyState === WebSocket.CLOSED ? null : new Promise((done) => ws.once('close', done)),
        ),
      );
      (globalThis as { WebSocket?: unknown }).WebSocket = previous;
    },
  };
}
