import 'fake-indexeddb/auto';
import { testObservation } from '@core/model/test-observation';
import type { Score } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from './db';
import { traceObservations } from './queries';
import {
  deleteAllData,
  deleteTraces,
  isQuotaError,
  QuotaRecoveredError,
  recoverFromQuota,
  runRetention,
  trimBySize,
  withQuotaRecovery,
} from './retention';
import { applyBatch } from './writer';

const DAY = 86_400_000;
const NOW = Date.now();
let seq = 0;
let db: LoupeDb;

const traceId = (n: number) => n.toString(16).padStart(32, '0');

function score(trace: string, observationId: string | null): Score {
  return {
    id: `score-${trace}-${observationId ?? 'trace'}`,
    traceId: trace,
    observationId,
    sessionId: null,
    name: 'quality',
    value: 0.9,
    stringValue: null,
    dataType: 'NUMERIC',
    comment: null,
    timestamp: NOW,
    environment: 'default',
    metadata: {},
  };
}

/** A trace of a root span and a generation, with a score, started `ageDays` ago. */
function traceBatch(n: number, ageDays: number): IngestBatch {
  const id = traceId(n);
  const start = NOW - ageDays * DAY;
  const root = testObservation({
    traceId: id,
    id: 'a'.repeat(16),
    parentId: null,
    startTime: start,
    endTime: start + 10,
  });
  const llm = testObservation({
    traceId: id,
    id: 'b'.repeat(16),
    parentId: root.id,
    type: 'GENERATION',
    model: 'gpt-4o',
    startTime: start + 1,
    endTime: start + 9,
  });
  return { seq: ++seq, receivedAt: NOW, source: 'test', observations: [root, llm], scores: [score(id, llm.id)] };
}

async function fill(ages: number[]): Promise<void> {
  for (const [i, age] of ages.entries()) await applyBatch(db, traceBatch(i + 1, age));
}

/** Rows left per table that belong to a trace. */
async function rowsOf(trace: string): Promise<Record<string, number>> {
  return {
    traces: await db.traces.where('id').equals(trace).count(),
    traceBodies: await db.traceBodies.where('id').equals(trace).count(),
    observations: (await traceObservations(db, trace)).length,
    bodyChunks: await db.bodyChunks
      .where('[traceId+chunk]')
      .between([trace, Dexie.minKey], [trace, Dexie.maxKey])
      .count(),
    scores: await db.scores.where('traceId').equals(trace).count(),
  };
}

function quotaError(): Error {
  const inner = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  return Object.assign(new Error('QuotaExceededError: The quota has been exceeded.'), { name: 'AbortError', inner });
}

afterEach(async () => {
  await db?.delete();
});

describe('deleting traces', () => {
  it('removes a trace from every table keyed by trace and leaves the others', async () => {
    db = openDb(`retention-${Math.random()}`);
    await fill([1, 2]);
    const before = await rowsOf(traceId(1));
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    const snapshot = await db.analysisCache.toArray();

    await deleteTraces(db, [traceId(1)]);

    expect(Object.values(await rowsOf(traceId(1))).every((n) => n === 0)).toBe(true);
    expect(await rowsOf(traceId(2))).toEqual(before);
    // The analysis snapshot stays; the last delta names the deleted trace.
    expect(await db.analysisCache.toArray()).toEqual(snapshot);
    expect((await db.analysisDeltas.orderBy(':id').last())?.deleted).toEqual([traceId(1)]);
  });

  it('deletes all data', async () => {
    db = openDb(`retention-${Math.random()}`);
    await fill([1, 2, 3]);
    await deleteAllData(db);
    for (const table of db.tables) expect(await table.count()).toBe(0);
  });
});

describe('retention', () => {
  it('removes traces older than maxAgeDays', async () => {
    db = openDb(`retention-${Math.random()}`);
    await fill([40, 10, 31, 0]);
    const run = await runRetention(db, { maxAgeDays: 30, maxBytes: null }, 'settings', async () => ({}));
    expect(run.byAge).toBe(2);
    expect(await db.traces.toCollection().primaryKeys()).toEqual([traceId(2), traceId(4)]);
  });

  it('removes the oldest traces, as many as the overshoot is worth, to a little under maxBytes', async () => {
    db = openDb(`retention-${Math.random()}`);
    await fill([5, 1, 9, 3]);
    // A stand-in for navigator.storage.estimate(): 100 bytes per stored trace.
    const estimate = async () => ({ usage: (await db.traces.count()) * 100 });
    // 400 bytes against a 250 limit: down to 90% of it (225) takes two traces, the two oldest.
    expect(await trimBySize(db, 250, estimate)).toBe(2);
    expect(await db.traces.toCollection().primaryKeys()).toEqual([traceId(2), traceId(4)]);
    expect(await trimBySize(db, 250, estimate)).toBe(0);
  });

  it('trusts one estimate, since deleted rows free their space only later', async () => {
    db = openDb(`retention-${Math.random()}`);
    await fill([5, 1, 9, 3]);
    // Usage that never drops, as right after a delete: one pass still removes only the overshoot.
    const estimate = async () => ({ usage: 1000 });
    expect(await trimBySize(db, 800, estimate)).toBe(2);
    expect(await db.traces.count()).toBe(2);
  });

  it('does nothing without an estimate or under the limit', async () => {
    db = openDb(`retention-${Math.random()}`);
    await fill([5, 1]);
    expect(await trimBySize(db, 500, async () => ({}))).toBe(0);
    expect(await trimBySize(db, 500, async () => ({ usage: 499 }))).toBe(0);
    expect(await db.traces.count()).toBe(2);
  });
});

describe('quota errors', () => {
  it('recognises the DOMException and Dexie’s wrapper around it', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(quotaError())).toBe(true);
    expect(isQuotaError(new Error('constraint failed'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });

  it('without limits, trims the oldest tenth and says so', async () => {
    db = openDb(`retention-${Math.random()}`);
    await fill([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const { removed, message } = await recoverFromQuota(db, { maxAgeDays: null, maxBytes: null });
    // 10% of 11, rounded up.
    expect(removed).toBe(2);
    expect(await db.traces.get(traceId(11))).toBeUndefined();
    expect(await db.traces.get(traceId(10))).toBeUndefined();
    expect(message).toMatch(/disk is full.*oldest 2 traces.*no retention limit.*nothing received was lost/);
  });

  it('a write that fails once for lack of space succeeds on the retry after trimming', async () => {
    db = openDb(`retention-${Math.random()}`);
    await fill([3, 2, 1]);
    let failures = 1;
    const write = async (batch: IngestBatch) => {
      if (failures-- > 0) throw quotaError();
      return applyBatch(db, batch);
    };
    const store = withQuotaRecovery(db, write, async () => ({ maxAgeDays: 2.5, maxBytes: null }));
    const incoming = traceBatch(9, 0);

    const first = await store(incoming).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(QuotaRecoveredError);
    expect((first as Error).message).toMatch(/removed the oldest 1 trace .*retention limits.*will retry/);
    expect(await db.traces.get(traceId(1))).toBeUndefined();

    // The nacked batch comes again: now it is stored, whole.
    await store(incoming);
    expect(await rowsOf(traceId(9))).toMatchObject({ traces: 1, observations: 2, scores: 1 });
  });

  it('passes other write errors through unchanged', async () => {
    db = openDb(`retention-${Math.random()}`);
    const boom = new Error('constraint failed');
    const store = withQuotaRecovery(
      db,
      async () => Promise.reject(boom),
      async () => null,
    );
    await expect(store()).rejects.toBe(boom);
  });
});
