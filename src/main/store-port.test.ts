import { EventEmitter } from 'node:events';
import { IPC } from '@core/wire/ipc-channels';
import type { ServerInfo } from '@core/wire/protocol';
import type { IpcMain } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchHub } from '../server/hub/batch-hub';
import { createIpcBridge } from './store-port';

vi.mock('electron', () => ({}));

/** A webContents that records what main sends it. */
class FakeContents extends EventEmitter {
  static nextId = 1;
  id = FakeContents.nextId++;
  destroyed = false;
  sent: [string, unknown][] = [];
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
  batchSeqs() {
    return this.sent.filter(([c]) => c === IPC.batch).map(([, b]) => (b as { seq: number }).seq);
  }
}

class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  /** Delivers a message as if `sender` called ipcRenderer.send. */
  fromRenderer(sender: FakeContents, channel: string, ...args: unknown[]) {
    this.emit(channel, { sender }, ...args);
  }
}

/** Lets the hub's delivery loop (store reads are promises) catch up. */
const settle = () => new Promise((done) => setTimeout(done, 0));

const INFO: ServerInfo = { host: '127.0.0.1', port: 4318, endpoint: 'http://127.0.0.1:4318' };

describe('IPC bridge', () => {
  let ipc: FakeIpcMain;
  let hub: BatchHub;
  let own: Set<FakeContents>;
  let dispose: () => void;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    hub = new BatchHub({ retryMs: 0 });
    own = new Set();
    dispose = createIpcBridge({
      ipcMain: ipc as unknown as IpcMain,
      hub,
      isOwnWindow: (c) => own.has(c as unknown as FakeContents),
      serverInfo: () => INFO,
    });
  });

  function window() {
    const contents = new FakeContents();
    own.add(contents);
    return contents;
  }

  it('sends batches and notices to a window of ours once its preload is ready', async () => {
    const win = window();
    await hub.push([], 'x');
    await settle();
    expect(win.sent).toEqual([]);
    ipc.fromRenderer(win, IPC.ready);
    hub.notice('warning', 'port moved');
    await settle();
    expect(win.batchSeqs()).toEqual([1]);
    await settle();
    expect(win.sent.find(([c]) => c === IPC.notice)?.[1]).toMatchObject({ message: 'port moved' });
  });

  it('ignores ready, acks and nacks from webContents it did not create', async () => {
    const stranger = new FakeContents();
    ipc.fromRenderer(stranger, IPC.ready);
    await hub.push([], 'x');
    await settle();
    expect(stranger.sent).toEqual([]);
    const win = window();
    ipc.fromRenderer(win, IPC.ready);
    ipc.fromRenderer(stranger, IPC.ack, 1);
    await settle();
    expect(hub.pendingCount).toBe(1);
    ipc.fromRenderer(win, IPC.ack, 'not a number');
    await settle();
    expect(hub.pendingCount).toBe(1);
    ipc.fromRenderer(win, IPC.ack, 1);
    await settle();
    expect(hub.pendingCount).toBe(0);
  });

  it('sends a nacked batch again', async () => {
    const win = window();
    ipc.fromRenderer(win, IPC.ready);
    await hub.push([], 'x');
    ipc.fromRenderer(win, IPC.nack, 1, 'QuotaExceededError');
    await new Promise((done) => setTimeout(done, 5));
    await settle();
    expect(win.batchSeqs()).toEqual([1, 1]);
  });

  it('moves unacked batches to the next window when one is destroyed', async () => {
    const first = window();
    const second = window();
    ipc.fromRenderer(first, IPC.ready);
    ipc.fromRenderer(second, IPC.ready);
    await hub.push([], 'x');
    await settle();
    expect(first.batchSeqs()).toEqual([1]);
    first.destroy();
    await settle();
    expect(second.batchSeqs()).toEqual([1]);
    ipc.fromRenderer(first, IPC.ack, 1);
    await settle();
    expect(hub.pendingCount).toBe(1);
  });

  it('sends in-flight batches again after a reload (the preload says ready again)', async () => {
    const win = window();
    ipc.fromRenderer(win, IPC.ready);
    await hub.push([], 'x');
    ipc.fromRenderer(win, IPC.ready);
    await settle();
    expect(win.batchSeqs()).toEqual([1, 1]);
    ipc.fromRenderer(win, IPC.ack, 1);
    await settle();
    expect(hub.pendingCount).toBe(0);
  });

  it('answers serverInfo only to its own windows', async () => {
    const handler = ipc.handlers.get(IPC.serverInfo);
    expect(await handler?.({ sender: window() })).toEqual(INFO);
    expect(() => handler?.({ sender: new FakeContents() })).toThrow('not a Loupe window');
  });

  it('removes its listeners when disposed', async () => {
    const win = window();
    ipc.fromRenderer(win, IPC.ready);
    dispose();
    expect(ipc.listenerCount(IPC.ready) + ipc.listenerCount(IPC.ack) + ipc.listenerCount(IPC.nack)).toBe(0);
    expect(ipc.handlers.size).toBe(0);
    await hub.push([], 'x');
    await settle();
    expect(win.batchSeqs()).toEqual([]);
  });
});
