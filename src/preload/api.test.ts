import { EventEmitter } from 'node:events';
import { IPC } from '@core/wire/ipc-channels';
import type { IpcRenderer } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createLoupeApi } from './api';

vi.mock('electron', () => ({}));

class FakeIpcRenderer extends EventEmitter {
  sent: unknown[][] = [];
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  invoke = vi.fn(async (_channel: string, ..._args: unknown[]) => ({ result: { port: 4319 } }));
  /** Delivers a message as if main called webContents.send (or postMessage, with ports). */
  fromMain(channel: string, payload: unknown, ports: unknown[] = []) {
    this.emit(channel, { ports }, payload);
  }
}

function setup() {
  const ipc = new FakeIpcRenderer();
  const toPage: unknown[] = [];
  const api = createLoupeApi(ipc as unknown as IpcRenderer, (port) => toPage.push(port));
  return { ipc, api, toPage };
}

describe('preload API: the store port', () => {
  it('asks main for a store port and hands the transferred port to the page, without touching it', () => {
    const { ipc, api, toPage } = setup();
    api.openStorePort();
    expect(ipc.sent).toEqual([[IPC.openStorePort]]);
    const port = { postMessage: vi.fn(), start: vi.fn() };
    ipc.fromMain(IPC.storePort, null, [port]);
    expect(toPage).toEqual([port]);
    expect(port.postMessage).not.toHaveBeenCalled();
    expect(port.start).not.toHaveBeenCalled();
  });

  it('ignores a store-port message that carries no port', () => {
    const { ipc, toPage } = setup();
    ipc.fromMain(IPC.storePort, null, []);
    expect(toPage).toEqual([]);
  });
});

describe('preload API: commands, menu commands and the error badge', () => {
  it('runs a command in main and passes its answer back', async () => {
    const { ipc, api } = setup();
    expect(await api.runCommand('getSettings', null)).toEqual({ result: { port: 4319 } });
    expect(ipc.invoke).toHaveBeenCalledWith(IPC.command, 'getSettings', null);
  });

  it('passes known menu commands to the page, drops anything else, and unsubscribes', () => {
    const { ipc, api } = setup();
    const commands: string[] = [];
    const stop = api.onMenuCommand((command) => commands.push(command));
    ipc.fromMain(IPC.menuCommand, 'import');
    ipc.fromMain(IPC.menuCommand, 'rm -rf');
    ipc.fromMain(IPC.menuCommand, { command: 'settings' });
    ipc.fromMain(IPC.menuCommand, 'settings');
    stop();
    ipc.fromMain(IPC.menuCommand, 'connect');
    expect(commands).toEqual(['import', 'settings']);
  });

  it('reports new error traces to main', () => {
    const { ipc, api } = setup();
    api.reportErrorTraces({ count: 2, latest: { traceId: 't9', name: 'checkout' } });
    expect(ipc.sent).toContainEqual([IPC.errorTraces, { count: 2, latest: { traceId: 't9', name: 'checkout' } }]);
  });
});
