import { IPC } from '@core/wire/ipc-channels';
import type { ServerInfo } from '@core/wire/protocol';
import type { IpcMain, IpcMainEvent, MessageChannelMain, MessagePortMain, WebContents } from 'electron';
import type { BatchHub } from '../server/hub/batch-hub';
import { attachStoreLink, type StoreLink } from '../server/hub/store-link';
import type { StoreQueries } from '../server/mcp/store-queries';

export interface StorePortOptions {
  ipcMain: Pick<IpcMain, 'on' | 'removeListener'>;
  hub: BatchHub;
  /** True only for the webContents of windows this app created. */
  isOwnWindow: (contents: WebContents) => boolean;
  serverInfo: () => ServerInfo | null;
  /** Electron's `new MessageChannelMain()`; passed in so this module loads without Electron in tests. */
  createChannel: () => Pick<MessageChannelMain, 'port1' | 'port2'>;
  /** The MCP server's questions: each window's store worker answers them from its store. */
  queries?: StoreQueries;
}

/**
 * Connects each window's store worker to the hub over a MessagePort: the window asks (`openStorePort`), main keeps
 * one end and transfers the other, which the preload hands to the page and the page to its store worker. Batches
 * then go from main to the worker with no stop on the page's thread, and acks come back the same way. A window that
 * asks again (a reload) replaces its port: what the old one had not acked goes to the new one. Requests from anything
 * but a window this app created are ignored.
 */
export function serveStorePorts(options: StorePortOptions): () => void {
  const { ipcMain, hub, isOwnWindow } = options;
  const links = new Map<WebContents, { port: MessagePortMain; link: StoreLink }>();
  const watched = new WeakSet<WebContents>();

  const drop = (contents: WebContents) => {
    const entry = links.get(contents);
    if (!entry) return;
    links.delete(contents);
    entry.link.detach();
    entry.port.close();
  };

  const onOpen = (event: IpcMainEvent) => {
    const contents = event.sender;
    if (!isOwnWindow(contents)) return;
    drop(contents);
    const { port1, port2 } = options.createChannel();
    let open = true;
    const link = attachStoreLink(
      hub,
      {
        post: (message) => port1.postMessage(message),
        // The text as it is: the worker parses it, as it parses the WebSocket's.
        postBatch: (batch) => port1.postMessage(batch.text),
        isOpen: () => open && !contents.isDestroyed(),
      },
      options.serverInfo(),
      options.queries,
    );
    const entry = { port: port1, link };
    links.set(contents, entry);
    port1.on('message', (e) => link.receive(e.data));
    // The other end went away (the page or its worker is gone): its batches move on.
    port1.on('close', () => {
      open = false;
      if (links.get(contents) === entry) drop(contents);
    });
    port1.start();
    contents.postMessage(IPC.storePort, null, [port2]);
    if (!watched.has(contents)) {
      watched.add(contents);
      contents.once('destroyed', () => drop(contents));
      contents.on('render-process-gone', () => drop(contents));
    }
  };

  ipcMain.on(IPC.openStorePort, onOpen);
  return () => {
    ipcMain.removeListener(IPC.openStorePort, onOpen);
    for (const contents of [...links.keys()]) drop(contents);
  };
}
