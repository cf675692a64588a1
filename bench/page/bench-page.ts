import {
  type Observation,
  type ObservationRow,
  splitObservation,
  type TraceBody,
  type TraceSummary,
} from '@core/model/types';
import { mergeObservationIntoTrace, mergeTraceBody } from '@core/trace/merge';
import { bodyPlacer, packBody, spansOf } from '../../src/renderer/src/store/body-chunks';
import { type BodyChunk, LoupeDb } from '../../src/renderer/src/store/db';
import { putAnalysisDelta } from '../../src/renderer/src/store/generation-facts';
import { countObservations as countStored, traceChunks } from '../../src/renderer/src/store/queries';
import { putSkeletonLog } from '../../src/renderer/src/store/skeleton-log-store';
import type {
  DecodeResult,
  OneRecordReply,
  OneRecordRequest,
  OneRecordResult,
  OneRecordRun,
} from './one-record-worker';
import OneRecordWorker from './one-record-worker?worker&inline';
import { everydayTrace, syntheticTrace } from './synthetic';

/**
 * Runs inside the page (bundled by bench/page-kit.ts): seeds the store with the same records the writer makes
 * (chunks of rows and bodies, trace summaries and bodies, analysis deltas with the generation facts, the skeleton log, through the
 * writer's own `putAnalysisDelta` and `putSkeletonLog`), in big transactions, and measures raw IndexedDB
 * writes for the baselines. Exposed as `window.loupeBench`.
 */

/** Writes observations of whole traces as the writer would store them, in one transaction. */
async function writeTraces(db: LoupeDb, observations: Observation[], now: number): Promise<void> {
  const traces = new Map<string, TraceSummary>();
  const bodies = new Map<string, TraceBody>();
  // A trace written over several transactions merges into what the earlier ones stored, as the writer does.
  const ids = [...new Set(observations.map((o) => o.traceId))];
  const [storedTraces, storedBodies] = await Promise.all([db.traces.bulkGet(ids), db.traceBodies.bulkGet(ids)]);
  for (const t of storedTraces) if (t) traces.set(t.id, t);
  for (const b of storedBodies) if (b) bodies.set(b.id, b);
  const rows: ObservationRow[] = [];
  // Rows and bodies in chunks, as the writer stores them (body-chunks.ts).
  const placer = bodyPlacer([]);
  for (const o of observations) {
    traces.set(o.traceId, mergeObservationIntoTrace(traces.get(o.traceId), o, undefined, now));
    bodies.set(o.traceId, mergeTraceBody(bodies.get(o.traceId), o));
    const { row, body } = splitObservation(o);
    placer.place(row, packBody(body), undefined);
    rows.push(row);
  }
  const summaries = [...traces.values()];
  const tables = [db.traces, db.traceBodies, db.bodyChunks, db.analysisDeltas, db.skeletonLog];
  await db.transaction('rw', tables, () =>
    Promise.all([
      db.traces.bulkPut(summaries),
      db.traceBodies.bulkPut([...bodies.values()]),
      db.bodyChunks.bulkPut(placer.chunks()),
      putAnalysisDelta(db, rows, summaries, now),
      putSkeletonLog(db, rows),
    ]),
  );
}

const db = new LoupeDb('loupe');

async function seedTrace(traceId: string, shape: 'deep' | 'wide', count: number): Promise<number> {
  const observations = syntheticTrace(traceId, shape, count, Date.now() - 3_600_000);
  for (let i = 0; i < observations.length; i += 10_000) {
    await writeTraces(db, observations.slice(i, i + 10_000), Date.now());
  }
  return observations.length;
}

/** `traces` everyday traces of ten observations, written `perTransaction` traces at a time. */
async function seedStore(traces: number, perTransaction: number): Promise<{ observations: number; ms: number }> {
  const started = performance.now();
  const now = Date.now();
  let observations = 0;
  for (let i = 0; i < traces; i += perTransaction) {
    const batch: Observation[] = [];
    for (let k = i; k < Math.min(traces, i + perTransaction); k++) batch.push(...everydayTrace(k, now));
    observations += batch.length;
    await writeTraces(db, batch, now);
  }
  return { observations, ms: performance.now() - started };
}

/**
 * The baseline for storing: every record the writer stored for these traces, read back and written with plain
 * `bulkPut`, `batchSize` observations per transaction (as the receiver's batches were), into a scratch database
 * with the same schema.
 */
async function rawBulkPut(batchSize: number): Promise<{ observations: number; ms: number }> {
  const [chunks, traces, traceBodies, skeletons] = await Promise.all([
    db.bodyChunks.toArray(),
    db.traces.toArray(),
    db.traceBodies.toArray(),
    db.skeletonLog.toArray(),
  ]);
  // Transactions of about `batchSize` observations, whole chunks each.
  const groups: BodyChunk[][] = [[]];
  let size = 0;
  for (const c of chunks) {
    if (size >= batchSize) {
      groups.push([]);
      size = 0;
    }
    groups.at(-1)?.push(c);
    size += c.rows.length;
  }
  const raw = new LoupeDb('loupe-bench-raw');
  await raw.open();
  const started = performance.now();
  for (const group of groups) {
    const ids = new Set(group.map((c) => c.traceId));
    await raw.transaction('rw', [raw.traces, raw.traceBodies, raw.bodyChunks, raw.skeletonLog], () =>
      Promise.all([
        raw.bodyChunks.bulkPut(group),
        raw.traces.bulkPut(traces.filter((t) => ids.has(t.id))),
        raw.traceBodies.bulkPut(traceBodies.filter((t) => ids.has(t.id))),
        raw.skeletonLog.bulkPut(skeletons.filter((e) => ids.has(e.traceId))),
      ]),
    );
  }
  const ms = performance.now() - started;
  raw.close();
  await deleteDatabase('loupe-bench-raw');
  return { observations: chunks.reduce((n, c) => n + c.rows.length, 0), ms };
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((done) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => done();
  });
}

/**
 * The physical-limit baseline: every span the writer stored, as one record (its row and body joined, the same
 * bytes), written by a Web Worker into a fresh object store once per entry of `runs` (see one-record-worker.ts);
 * then the parse and clone times of the same records, `perMessage` to a socket message.
 */
async function onePerSpan(
  runs: OneRecordRun[],
  perMessage: number,
): Promise<{ records: number; runs: OneRecordResult[]; decode: DecodeResult }> {
  const spans = spansOf(await db.bodyChunks.toArray());
  const records: Record<string, unknown>[] = [...spans.values()].map(({ row, body }) => ({ ...row, ...body }));
  const worker = new OneRecordWorker();
  const ask = (request: OneRecordRequest | { records: unknown[]; perMessage: number }) =>
    new Promise<OneRecordReply>((done) => {
      worker.onmessage = (event: MessageEvent<OneRecordReply>) => done(event.data);
      worker.postMessage(request);
    });
  try {
    // Untimed: the worker's code compiled and the first database of the run created, before any run is timed.
    await ask({
      method: 'idb',
      durability: 'relaxed',
      perTransaction: perMessage,
      records: records.slice(0, perMessage),
    });
    const results: OneRecordResult[] = [];
    for (const run of runs) {
      const reply = await ask({ ...run, records });
      if ('error' in reply) throw new Error(`the one-record baseline failed: ${reply.error}`);
      results.push(reply as OneRecordResult);
    }
    const decode = (await ask({ records, perMessage })) as DecodeResult;
    return { records: records.length, runs: results, decode };
  } finally {
    worker.terminate();
  }
}

/** How many records each table holds: what the writer made of the spans it stored. */
async function storeCounts(): Promise<Record<string, number>> {
  const counts = await Promise.all(db.tables.map(async (t) => [t.name, await t.count()] as const));
  return Object.fromEntries(counts);
}

function countObservations(): Promise<number> {
  return countStored(db);
}

/** One raw indexed read of a trace's rows (in their chunks, with the bodies): the floor under opening it from them. */
async function rawTraceRead(traceId: string): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  const chunks = await traceChunks(db, traceId).toArray();
  return { rows: chunks.reduce((n, c) => n + c.rows.length, 0), ms: performance.now() - started };
}

/** One raw indexed read of the newest traces: the floor under the list's first page. */
async function rawFirstPage(limit: number): Promise<number> {
  const started = performance.now();
  await db.traces.orderBy('startTime').reverse().limit(limit).toArray();
  return performance.now() - started;
}

(globalThis as unknown as { loupeBench: unknown }).loupeBench = {
  seedTrace,
  seedStore,
  rawBulkPut,
  onePerSpan,
  storeCounts,
  countObservations,
  rawTraceRead,
  rawFirstPage,
};
