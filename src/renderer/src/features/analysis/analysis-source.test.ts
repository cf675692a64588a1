import 'fake-indexeddb/auto';
import { NO_ANALYSIS_FILTERS } from '@core/analysis/types';
import { testObservation } from '@core/model/test-observation';
import type { Observation } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from '../../store/db';
import { deleteTraces } from '../../store/retention';
import { applyBatch } from '../../store/writer';
import { AnalysisSource } from './analysis-source';

const T0 = Date.parse('2025-06-02T10:00:00Z');
let seq = 0;
const batch = (observations: Observation[]): IngestBatch => ({
  seq: ++seq,
  receivedAt: T0,
  source: 'test',
  observations,
});

/** A trace of one agent span and one call to `model`. */
const run = (traceId: string, model: string, cost: number, latency: number): Observation[] => [
  testObservation({
    traceId,
    id: `${traceId}-root`,
    type: 'AGENT',
    name: 'agent',
    startTime: T0,
    endTime: T0 + latency,
  }),
  testObservation({
    traceId,
    id: `${traceId}-gen`,
    parentId: `${traceId}-root`,
    type: 'GENERATION',
    name: 'answer',
    model,
    startTime: T0,
    endTime: T0 + latency,
    usage: { input: 100, output: 10 },
    cost: { total: cost },
  }),
];

const query = {
  from: T0 - 3_600_000,
  to: T0 + 3_600_000,
  timeZone: 'UTC',
  filters: NO_ANALYSIS_FILTERS,
};

let db: LoupeDb;
afterEach(async () => {
  db?.close();
  await Dexie.delete('analysis-test');
});

describe('AnalysisSource', () => {
  it('reads the deltas the writer appended, then only new ones, and loads the snapshot it wrote', async () => {
    db = openDb('analysis-test');
    await applyBatch(db, batch([...run('t1', 'gpt-4o', 0.01, 1000), ...run('t2', 'gpt-4o-mini', 0.001, 300)]));
    const source = new AnalysisSource(db);
    let answer = await source.query(query);
    expect(answer.timing).toMatchObject({ source: 'snapshot', deltas: 1 });
    expect(answer.result.totals).toMatchObject({ traces: 2, generations: 2, cost: 0.011 });
    expect(source.wantsSnapshot).toBe(true);
    await source.writeSnapshot();
    // The snapshot took the deltas in.
    expect(await db.analysisDeltas.count()).toBe(0);

    await applyBatch(db, batch(run('t3', 'gpt-4o', 0.02, 2000)));
    answer = await source.query(query);
    expect(answer.timing).toMatchObject({ source: 'memory', deltas: 1 });
    expect(answer.result.models.map((m) => [m.key, m.calls])).toEqual([
      ['gpt-4o', 2],
      ['gpt-4o-mini', 1],
    ]);

    // A new page: the snapshot, plus what was written after it.
    const fresh = new AnalysisSource(db);
    await applyBatch(db, batch(run('t4', 'claude-sonnet-4', 0.005, 800)));
    answer = await fresh.query(query);
    expect(answer.timing).toMatchObject({ source: 'snapshot', deltas: 2 });
    expect(answer.result.totals.traces).toBe(4);
    expect(answer.result.totals.cost).toBeCloseTo(0.036, 12);
  });

  it('takes a later version of a call over the earlier one, whatever transaction it came in', async () => {
    db = openDb('analysis-test');
    await applyBatch(db, batch(run('t1', 'gpt-4o', 0.01, 1000)));
    const [, gen] = run('t1', 'gpt-4o', 0.03, 4000);
    await applyBatch(db, batch([gen as Observation]));
    const answer = await new AnalysisSource(db).query(query);
    expect(answer.timing.deltas).toBe(2);
    expect(answer.result.totals).toMatchObject({ traces: 1, generations: 1, cost: 0.03 });
    expect(answer.result.models[0]?.p50LatencyMs).toBe(4000);
  });

  it('drops deleted traces and their calls, in memory and on a fresh read', async () => {
    db = openDb('analysis-test');
    await applyBatch(db, batch([...run('t1', 'gpt-4o', 0.01, 1000), ...run('t2', 'gpt-4o-mini', 0.001, 300)]));
    const source = new AnalysisSource(db);
    await source.query(query);
    await source.writeSnapshot();
    await deleteTraces(db, ['t1']);
    for (const s of [source, new AnalysisSource(db)]) {
      const answer = await s.query(query);
      expect(answer.result.totals).toMatchObject({ traces: 1, generations: 1 });
      expect(answer.result.models.map((m) => m.key)).toEqual(['gpt-4o-mini']);
    }
    // A trace deleted and written again counts only its new calls.
    await applyBatch(db, batch(run('t1', 'gpt-4o', 0.02, 500)));
    const answer = await source.query(query);
    expect(answer.result.totals).toMatchObject({ traces: 2, generations: 2 });
    expect(answer.result.totals.cost).toBeCloseTo(0.021, 12);
  });

  it('repairs from the rows when traces were removed without a delta, and rebuilds without a snapshot', async () => {
    db = openDb('analysis-test');
    await applyBatch(db, batch([...run('t1', 'gpt-4o', 0.01, 1000), ...run('t2', 'gpt-4o-mini', 0.001, 300)]));
    const source = new AnalysisSource(db);
    await source.query(query);
    await db.transaction('rw', db.traces, db.bodyChunks, async () => {
      await db.traces.delete('t1');
      await db.bodyChunks.where('[traceId+chunk]').between(['t1', Dexie.minKey], ['t1', Dexie.maxKey]).delete();
    });
    let answer = await source.query(query);
    expect(answer.result.totals).toMatchObject({ traces: 1, generations: 1 });
    expect(source.wantsSnapshot).toBe(true);

    // A first answer skips the count; settling finds the change.
    const fresh = new AnalysisSource(db);
    await db.traces.delete('t2');
    answer = await fresh.query(query);
    // Both traces are still in its deltas.
    expect(answer.result.totals.traces).toBe(2);
    expect(await fresh.settle()).toBe(true);
    answer = await fresh.query(query);
    expect(answer.result.totals.traces).toBe(0);
    expect(await fresh.settle()).toBe(false);

    await applyBatch(db, batch(run('t2', 'gpt-4o-mini', 0.001, 300)));
    await db.analysisCache.clear();
    answer = await new AnalysisSource(db).query(query);
    expect(answer.timing.source).toBe('rows');
    expect(answer.result.totals).toMatchObject({ traces: 1, generations: 1, cost: 0.001 });
  });

  it('rebuilds from the rows over a snapshot of the earlier layout, and writes one it can read next time', async () => {
    db = openDb('analysis-test');
    await applyBatch(db, batch([...run('t1', 'gpt-4o', 0.01, 1000), ...run('t2', 'gpt-4o-mini', 0.001, 300)]));
    await db.analysisDeltas.clear();
    const old = { factMark: 0, traceMark: 0, factBlocks: 0, traceBlocks: 0, traces: 2 };
    await db.analysisCache.put({ key: 'meta', meta: old as never });
    const source = new AnalysisSource(db);
    let answer = await source.query(query);
    expect(answer.timing.source).toBe('rows');
    expect(answer.result.totals).toMatchObject({ traces: 2, generations: 2 });
    await source.writeSnapshot();
    answer = await new AnalysisSource(db).query(query);
    expect(answer.timing).toMatchObject({ source: 'snapshot', deltas: 0 });
    expect(answer.result.totals).toMatchObject({ traces: 2, generations: 2 });
  });

  it('does not overwrite a newer snapshot written by another page', async () => {
    db = openDb('analysis-test');
    await applyBatch(db, batch(run('t1', 'gpt-4o', 0.01, 1000)));
    const behind = new AnalysisSource(db);
    await behind.query(query);
    await applyBatch(db, batch(run('t2', 'gpt-4o', 0.01, 1000)));
    const ahead = new AnalysisSource(db);
    await ahead.query(query);
    await ahead.writeSnapshot();
    await behind.writeSnapshot();
    const answer = await new AnalysisSource(db).query(query);
    expect(answer.result.totals.traces).toBe(2);
  });
});
