import { Dexie } from 'dexie';

/**
 * The physical-limit baseline for storing spans, run in a Web Worker as the store writer is: one record per span
 * (its row and body joined, the same bytes the writer splits over several records), `put` into a fresh object store
 * with no index, in transactions of `perTransaction` spans one after the other. Started by bench-page.ts.
 *
 * It also times, on the same thread and records, two costs on the writer's path that no put baseline has: parsing
 * the records as the WebSocket carries them (JSON messages of one batch each) and one structured clone of them (what
 * IndexedDB does to every value it stores).
 */

export interface OneRecordRequest {
  records: Record<string, unknown>[];
  perTransaction: number;
  /** The raw IndexedDB API (one `put` per record), or Dexie's `bulkPut` per transaction. */
  method: 'idb' | 'dexie';
  durability: IDBTransactionDurability;
}

/** One baseline run, as the kit's `onePerSpan` is asked for it (the records are the stored spans). */
export type OneRecordRun = Omit<OneRecordRequest, 'records'>;

export interface OneRecordResult {
  ms: number;
  /** Records the fresh store counts afterwards: the sanity check that every put landed. */
  stored: number;
  transactions: number;
}

/** Parse and clone times of the same records, `perMessage` to a message as the server sends batches. */
export interface DecodeRequest {
  records: Record<string, unknown>[];
  perMessage: number;
}

export interface DecodeResult {
  parseMs: number;
  cloneMs: number;
  /** The size of those messages, in bytes of JSON text. */
  jsonBytes: number;
}

export type OneRecordReply = OneRecordResult | DecodeResult | { error: string };

const deleteDatabase = (name: string) =>
  new Promise<void>((done) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => done();
  });

const requestDone = <T>(request: IDBRequest<T>) =>
  new Promise<T>((done, fail) => {
    request.onsuccess = () => done(request.result);
    request.onerror = () => fail(request.error);
  });

async function rawIdb({ records, perTransaction, durability }: OneRecordRequest, name: string) {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('spans', { keyPath: ['traceId', 'id'] });
  const db = await requestDone(open);
  let transactions = 0;
  const started = performance.now();
  for (let i = 0; i < records.length; i += perTransaction) {
    const tx = db.transaction('spans', 'readwrite', { durability });
    const store = tx.objectStore('spans');
    const end = Math.min(records.length, i + perTransaction);
    for (let k = i; k < end; k++) store.put(records[k]);
    await new Promise<void>((done, fail) => {
      tx.oncomplete = () => done();
      tx.onerror = tx.onabort = () => fail(tx.error);
    });
    transactions++;
  }
  const ms = performance.now() - started;
  const stored = await requestDone(db.transaction('spans').objectStore('spans').count());
  db.close();
  return { ms, stored, transactions };
}

async function dexieBulkPut({ records, perTransaction, durability }: OneRecordRequest, name: string) {
  const db = new Dexie(name, { chromeTransactionDurability: durability });
  db.version(1).stores({ spans: '[traceId+id]' });
  const spans = db.table('spans');
  await db.open();
  let transactions = 0;
  const started = performance.now();
  for (let i = 0; i < records.length; i += perTransaction) {
    await db.transaction('rw', spans, () => spans.bulkPut(records.slice(i, i + perTransaction)));
    transactions++;
  }
  const ms = performance.now() - started;
  const stored = await spans.count();
  db.close();
  return { ms, stored, transactions };
}

function decode({ records, perMessage }: DecodeRequest): DecodeResult {
  const messages: string[] = [];
  for (let i = 0; i < records.length; i += perMessage) {
    const observations = records.slice(i, i + perMessage);
    messages.push(JSON.stringify({ type: 'batch', batch: { seq: i, receivedAt: 0, source: 'bench', observations } }));
  }
  let started = performance.now();
  for (const m of messages) JSON.parse(m);
  const parseMs = performance.now() - started;
  started = performance.now();
  structuredClone(records);
  const cloneMs = performance.now() - started;
  return { parseMs, cloneMs, jsonBytes: messages.reduce((n, m) => n + m.length, 0) };
}

self.onmessage = async (event: MessageEvent<OneRecordRequest | DecodeRequest>) => {
  const request = event.data;
  if ('perMessage' in request) {
    self.postMessage(decode(request) satisfies OneRecordReply);
    return;
  }
  const name = `loupe-bench-one-record-${request.method}`;
  await deleteDatabase(name);
  try {
    const result = await (request.method === 'idb' ? rawIdb : dexieBulkPut)(request, name);
    self.postMessage(result satisfies OneRecordReply);
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies OneRecordReply);
  } finally {
    await deleteDatabase(name);
  }
};
