import 'fake-indexeddb/auto';
import { testObservation } from '@core/model/test-observation';
import type { Observation } from '@core/model/types';
import type { ClientMessage, IngestBatch, ServerMessage } from '@core/wire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LoupeDb, openDb } from '../store/db';
import { useConnectionStore } from './connection-store';
import { connectWebSocket } from './ws-transport';

/** Stands in for the browser's WebSocket; the test plays the server. */
class FakeSocket {
  static readonly OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: ClientMessage[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  accept() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  deliver(msg: ServerMessage) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

const TRACE = 'a'.repeat(32);

function span(id: string, over: Partial<Observation> = {}): Observation {
  return testObservation({ traceId: TRACE, id, startTime: 1_000, endTime: 2_000, input: 'x'.repeat(1000), ...over });
}

const batch = (seq: number, observations: Observation[]): ServerMessage => ({
  type: 'batch',
  batch: { seq, receivedAt: 0, source: 'test', observations } satisfies IngestBatch,
});

let db: LoupeDb;
let disconnect: () => void;
let dbCount = 0;
const initial = useConnectionStore.getState();

beforeEach(() => {
  FakeSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('location', { protocol: 'http:', host: '127.0.0.1:4318' });
  useConnectionStore.setState(initial, true);
  db = openDb(`loupe-ws-test-${++dbCount}`);
  disconnect = connectWebSocket(db);
});

afterEach(async () => {
  disconnect();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await db.delete();
});

const socket = (i = 0): FakeSocket => {
  const s = FakeSocket.instances[i];
  if (!s) throw new Error(`no socket ${i}`);
  return s;
};

describe('connectWebSocket', () => {
  it('connects to /ws on the page host and passes info and notices to the store', () => {
    expect(socket().url).toBe('ws://127.0.0.1:4318/ws');
    expect(useConnectionStore.getState().status).toBe('connecting');
    socket().accept();
    expect(useConnectionStore.getState().status).toBe('connected');
    socket().deliver({ type: 'info', info: { host: '127.0.0.1', port: 4318, endpoint: 'http://localhost:4318' } });
    socket().deliver({ type: 'notice', notice: { id: 1, time: 5, level: 'error', message: 'bad body' } });
    socket().deliver({ type: 'notice', notice: { id: 2, time: 6, level: 'info', message: 'later' } });
    const state = useConnectionStore.getState();
    expect(state.serverInfo?.endpoint).toBe('http://localhost:4318');
    expect(state.notices.map((n) => n.message)).toEqual(['later', 'bad body']);
    expect(state.unread).toBe(2);
  });

  it('writes batches one at a time in arrival order and acks each after it is stored', async () => {
    socket().accept();
    const big = Array.from({ length: 300 }, (_, i) => span(i.toString(16).padStart(16, '0')));
    socket().deliver(batch(7, big));
    socket().deliver(batch(8, [span('f'.repeat(16))]));
    await vi.waitFor(() => expect(socket().sent).toHaveLength(2), { timeout: 5000 });
    expect(socket().sent).toEqual([
      { type: 'ack', seq: 7 },
      { type: 'ack', seq: 8 },
    ]);
    expect(await db.observations.count()).toBe(301);
    await vi.waitFor(() => expect(useConnectionStore.getState().revision).toBeGreaterThan(0));
  });

  it('nacks a batch the store rejects, tells the user, and goes on with the next one', async () => {
    socket().accept();
    // A missing trace id is not a valid IndexedDB key: the transaction fails.
    const broken = { ...span('1'.repeat(16)), traceId: undefined } as unknown as Observation;
    socket().deliver(batch(1, [broken]));
    socket().deliver(batch(2, [span('2'.repeat(16))]));
    await vi.waitFor(() => expect(socket().sent).toHaveLength(2));
    expect(socket().sent[0]).toMatchObject({ type: 'nack', seq: 1 });
    expect(socket().sent[1]).toEqual({ type: 'ack', seq: 2 });
    const notice = useConnectionStore.getState().notices[0];
    expect(notice?.level).toBe('error');
    expect(notice?.message).toMatch(/batch 1/);
  });

  it('reconnects with growing delays after the connection drops', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    socket().accept();
    socket().close();
    expect(useConnectionStore.getState().status).toBe('disconnected');
    vi.advanceTimersByTime(700);
    expect(FakeSocket.instances).toHaveLength(2);
    socket(1).close();
    vi.advanceTimersByTime(700);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(700);
    expect(FakeSocket.instances).toHaveLength(3);
    socket(2).accept();
    expect(useConnectionStore.getState().status).toBe('connected');
  });
});
