import { IPC } from '@core/wire/ipc-channels';
import type { ServerInfo } from '@core/wire/protocol';
import type { IpcMain, IpcMainEvent, WebContents } from 'electron';
import type { BatchHub } from '../server/hub/batch-hub';

export interface IpcBridgeOptions {
  ipcMain: Pick<IpcMain, 'on' | 'handle' | 'removeListener' | 'removeHandler'>;
  hub: BatchHub;
  /** True only for the webContents of windows this app created. */
  isOwnWindow: (contents: WebContents) => boolean;
  serverInfo: () => ServerInfo | null;
}

/** Longest nack message passed on to a notice: it comes from the renderer and is shown to the user. */
const MAX_ERROR_LENGTH = 500;

/**
 * Connects windows to the hub: a window's preload says `ready`, gets batches, and acks them after its Dexie
 * transaction committed. Messages from anything but a window this app created are ignored.
 */
export function createIpcBridge(options: IpcBridgeOptions): () => void {
  const { ipcMain, hub, isOwnWindow } = options;
  /** Attached windows by webContents id. */
  const attached = new Map<number, { contents: WebContents; detach: () => void }>();
  const watched = new WeakSet<WebContents>();

  const detach = (contents: WebContents) => {
    const entry = attached.get(contents.id);
    if (entry?.contents !== contents) return;
    attached.delete(contents.id);
    entry.detach();
  };

  const isAttached = (event: IpcMainEvent) => attached.get(event.sender.id)?.contents === event.sender;

  const onReady = (event: IpcMainEvent) => {
    const contents = event.sender;
    if (!isOwnWindow(contents)) return;
    // A reload runs the preload again: what the old page had in flight goes to the new one.
    detach(contents);
    const detachFromHub = hub.attach({
      send: (batch) => {
        if (contents.isDestroyed()) throw new Error('window is gone');
        contents.send(IPC.batch, batch);
      },
      notice: (notice) => {
        if (!contents.isDestroyed()) contents.send(IPC.notice, notice);
      },
    });
    attached.set(contents.id, { contents, detach: detachFromHub });
    if (!watched.has(contents)) {
      watched.add(contents);
      contents.once('destroyed', () => detach(contents));
      contents.on('render-process-gone', () => detach(contents));
    }
  };

  const onAck = (event: IpcMainEvent, seq: unknown) => {
    if (isAttached(event) && Number.isSafeInteger(seq)) hub.ack(seq as number);
  };

  const onNack = (event: IpcMainEvent, seq: unknown, error: unknown) => {
    if (!isAttached(event) || !Number.isSafeInteger(seq)) return;
    hub.nack(seq as number, String(error ?? 'unknown error').slice(0, MAX_ERROR_LENGTH));
  };

  ipcMain.on(IPC.ready, onReady);
  ipcMain.on(IPC.ack, onAck);
  ipcMain.on(IPC.nack, onNack);
  ipcMain.handle(IPC.serverInfo, (event) => {
    if (!isOwnWindow(event.sender)) throw new Error('not a Loupe window');
    return options.serverInfo();
  });

  return () => {
    ipcMain.removeListener(IPC.ready, onReady);
    ipcMain.removeListener(IPC.ack, onAck);
    ipcMain.removeListener(IPC.nack, onNack);
    ipcMain.removeHandler(IPC.serverInfo);
    for (const { contents } of [...attached.values()]) detach(contents);
  };
}
