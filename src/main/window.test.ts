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
    maximize = vi.fn();
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

const { createMainWindow, showAndFocus } = await import('./window');

function open(devServerUrl?: string, placement?: Parameters<typeof createMainWindow>[0]['placement']) {
  createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    devServerUrl,
    indexHtmlPath: '/app/out/renderer/index.html',
    placement,
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

describe('window placement and focus', () => {
  it('opens with the remembered bounds and maximized state, or the default size centered', () => {
    const remembered = open(undefined, { x: 40, y: 50, width: 1000, height: 700, maximized: true });
    expect(remembered.options).toMatchObject({ x: 40, y: 50, width: 1000, height: 700, minWidth: 720 });
    expect(remembered.maximize).toHaveBeenCalled();
    const fresh = open();
    expect(fresh.options).toMatchObject({ width: 1400, height: 900 });
    expect(fresh.options).not.toHaveProperty('x');
    expect(fresh.maximize).not.toHaveBeenCalled();
  });

  it('restores a minimized window, shows a hidden one, and focuses it (second launch, tray, notification)', () => {
    const win = {
      isMinimized: vi.fn(() => true),
      restore: vi.fn(),
      isVisible: vi.fn(() => false),
      show: vi.fn(),
      focus: vi.fn(),
    };
    showAndFocus(win);
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    const visible = { ...win, isMinimized: () => false, isVisible: () => true, restore: vi.fn(), show: vi.fn() };
    showAndFocus(visible);
    expect(visible.restore).not.toHaveBeenCalled();
    expect(visible.show).not.toHaveBeenCalled();
  });
});
