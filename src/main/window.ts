import { BrowserWindow, shell } from 'electron';
import { DEFAULT_SIZE, MIN_SIZE, type WindowPlacement } from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  /** The Vite dev server in `npm run dev`; otherwise the built index.html is loaded. */
  devServerUrl?: string;
  indexHtmlPath: string;
  /** Size, position and maximized state remembered from the last run (see window-state.ts); default size without. */
  placement?: WindowPlacement;
}

/** Brings the window to the front: restored if minimized, shown if hidden (a second launch, the tray, a notification). */
export function showAndFocus(
  win: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'isVisible' | 'show' | 'focus'>,
): void {
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}

/** Only web links leave the app, and only to the system browser; file:, javascript: and custom schemes never. */
function openIfWebLink(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') void shell.openExternal(parsed.href);
}

/**
 * The one window. It renders untrusted SDK data, so it gets no Node, an isolated and sandboxed preload, and cannot
 * navigate away or open windows: links go to the system browser.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const placement = options.placement ?? { ...DEFAULT_SIZE, maximized: false };
  const win = new BrowserWindow({
    ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : {}),
    width: placement.width,
    height: placement.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Loupe',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  if (placement.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openIfWebLink(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openIfWebLink(url);
    return { action: 'deny' };
  });

  if (options.devServerUrl) void win.loadURL(options.devServerUrl);
  else void win.loadFile(options.indexHtmlPath);
  return win;
}
