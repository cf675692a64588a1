import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  const created: FakeWindow[] = [];
  class FakeWindow {
    options: Record<string, unknown>;
    listeners = new Map<string, Listener>();
    openHandler: ((details: { url: string }) => unknown) | null = null;
    loadURL = vi.fn(async () => undefined);
    loadFile = vi.fn(async () => undefined);
    show = vi.fn();
    webContents = {
      on: (event: string, listener: Listener) => this.listeners.set(event, listener),
      setWindowOpenHandler: (handler: (details: { url: string }) => unknown) => {
        this.openHandler = handler;
      },
    };
    constructor(options: Record<string, unknown>) {
      this.options = options;
      created.push(this);
    }
    once(event: string, listener: Listener) {
      this.listeners.set(`once:${event}`, listener);
    }
  }
  return { created, FakeWindow, openExternal: vi.fn(async () => undefined) };
});

vi.mock('electron', () => ({ BrowserWindow: electron.FakeWindow, shell: { openExternal: electron.openExternal } }));

const { createMainWindow } = await import('./window');

function open(devServerUrl?: string) {
  createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    devServerUrl,
    indexHtmlPath: '/app/out/renderer/index.html',
  });
  const win = electron.created.at(-1);
  if (!win) throw new Error('no window created');
  return win;
}

describe('createMainWindow', () => {
  beforeEach(() => {
    electron.created.length = 0;
    electron.openExternal.mockClear();
  });

  it('isolates and sandboxes the page, with the preload and no Node', () => {
    const win = open();
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(win.options.show).toBe(false);
    win.listeners.get('once:ready-to-show')?.();
    expect(win.show).toHaveBeenCalled();
  });

  it('loads the built index.html, or the dev server when there is one', () => {
    const built = open();
    expect(built.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html');
    expect(built.loadURL).not.toHaveBeenCalled();
    const dev = open('http://localhost:5173');
    expect(dev.loadURL).toHaveBeenCalledWith('http://localhost:5173');
  });

  it('denies navigation and sends web links to the system browser', () => {
    const win = open();
    const navigate = win.listeners.get('will-navigate');
    for (const url of ['https://example.com/docs', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const event = { preventDefault: vi.fn() };
      navigate?.(event, url);
      expect(event.preventDefault).toHaveBeenCalled();
    }
    expect(electron.openExternal.mock.calls).toEqual([['https://example.com/docs']]);
  });

  it('denies window.open and webviews', () => {
    const win = open();
    expect(win.openHandler?.({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(win.openHandler?.({ url: 'loupe-custom://x' })).toEqual({ action: 'deny' });
    expect(electron.openExternal.mock.calls).toEqual([['http://example.com/']]);
    const event = { preventDefault: vi.fn() };
    win.listeners.get('will-attach-webview')?.(event);
    expect(event.preventDefault).toHaveBeenCalled();
  });
});
