import { BrowserWindow, shell } from 'electron';

export interface MainWindowOptions {
  preloadPath: string;
  /** The Vite dev server in `npm run dev`; otherwise the built index.html is loaded. */
  devServerUrl?: string;
  indexHtmlPath: string;
}

/** Only web links leave the app, and only to the system browser; file:, javascript: and custom schemes never. */
export function openIfWebLink(url: string): void {
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
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 720,
    minHeight: 480,
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
