import { IPC, STORE_PORT_MESSAGE } from '@core/wire/ipc-channels';
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const ipcRenderer = Object.assign(new Emitter(), {
    sent: [] as unknown[][],
    send(channel: string, ...args: unknown[]) {
      ipcRenderer.sent.push([channel, ...args]);
    },
    invoke: async () => null,
  });
  return { ipcRenderer, exposed: new Map<string, unknown>() };
});

vi.mock('electron', () => ({
  ipcRenderer: electron.ipcRenderer,
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
}));

describe('preload entry', () => {
  it('exposes only the API functions, and posts the store port from main to its own page', async () => {
    const posted: unknown[][] = [];
    vi.stubGlobal('window', { postMessage: (...args: unknown[]) => posted.push(args) });
    await import('./index');
    const api = electron.exposed.get('loupe') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['onMenuCommand', 'openStorePort', 'reportErrorTraces', 'runCommand']);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    // Nothing is sent before the page asks: the page sets up its listener first.
    expect(electron.ipcRenderer.sent).toEqual([]);
    (api.openStorePort as () => void)();
    expect(electron.ipcRenderer.sent).toEqual([[IPC.openStorePort]]);
    const port = { id: 'port' };
    electron.ipcRenderer.emit(IPC.storePort, { ports: [port] });
    expect(posted).toEqual([[{ type: STORE_PORT_MESSAGE }, '*', [port]]]);
    vi.unstubAllGlobals();
  });
});
