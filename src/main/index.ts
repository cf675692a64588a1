import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerInfo } from '@core/bridge/protocol';
import { app, type BrowserWindow, ipcMain, session } from 'electron';
import { BatchHub } from './bridge/batch-hub';
import { createIpcBridge } from './ipc-bridge';
import { PortInUseError } from './receiver/listen';
import { RECEIVER_PORT, type ReceiverServer, startReceiverServer } from './receiver-server';
import { hardenSession } from './security/harden-session';
import { Spool } from './spool/spool';
import { createMainWindow } from './window';

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const INDEX_HTML = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

let hub = new BatchHub();
const windows = new Set<BrowserWindow>();
let receiver: ReceiverServer | null = null;
let serverInfo: ServerInfo | null = null;

function openWindow(): BrowserWindow {
  const win = createMainWindow({ preloadPath: PRELOAD, devServerUrl, indexHtmlPath: INDEX_HTML });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  return win;
}

async function startReceiver(): Promise<void> {
  try {
    receiver = await startReceiverServer(hub, app.getPath('userData'));
    serverInfo = receiver.info;
  } catch (error) {
    const message =
      error instanceof PortInUseError
        ? `ports ${RECEIVER_PORT} to ${error.port} are all in use by other processes; Loupe cannot receive traces. Free port ${RECEIVER_PORT} and restart Loupe`
        : `the receiver could not start: ${error instanceof Error ? error.message : String(error)}`;
    hub.notice('error', message);
  }
}

/**
 * The hub over the durable spool in the user data directory, so batches received while no window stored them survive
 * a quit or a crash. Without a writable directory Loupe still works, holding batches in memory, and says so.
 */
async function openHub(): Promise<BatchHub> {
  const dir = join(app.getPath('userData'), 'spool');
  try {
    let opened: BatchHub | null = null;
    const store = await Spool.open({ dir, onProblem: (message) => opened?.notice('error', message) });
    opened = new BatchHub({ store });
    return opened;
  } catch (error) {
    const fallback = new BatchHub();
    const reason = error instanceof Error ? error.message : String(error);
    fallback.notice(
      'error',
      `Loupe could not open its spool in ${dir} (${reason}); traces received while no window is open are kept in memory only`,
    );
    return fallback;
  }
}

// A second copy would fight over the port and the database: focus the first one instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = windows;
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app.whenReady().then(async () => {
    hardenSession(session.defaultSession, devServerUrl);
    hub = await openHub();
    createIpcBridge({
      ipcMain,
      hub,
      isOwnWindow: (contents) => [...windows].some((w) => !w.isDestroyed() && w.webContents === contents),
      serverInfo: () => serverInfo,
    });
    // Listen first, so the window's first question (where do I send traces?) has its answer.
    await startReceiver();
    openWindow();
    app.on('activate', () => {
      if (windows.size === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    void receiver?.close();
    void hub.close();
  });
}
