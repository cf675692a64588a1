/// <reference types="electron-vite/node" />
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC } from '@core/wire/ipc-channels';
import type { MenuCommand, ServerInfo } from '@core/wire/protocol';
import { app, BrowserWindow, ipcMain, Notification, nativeImage, screen, session, Tray } from 'electron';
import trayIconPath from '../../build/tray-icon.png?asset';
import { createCommands } from '../server/commands/commands';
import { registerSettingsHandlers } from '../server/commands/settings-commands';
import { registerTransferHandlers } from '../server/commands/transfer-commands';
import { type ForwarderHandle, startForwarder } from '../server/forward/start-forwarder';
import { BatchHub } from '../server/hub/batch-hub';
import { PortInUseError } from '../server/receiver/listen';
import { RECEIVER_PORT, type ReceiverServer, startReceiverServer } from '../server/receiver-server';
import { credentialsSource } from '../server/settings/credentials';
import { SettingsFile } from '../server/settings/settings-file';
import { Spool } from '../server/spool/spool';
import { createErrorBadge, type ErrorBadge, listenForErrorTraces } from './badge';
import { registerCommandsIpc } from './commands-ipc';
import { installMenu } from './menu';
import { createErrorNotifier } from './notifications';
import { hardenSession } from './security/harden-session';
import { createIpcBridge } from './store-port';
import { createMainWindow, showAndFocus } from './window';
import { placeWindow, readWindowState, trackWindowState } from './window-state';

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const INDEX_HTML = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const CONVERT_WORKER = fileURLToPath(new URL('./convert-worker.js', import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

let hub = new BatchHub();
const windows = new Set<BrowserWindow>();
let receiver: ReceiverServer | null = null;
let serverInfo: ServerInfo | null = null;
let forwarding: ForwarderHandle | null = null;
let badge: ErrorBadge | null = null;

function openWindow(): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  // The primary display first: a window whose display is gone opens there.
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)];
  const placement = placeWindow(
    readWindowState(stateFile),
    displays.map((d) => d.workArea),
  );
  const win = createMainWindow({ preloadPath: PRELOAD, devServerUrl, indexHtmlPath: INDEX_HTML, placement });
  trackWindowState(win, stateFile, (message) => hub.notice('warning', message));
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  return win;
}

/** The window to act in: the focused one, else the first, else a new one. */
function mainWindow(): BrowserWindow {
  const focused = BrowserWindow.getFocusedWindow();
  if (focused && windows.has(focused)) return focused;
  const [first] = windows;
  return first && !first.isDestroyed() ? first : openWindow();
}

function showWindow(): void {
  showAndFocus(mainWindow());
}

/** A menu command goes to the page; a window opened for it gets it once its page has loaded. */
function sendMenuCommand(command: MenuCommand): void {
  const win = mainWindow();
  showAndFocus(win);
  if (win.webContents.isLoading())
    win.webContents.once('did-finish-load', () => win.webContents.send(IPC.menuCommand, command));
  else win.webContents.send(IPC.menuCommand, command);
}

async function startReceiver(): Promise<void> {
  try {
    // The port chosen in the settings applies from the next start; taken, the next free one is used and announced.
    const port = new SettingsFile(app.getPath('userData')).get().port || RECEIVER_PORT;
    receiver = await startReceiverServer(
      hub,
      app.getPath('userData'),
      port,
      forwarding?.forwarder ?? null,
      CONVERT_WORKER,
    );
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
    if (app.isReady()) showWindow();
  });

  app.whenReady().then(async () => {
    hardenSession(session.defaultSession, devServerUrl);
    installMenu({ platform: process.platform, isDev: !app.isPackaged, send: sendMenuCommand });
    hub = await openHub();
    forwarding = await startForwarder(app.getPath('userData'), hub);
    const isOwnWindow = (contents: Electron.WebContents) =>
      [...windows].some((w) => !w.isDestroyed() && w.webContents === contents);
    createIpcBridge({ ipcMain, hub, isOwnWindow, serverInfo: () => serverInfo });
    const commands = createCommands();
    registerSettingsHandlers(commands, {
      settings: new SettingsFile(app.getPath('userData')),
      endpoint: () => serverInfo?.endpoint ?? null,
      credentials: credentialsSource(null, app.getPath('userData')),
    });
    registerTransferHandlers(commands, hub, forwarding?.forwarder ?? null);
    registerCommandsIpc({ ipcMain, commands, isOwnWindow });
    badge = createErrorBadge({
      platform: process.platform,
      setBadgeCount: (count) => app.setBadgeCount(count),
      createTray: () => new Tray(nativeImage.createFromPath(trayIconPath)),
      showWindow,
      quit: () => app.quit(),
    });
    // Read at each new error: a change in the settings applies at once (the store re-reads settings.json).
    const notificationSettings = new SettingsFile(app.getPath('userData'));
    const notifier = createErrorNotifier({
      isSupported: () => Notification.isSupported(),
      create: (options) => new Notification(options),
      enabled: async () => notificationSettings.get().notifications,
      windowFocused: () => BrowserWindow.getFocusedWindow() !== null,
      onClick: showWindow,
    });
    listenForErrorTraces({
      ipcMain,
      isOwnWindow,
      badge,
      onNewErrors: (report, previous) => void notifier.notify(report, previous),
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
    void forwarding?.close();
    void hub.close();
    badge?.destroy();
  });
}
