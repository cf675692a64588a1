import { EventEmitter } from 'node:events';
import { IPC } from '@core/wire/ipc-channels';
import type { ServerInfo, ServerMessage } from '@core/wire/protocol';
import type { IpcMain, MessageChannelMain } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchHub } from '../server/hub/batch-hub';
import { serveStorePorts } from './store-port';

vi.mock('electron', () => ({}));

/** One end of a fake MessageChannelMain: what is posted on one end is a 'message' event on the other, once started. */
class FakePort extends EventEmitter {
  other!: FakePort;
  started = false;
  closed = false;
  /** What arrived here before start(), as Electron queues it. */
  private queue: unknown[] = [];
  postMessage(data: unknown) {
    if (this.closed || this.other.closed) return;
    this.other.deliver(structuredClone(data));
  }
  deliver(data: unknown) {
    if (this.started) this.emit('message', { data, ports: [] });
    else this.queue.push(data);
  }
  start() {
    this.started = true;
    for (const data of this.queue.splice(0)) this.emit('message', { data, ports: [] });
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
    this.other.closed = true;
    this.other.emit('close');
  }
}

function fakeChannel() {
  const port1 = new FakePort();
  const port2 = new FakePort();
  port1.other = port2;
  port2.other = port1;
  return { port1, port2 };
}

/** A webContents that records the ports main transfers to it; the test plays the page's store worker. */
class FakeContents extends EventEmitter {
  destroyed = false;
  ports: FakePort[] = [];
  postMessage(channel: string, _message: unknown, transfer: FakePort[]) {
    if (channel === IPC.storePort) this.ports.push(...transfer);
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
  /** The worker's end of the newest port, started, with what it received. */
  worker() {
    const port = this.ports.at(-1);
    if (!port) throw new Error('no port was transferred');
    const received: ServerMessage[] = [];
    // Batches come as the text of their message, as the store worker takes them.
    port.on('message', (e: { data: ServerMessage | string }) =>
      received.push(typeof e.data === 'string' ? (JSON.parse(e.data) as ServerMessage) : e.data),
    );
    port.start();
    return { port, received, seqs: () => received.flatMap((m) => (m.type === 'batch' ? [m.batch.seq] : [])) };
  }
}

class FakeIpcMain extends EventEmitter {
  /** Delivers a message as if `sender`'s preload called ipcRenderer.send. */
  fromRenderer(sender: FakeContents, channel: string) {
    this.emit(channel, { sender });
  }
}

/** Lets the hub's delivery loop (store reads are promises) catch up. */
const settle = () => new Promise((done) => setTimeout(done, 0));

const INFO: ServerInfo = { host: '127.0.0.1', port: 4318, endpoint: 'http://127.0.0.1:4318', grpcPort: 4317 };

describe('store ports (desktop app)', () => {
  let ipc: FakeIpcMain;
  let hub: BatchHub;
  let own: Set<FakeContents>;
  let dispose: () => void;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    hub = new BatchHub({ retryMs: 0 });
    own = new Set();
    dispose = serveStorePorts({
      ipcMain: ipc as unknown as IpcMain,
      hub,
      isOwnWindow: (c) => own.has(c as unknown as FakeContents),
      serverInfo: () => INFO,
      createChannel: () => fakeChannel() as unknown as MessageChannelMain,
    });
  });

  function window() {
    const contents = new FakeContents();
    own.add(contents);
    return contents;
  }

  /** A window of ours whose page asked for its port, and the worker end of it. */
  function connected() {
    const win = window();
    ipc.fromRenderer(win, IPC.openStorePort);
    return { win, worker: win.worker() };
  }

  it('transfers a port to a window of ours that asks, then sends the server info, notices and batches over it', async () => {
    const win = window();
    hub.notice('warning', 'port moved');
    await hub.push([], 'x');
    ipc.fromRenderer(win, IPC.openStorePort);
    expect(win.ports).toHaveLength(1);
    const worker = win.worker();
    await settle();
    expect(worker.received[0]).toEqual({ type: 'info', info: INFO });
    expect(worker.received.find((m) => m.type === 'notice')).toMatchObject({ notice: { message: 'port moved' } });
    expect(worker.seqs()).toEqual([1]);
  });

  it('gives no port to webContents it did not create', async () => {
    const stranger = new FakeContents();
    ipc.fromRenderer(stranger, IPC.openStorePort);
    expect(stranger.ports).toEqual([]);
  });

  it('acks over the port trim the hub; malformed messages are ignored', async () => {
    const { worker } = connected();
    await hub.push([], 'x');
    await settle();
    worker.port.postMessage({ type: 'ack', seq: 'one' });
    worker.port.postMessage('not an object');
    await settle();
    expect(hub.pendingCount).toBe(1);
    worker.port.postMessage({ type: 'ack', seq: 1 });
    await settle();
    expect(hub.pendingCount).toBe(0);
  });

  it('sends a nacked batch again', async () => {
    const { worker } = connected();
    await hub.push([], 'x');
    await settle();
    worker.port.postMessage({ type: 'nack', seq: 1, error: 'QuotaExceededError' });
    await vi.waitFor(() => expect(worker.seqs()).toEqual([1, 1]));
  });

  it('moves unacked batches to the next window when one is destroyed', async () => {
    const { win: first, worker: one } = connected();
    const { worker: two } = connected();
    await hub.push([], 'x');
    await settle();
    expect(one.seqs()).toEqual([1]);
    first.destroy();
    await settle();
    expect(two.seqs()).toEqual([1]);
    one.port.postMessage({ type: 'ack', seq: 1 });
    await settle();
    expect(hub.pendingCount).toBe(1);
  });

  it('moves unacked batches on when the worker closes its end', async () => {
    const { worker: one } = connected();
    const { worker: two } = connected();
    await hub.push([], 'x');
    await settle();
    one.port.close();
    await settle();
    expect(two.seqs()).toEqual([1]);
  });

  it('replaces the port of a window that asks again (a reload): in-flight batches go to the new one', async () => {
    const { win, worker: before } = connected();
    await hub.push([], 'x');
    await settle();
    ipc.fromRenderer(win, IPC.openStorePort);
    const after = win.worker();
    await settle();
    expect(before.seqs()).toEqual([1]);
    expect(before.port.closed).toBe(true);
    expect(after.seqs()).toEqual([1]);
    after.port.postMessage({ type: 'ack', seq: 1 });
    await settle();
    expect(hub.pendingCount).toBe(0);
  });

  it('removes its listener and closes its ports when disposed', async () => {
    const { worker } = connected();
    dispose();
    expect(ipc.listenerCount(IPC.openStorePort)).toBe(0);
    expect(worker.port.closed).toBe(true);
    await hub.push([], 'x');
    await settle();
    expect(worker.seqs()).toEqual([]);
  });
});
