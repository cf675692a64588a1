/// <reference types="electron-vite/node" />
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC } from '@core/wire/ipc-channels';
import type { MenuCommand } from '@core/wire/protocol';
import {
  app,
  BrowserWindow,
  ipcMain,
  MessageChannelMain,
  Notification,
  nativeImage,
  screen,
  session,
  Tray,
} from 'electron';
import trayIconPath from '../../build/tray-icon.png?asset';
import { writeServerFile } from '../server/mcp/server-file';
import { type LoupeServer, startServer } from '../server/start-server';
import { createErrorBadge, type ErrorBadge, listenForErrorTraces } from './badge';
import { registerCommandsIpc } from './commands-ipc';
import { installMenu } from './menu';
import { createErrorNotifier } from './notifications';
import { hardenSession } from './security/harden-session';
import { serveStorePorts } from './store-port';
import { createMainWindow, showAndFocus } from './window';
import { placeWindow, readWindowState, trackWindowState } from './window-state';

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const INDEX_HTML = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const CONVERT_WORKER = fileURLToPath(new URL('./convert-worker.js', import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
// Another place for the app's files (settings, spool, window state, the store): the end-to-end tests start it on a
// fresh one each time, as a first launch.
if (process.env.LOUPE_USER_DATA_DIR) app.setPath('userData', process.env.LOUPE_USER_DATA_DIR);

const windows = new Set<BrowserWindow>();
let server: LoupeServer | null = null;
/** Removes the serve.json this app wrote, on quit. */
let removeServerFile: (() => void) | null = null;
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
  trackWindowState(win, stateFile, (message) => server?.hub.notice('warning', message));
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
    const dataDir = app.getPath('userData');
    // Listen before the window opens, so its first question (where do I send traces?) has its answer. What could
    // not start is a notice in the window: the stored traces stay readable.
    // The port is the one in the settings (it applies from the next start); taken, the next free one is used.
    const started = await startServer({
      dataDir,
      portHint: 'Settings → Port (then restart Loupe)',
      grpcHint: {
        port: 'Settings → OTLP/gRPC port (then restart Loupe)',
        turnOn: 'turn OTLP/gRPC on in Settings and restart Loupe',
      },
      convertWorker: CONVERT_WORKER,
      version: app.getVersion(),
    });
    server = started;
    // Lets loupe-mcp (the stdio entry for coding agents) find this app's port.
    if (started.info) removeServerFile = writeServerFile(dataDir, started.info);
    const isOwnWindow = (contents: Electron.WebContents) =>
      [...windows].some((w) => !w.isDestroyed() && w.webContents === contents);
    serveStorePorts({
      ipcMain,
      hub: started.hub,
      isOwnWindow,
      serverInfo: () => started.info,
      createChannel: () => new MessageChannelMain(),
      queries: started.queries,
    });
    registerCommandsIpc({ ipcMain, commands: started.commands, isOwnWindow });
    badge = createErrorBadge({
      platform: process.platform,
      setBadgeCount: (count) => app.setBadgeCount(count),
      createTray: () => new Tray(nativeImage.createFromPath(trayIconPath)),
      showWindow,
      quit: () => app.quit(),
    });
    const notifier = createErrorNotifier({
      isSupported: () => Notification.isSupported(),
      create: (options) => new Notification(options),
      // Read at each new error: a change in the settings applies at once.
      enabled: async () => started.settings.get().notifications,
      windowFocused: () => BrowserWindow.getFocusedWindow() !== null,
      onClick: showWindow,
    });
    listenForErrorTraces({
      ipcMain,
      isOwnWindow,
      badge,
      onNewErrors: (report, previous) => void notifier.notify(report, previous),
    });
    openWindow();
    app.on('activate', () => {
      if (windows.size === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    removeServerFile?.();
    void server?.close();
    badge?.destroy();
  });
}
