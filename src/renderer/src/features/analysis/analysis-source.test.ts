import 'fake-indexeddb/auto';
import { NO_ANALYSIS_FILTERS } from '@core/analysis/types';
import type { IngestBatch } from '@core/bridge/protocol';
import { testObservation } from '@core/model/test-observation';
import type { Observation } from '@core/model/types';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from '../../store/db';
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
  it('reads every row once, then only what changed, and loads the snapshot it wrote', async () => {
    db = openDb('analysis-test');
    await applyBatch(db, batch([...run('t1', 'gpt-4o', 0.01, 1000), ...run('t2', 'gpt-4o-mini', 0.001, 300)]));
    const source = new AnalysisSource(db);
    let answer = await source.query(query);
    expect(answer.timing.source).toBe('rows');
    expect(answer.result.totals).toMatchObject({ traces: 2, generations: 2, cost: 0.011 });
    expect(source.wantsSnapshot).toBe(true);
    await source.writeSnapshot();

    await applyBatch(db, batch(run('t3', 'gpt-4o', 0.02, 2000)));
    answer = await source.query(query);
    expect(answer.timing.source).toBe('memory');
    expect(answer.result.models.map((m) => [m.key, m.calls])).toEqual([
      ['gpt-4o', 2],
      ['gpt-4o-mini', 1],
    ]);

    // A new page: the snapshot, plus the trace written after it.
    const fresh = new AnalysisSource(db);
    await applyBatch(db, batch(run('t4', 'claude-sonnet-4', 0.005, 800)));
    answer = await fresh.query(query);
    expect(answer.timing.source).toBe('snapshot');
    expect(answer.result.totals.traces).toBe(4);
    expect(answer.result.totals.cost).toBeCloseTo(0.036, 12);
  });

  it('drops deleted traces and their calls', async () => {
    db = openDb('analysis-test');
    await applyBatch(db, batch([...run('t1', 'gpt-4o', 0.01, 1000), ...run('t2', 'gpt-4o-mini', 0.001, 300)]));
    const source = new AnalysisSource(db);
    await source.query(query);
    await db.transaction('rw', db.traces, db.genFacts, async () => {
      await db.traces.delete('t1');
      await db.genFacts.where('traceId').equals('t1').delete();
    });
    const answer = await source.query(query);
    expect(answer.result.totals).toMatchObject({ traces: 1, generations: 1 });
    expect(answer.result.models.map((m) => m.key)).toEqual(['gpt-4o-mini']);
  });
});
