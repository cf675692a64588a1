import 'fake-indexeddb/auto';
import { testObservation } from '@core/model/test-observation';
import type { Observation } from '@core/model/types';
import { buildSkeleton } from '@core/tree/skeleton';
import { COMPACT_AFTER } from '@core/tree/skeleton-log';
import type { IngestBatch } from '@core/wire/protocol';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createBatchWriter } from './batch-writer';
import { type LoupeDb, openDb } from './db';
import { traceObservations } from './queries';
import { deleteTraces } from './retention';
import { compactSkeletonLog, loadSkeletonFromStore } from './skeleton-log-store';
import { applyBatch } from './writer';

/**
 * The skeleton a trace opens with, from its log, against the one its stored rows give (the reference): whatever the
 * writer merged (updates, replays of older versions, calls recorded twice), compacted or not, and for a trace stored
 * before the log existed.
 */

function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

let seq = 0;
const batch = (observations: Observation[]): IngestBatch => ({
  seq: ++seq,
  receivedAt: 0,
  source: 'test',
  observations,
});

/** One delivery of span `i` of trace `traceId`: a full version, an update of some fields, or a replayed older one. */
function delivery(rnd: () => number, traceId: string, i: number): Observation {
  const parentId = i === 0 ? null : rnd() < 0.05 ? 'gone' : `s${Math.floor(rnd() * i)}`;
  const sdk = rnd() < 0.2;
  const start = 1000 + Math.floor(rnd() * 500);
  const base = testObservation({
    traceId,
    id: `s${i}`,
    parentId,
    type: rnd() < 0.4 || sdk ? 'GENERATION' : 'SPAN',
    name: sdk ? 'anthropic.messages.create' : `step ${i % 5}`,
    scope: { name: sdk ? 'com.anthropic.sdk.typescript' : 'app', version: null },
    startTime: start,
    endTime: rnd() < 0.2 ? null : start + Math.floor(rnd() * 100),
    usage: { input: 10, output: Math.floor(rnd() * 10) },
    cost: { total: 0.25 },
    level: rnd() < 0.1 ? 'ERROR' : 'DEFAULT',
  });
  if (rnd() < 0.25) return { ...base, partial: ['endTime', 'statusMessage'], statusMessage: 'updated' };
  return base;
}

async function expectSameSkeleton(db: LoupeDb, traceId: string, label: string) {
  const rows = await traceObservations(db, traceId);
  const { skeleton } = await loadSkeletonFromStore(db, traceId, 's0');
  expect(skeleton, label).toEqual(buildSkeleton(rows, 's0'));
}

let db: LoupeDb;
let dbCount = 0;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

describe('the skeleton log in the store', () => {
  it('opens a trace as its stored rows do, compacted or not', { timeout: 60_000 }, async () => {
    for (const seed of [1, 2, 3]) {
      db = openDb(`skeleton-log-${++dbCount}`);
      const rnd = random(seed);
      for (let b = 0; b < 20; b++) {
        const observations: Observation[] = [];
        for (let k = 0; k < 1 + Math.floor(rnd() * 12); k++) {
          observations.push(delivery(rnd, rnd() < 0.7 ? 'ta' : 'tb', Math.floor(rnd() * 30)));
        }
        await applyBatch(db, batch(observations));
        if (rnd() < 0.15) await compactSkeletonLog(db, 'ta');
      }
      for (const t of ['ta', 'tb']) {
        await expectSameSkeleton(db, t, `seed ${seed}, trace ${t}`);
        expect(await compactSkeletonLog(db, t)).toBe(true);
        expect(await db.skeletonLog.where('traceId').equals(t).count()).toBe(1);
        await expectSameSkeleton(db, t, `seed ${seed}, trace ${t}, compacted`);
      }
      await applyBatch(db, batch([delivery(rnd, 'ta', 31), { ...delivery(rnd, 'ta', 0), endTime: 5000 }]));
      await expectSameSkeleton(db, 'ta', `seed ${seed}, written after compacting`);
      db.close();
      await db.delete();
    }
    db = openDb(`skeleton-log-${++dbCount}`);
  });

  it('asks for compaction once a trace has many entries', async () => {
    db = openDb(`skeleton-log-${++dbCount}`);
    for (let i = 0; i <= COMPACT_AFTER; i++)
      await applyBatch(db, batch([testObservation({ traceId: 't', id: `s${i}` })]));
    expect((await loadSkeletonFromStore(db, 't', null)).compact).toBe(true);
    await compactSkeletonLog(db, 't');
    const { skeleton, compact } = await loadSkeletonFromStore(db, 't', null);
    expect(compact).toBe(false);
    expect(skeleton.count).toBe(COMPACT_AFTER + 1);
  });

  it('is compacted by the batch writer once it appended many entries to a trace', async () => {
    db = openDb(`skeleton-log-${++dbCount}`);
    const writer = createBatchWriter(db, {
      retention: async () => null,
      stored: () => undefined,
      notice: () => undefined,
    });
    const source = { reply: () => undefined };
    for (let i = 0; i <= COMPACT_AFTER; i++) {
      writer.receive(source, { ...batch([testObservation({ traceId: 't', id: `s${i}` })]), traces: [] });
      // One at a time, so that the batches are not grouped into fewer transactions.
      await writer.idle();
    }
    // The compaction is queued behind the write that asked for it.
    await writer.idle();
    expect(await db.skeletonLog.where('traceId').equals('t').count()).toBe(1);
    await expectSameSkeleton(db, 't', 'compacted by the writer');
  });

  it('is deleted with its trace', async () => {
    db = openDb(`skeleton-log-${++dbCount}`);
    await applyBatch(
      db,
      batch([testObservation({ traceId: 't', id: 'a' }), testObservation({ traceId: 'u', id: 'b' })]),
    );
    await deleteTraces(db, ['t']);
    expect((await db.skeletonLog.toArray()).map((r) => r.traceId)).toEqual(['u']);
  });

  it('opens a trace stored before the log existed from its rows, until it is rebuilt from them', async () => {
    const name = `skeleton-log-${++dbCount}`;
    const old = new Dexie(name);
    old.version(1).stores({
      traces: 'id, startTime, updatedAt, sessionId, userId',
      traceBodies: 'id',
      observations: '[traceId+id], traceId',
      observationBodies: '[traceId+id]',
    });
    db = openDb(name);
    await applyBatch(db, batch([testObservation({ traceId: 't', id: 's0' })]));
    const [trace, row] = [await db.traces.get('t'), (await traceObservations(db, 't'))[0]];
    db.close();
    await Dexie.delete(name);
    await old.open();
    await old.table('traces').put(trace);
    await old.table('observations').put(row);
    old.close();

    db = openDb(name);
    await applyBatch(db, batch([testObservation({ traceId: 't', id: 's1', parentId: 's0' })]));
    const before = await loadSkeletonFromStore(db, 't', 's0');
    expect(before.compact).toBe(true);
    expect(before.skeleton.count).toBe(2);
    await expectSameSkeleton(db, 't', 'from the rows');
    await compactSkeletonLog(db, 't');
    const records = await db.skeletonLog.toArray();
    expect(records).toHaveLength(1);
    expect(records[0]?.legacy).toBeUndefined();
    expect((await loadSkeletonFromStore(db, 't', 's0')).compact).toBe(false);
    await expectSameSkeleton(db, 't', 'rebuilt from the rows');
  });
});
