import 'fake-indexeddb/auto';
import { packObservation } from '@core/model/packed-values';
import { testObservation } from '@core/model/test-observation';
import type { Observation } from '@core/model/types';
import type { ClientMessage, IngestBatch, ServerMessage } from '@core/wire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LoupeDb, openDb } from './db';
import { countObservations, observationWithBody } from './queries';
import { serveStore, type WorkerScope } from './store-worker';
import type { FromStoreWorker, ToStoreWorker } from './store-worker-messages';

/** Stands in for the worker's WebSocket; the test plays the server. */
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

/** The worker's `self`: what it posts to the page is recorded; the test plays the page. */
class FakeScope implements WorkerScope {
  posted: FromStoreWorker[] = [];
  onmessage: ((event: MessageEvent<ToStoreWorker>) => void) | null = null;
  postMessage(message: FromStoreWorker) {
    this.posted.push(message);
  }
  fromPage(message: ToStoreWorker) {
    this.onmessage?.({ data: message } as MessageEvent<ToStoreWorker>);
  }
  of<T extends FromStoreWorker['type']>(type: T) {
    return this.posted.filter((m): m is Extract<FromStoreWorker, { type: T }> => m.type === type);
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
let scope: FakeScope;
let dbCount = 0;

beforeEach(() => {
  FakeSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  db = openDb(`loupe-store-worker-test-${++dbCount}`);
  scope = new FakeScope();
  serveStore(scope, db);
});

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await db.delete();
});

const socket = (i = 0): FakeSocket => {
  const s = FakeSocket.instances[i];
  if (!s) throw new Error(`no socket ${i}`);
  return s;
};

describe('store worker over a WebSocket (headless mode)', () => {
  beforeEach(() => scope.fromPage({ type: 'socket', url: 'ws://127.0.0.1:4318/ws' }));

  it('connects to the address the page gives and passes status, info and notices to the page', () => {
    expect(socket().url).toBe('ws://127.0.0.1:4318/ws');
    expect(scope.of('status').map((m) => m.status)).toEqual(['connecting']);
    socket().accept();
    socket().deliver({
      type: 'info',
      info: { host: '127.0.0.1', port: 4318, endpoint: 'http://localhost:4318', grpcPort: 4317 },
    });
    socket().deliver({ type: 'notice', notice: { id: 1, time: 5, level: 'error', message: 'bad body' } });
    expect(scope.of('status').map((m) => m.status)).toEqual(['connecting', 'connected']);
    expect(scope.of('info')[0]?.info.endpoint).toBe('http://localhost:4318');
    expect(scope.of('notice').map((m) => m.notice.message)).toEqual(['bad body']);
  });

  it('writes batches in arrival order, acks each after it is stored, and tells the page which traces changed', async () => {
    socket().accept();
    const big = Array.from({ length: 300 }, (_, i) => span(i.toString(16).padStart(16, '0')));
    socket().deliver(batch(7, big));
    socket().deliver(batch(8, [span('f'.repeat(16))]));
    await vi.waitFor(() => expect(socket().sent).toHaveLength(2), { timeout: 30_000 });
    expect(socket().sent).toEqual([
      { type: 'ack', seq: 7 },
      { type: 'ack', seq: 8 },
    ]);
    expect(await countObservations(db)).toBe(301);
    expect(scope.of('stored').flatMap((m) => m.traceIds)).toContain(TRACE);
    const posted = scope.of('stored').flatMap((m) => m.summaries);
    expect(posted.at(-1)).toEqual(await db.traces.get(TRACE));
  });

  it('stores an input the server left to its attribute as the value it was', async () => {
    socket().accept();
    const prompt = [{ role: 'user', content: 'What changed in the release notes since last week, in detail?' }];
    const whole = span('e'.repeat(16), { input: prompt, attributes: { 'gen_ai.prompt': JSON.stringify(prompt) } });
    const packed = packObservation(whole);
    expect(packed.input).toBeNull();
    // As the server sends it: JSON text, the input named by its attribute.
    socket().deliver(JSON.parse(JSON.stringify(batch(9, [packed]))));
    await vi.waitFor(() => expect(socket().sent).toHaveLength(1), { timeout: 30_000 });
    const body = (await observationWithBody(db, TRACE, 'e'.repeat(16)))?.body;
    expect(body?.input).toEqual(prompt);
    expect(body?.attributes).toEqual(whole.attributes);
  });

  it('nacks a batch the store rejects, tells the user, and goes on with the next one', async () => {
    socket().accept();
    // A missing trace id is not a valid IndexedDB key: the transaction fails.
    const broken = { ...span('1'.repeat(16)), traceId: undefined } as unknown as Observation;
    socket().deliver(batch(1, [broken]));
    socket().deliver(batch(2, [span('2'.repeat(16))]));
    await vi.waitFor(() => expect(socket().sent).toHaveLength(2), { timeout: 30_000 });
    expect(socket().sent[0]).toMatchObject({ type: 'nack', seq: 1 });
    expect(socket().sent[1]).toEqual({ type: 'ack', seq: 2 });
    const problem = scope.of('problem')[0];
    expect(problem?.level).toBe('error');
    expect(problem?.message).toMatch(/batch 1/);
  });

  it('reconnects with growing delays after the connection drops', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    socket().accept();
    socket().close();
    expect(scope.of('status').at(-1)?.status).toBe('disconnected');
    vi.advanceTimersByTime(700);
    expect(FakeSocket.instances).toHaveLength(2);
    socket(1).close();
    vi.advanceTimersByTime(700);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(700);
    expect(FakeSocket.instances).toHaveLength(3);
    socket(2).accept();
    expect(scope.of('status').at(-1)?.status).toBe('connected');
  });
});

describe('store worker over a MessagePort (desktop app)', () => {
  it('stores batches that arrive on the port main transferred and acks them on the same port', async () => {
    const { port1: main, port2: transferred } = new MessageChannel();
    const acks: ClientMessage[] = [];
    main.onmessage = (e: MessageEvent<ClientMessage>) => acks.push(e.data);
    scope.fromPage({ type: 'port', port: transferred });
    expect(scope.of('status').map((m) => m.status)).toEqual(['connected']);
    main.postMessage({ type: 'info', info: { host: '127.0.0.1', port: 4318, endpoint: 'http://127.0.0.1:4318' } });
    main.postMessage(batch(1, [span('1'.repeat(16))]));
    main.postMessage(batch(2, [span('2'.repeat(16))]));
    await vi.waitFor(() => expect(acks).toHaveLength(2), { timeout: 30_000 });
    expect(acks).toEqual([
      { type: 'ack', seq: 1 },
      { type: 'ack', seq: 2 },
    ]);
    expect(await countObservations(db)).toBe(2);
    expect(scope.of('info')).toHaveLength(1);
    main.close();
  });

  it('asks the page for the retention limits when the disk is full, makes room, and nacks so the batch comes again', async () => {
    const { port1: main, port2: transferred } = new MessageChannel();
    const answers: ClientMessage[] = [];
    main.onmessage = (e: MessageEvent<ClientMessage>) => answers.push(e.data);
    scope.fromPage({ type: 'port', port: transferred });
    main.postMessage(batch(1, [span('1'.repeat(16), { traceId: 'b'.repeat(32), startTime: 1 })]));
    await vi.waitFor(() => expect(answers).toHaveLength(1), { timeout: 30_000 });
    const full = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    const put = vi.spyOn(db.traces, 'bulkPut').mockRejectedValueOnce(full);
    main.postMessage(batch(2, [span('2'.repeat(16))]));
    await vi.waitFor(() => expect(scope.of('retention?')).toHaveLength(1), { timeout: 30_000 });
    const [ask] = scope.of('retention?');
    scope.fromPage({ type: 'retention', id: ask?.id ?? 0, retention: null });
    await vi.waitFor(() => expect(answers).toHaveLength(2), { timeout: 30_000 });
    expect(answers[1]).toMatchObject({ type: 'nack', seq: 2 });
    expect(scope.of('problem')[0]?.message).toMatch(/The disk is full: Loupe removed the oldest 1 trace/);
    expect(await db.traces.count()).toBe(0);
    put.mockRestore();
    main.close();
  });
});

describe('store worker: the page’s own writes', () => {
  it('deletes traces, runs retention and deletes everything when the page asks, answering each request', async () => {
    await db.traces.bulkPut([
      { id: 'old', startTime: 1 },
      { id: 'new', startTime: Date.now() },
      { id: 'other', startTime: Date.now() },
    ] as never);
    scope.fromPage({ type: 'request', id: 1, op: 'deleteTraces', arg: { traceIds: ['other'] } });
    scope.fromPage({
      type: 'request',
      id: 2,
      op: 'retention',
      arg: { limits: { maxAgeDays: 1, maxBytes: null }, reason: 'settings' },
    });
    await vi.waitFor(() => expect(scope.of('reply')).toHaveLength(2), { timeout: 30_000 });
    expect(scope.of('reply').find((r) => r.id === 1)).toEqual({ type: 'reply', id: 1, result: null });
    expect(scope.of('reply').find((r) => r.id === 2)).toMatchObject({ result: { reason: 'settings', byAge: 1 } });
    expect(await db.traces.toCollection().primaryKeys()).toEqual(['new']);
    scope.fromPage({ type: 'request', id: 3, op: 'deleteAll', arg: null });
    await vi.waitFor(() => expect(scope.of('reply')).toHaveLength(3), { timeout: 30_000 });
    expect(await db.traces.count()).toBe(0);
  });
});
