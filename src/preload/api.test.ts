import { EventEmitter } from 'node:events';
import { IPC } from '@core/wire/ipc-channels';
import type { IngestBatch, Notice } from '@core/wire/protocol';
import type { IpcRenderer } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createLoupeApi, type WriteBatch } from './api';

vi.mock('electron', () => ({}));

class FakeIpcRenderer extends EventEmitter {
  sent: unknown[][] = [];
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  invoke = vi.fn(async (_channel: string) => ({ host: '127.0.0.1', port: 4319, endpoint: 'http://127.0.0.1:4319' }));
  /** Delivers a message as if main called webContents.send. */
  fromMain(channel: string, payload: unknown) {
    this.emit(channel, {}, payload);
  }
}

const batch = (seq: number, traceId = `t${seq}`): IngestBatch => ({
  seq,
  receivedAt: 0,
  source: 'test',
  observations: [{ traceId } as IngestBatch['observations'][number]],
});

const flush = () => new Promise((done) => setTimeout(done, 0));

function setup(write: WriteBatch) {
  const ipc = new FakeIpcRenderer();
  const api = createLoupeApi(ipc as unknown as IpcRenderer, write);
  return { ipc, api };
}

describe('preload API', () => {
  it('writes each batch, acks it after the write, and tells subscribers which traces changed', async () => {
    const { ipc, api } = setup(async (b) => ({ traceIds: b.observations.map((o) => o.traceId) }));
    const stored: string[][] = [];
    api.onStored((ids) => stored.push(ids));
    ipc.fromMain(IPC.batch, batch(1));
    ipc.fromMain(IPC.batch, batch(2));
    await flush();
    expect(ipc.sent).toEqual([
      [IPC.ack, 1],
      [IPC.ack, 2],
    ]);
    expect(stored).toEqual([['t1'], ['t2']]);
  });

  it('writes one batch at a time, in arrival order', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((done) => {
      release = done;
    });
    const { ipc } = setup(async (b) => {
      order.push(`start ${b.seq}`);
      if (b.seq === 1) await gate;
      order.push(`end ${b.seq}`);
      return { traceIds: [] };
    });
    ipc.fromMain(IPC.batch, batch(1));
    ipc.fromMain(IPC.batch, batch(2));
    await flush();
    expect(order).toEqual(['start 1']);
    release();
    await flush();
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('nacks with the error when the write fails, and keeps going', async () => {
    const { ipc, api } = setup(async (b) => {
      if (b.seq === 1) throw new DOMException('disk full', 'QuotaExceededError');
      return { traceIds: ['t2'] };
    });
    const stored = vi.fn();
    api.onStored(stored);
    ipc.fromMain(IPC.batch, batch(1));
    ipc.fromMain(IPC.batch, batch(2));
    await flush();
    expect(ipc.sent).toEqual([
      [IPC.nack, 1, 'QuotaExceededError: disk full'],
      [IPC.ack, 2],
    ]);
    expect(stored).toHaveBeenCalledTimes(1);
  });

  it('replays notices that came before a subscriber, and unsubscribes', () => {
    const { ipc, api } = setup(async () => ({ traceIds: [] }));
    const early: Notice = { id: 1, time: 1, level: 'warning', message: 'port 4318 is in use' };
    ipc.fromMain(IPC.notice, early);
    const seen: Notice[] = [];
    const off = api.onNotice((n) => seen.push(n));
    expect(seen).toEqual([early]);
    off();
    ipc.fromMain(IPC.notice, { ...early, id: 2 });
    expect(seen).toHaveLength(1);
  });

  it('asks main for the server info', async () => {
    const { ipc, api } = setup(async () => ({ traceIds: [] }));
    expect(await api.getServerInfo()).toMatchObject({ port: 4319 });
    expect(ipc.invoke).toHaveBeenCalledWith(IPC.serverInfo);
  });
});

describe('preload API: menu commands and the error badge', () => {
  it('passes known menu commands to the page, drops anything else, and unsubscribes', () => {
    const { ipc, api } = setup(async () => ({ traceIds: [] }));
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
    const { ipc, api } = setup(async () => ({ traceIds: [] }));
    api.reportErrorTraces({ count: 2, latest: { traceId: 't9', name: 'checkout' } });
    expect(ipc.sent).toContainEqual([IPC.errorTraces, { count: 2, latest: { traceId: 't9', name: 'checkout' } }]);
  });
});
