import 'fake-indexeddb/auto';
import { testObservation } from '@core/model/test-observation';
import type { Observation } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from './db';
import { allObservations } from './queries';
import { applyBatch, applyBatches } from './writer';

const T0 = 1_795_376_735_000;
let dbs: LoupeDb[] = [];
let name = 0;

afterEach(async () => {
  await Promise.all(dbs.map((db) => db.delete()));
  dbs = [];
});

const obs = (traceId: string, id: string, parentId: string | null, over: Partial<Observation> = {}) =>
  testObservation({ traceId, id, parentId, startTime: T0, endTime: T0 + 100, ...over });

let seq = 0;
const batch = (...observations: Observation[]): IngestBatch => ({
  seq: ++seq,
  receivedAt: T0,
  source: 'test',
  observations,
});

async function dump(db: LoupeDb) {
  const [traces, rows] = await Promise.all([db.traces.toArray(), allObservations(db)]);
  return { traces: traces.map(({ updatedAt: _u, ...t }) => t), rows };
}

describe('applyBatches', () => {
  it('stores several batches in one transaction exactly as one after the other', async () => {
    const batches = [
      batch(obs('t1', 'root', null), obs('t1', 'a', 'root', { type: 'GENERATION', usage: { input: 5, output: 3 } })),
      // The same span again with an end time, and a child whose parent comes later.
      batch(obs('t1', 'a', 'root', { type: 'GENERATION', usage: { input: 7, output: 3 }, endTime: T0 + 300 })),
      batch(obs('t2', 'x', 'y'), obs('t2', 'y', null, { startTime: T0 - 50 })),
    ];
    const one = openDb(`groups-${++name}`);
    const each = openDb(`groups-${++name}`);
    dbs.push(one, each);
    await applyBatches(one, batches);
    for (const b of batches) await applyBatch(each, b);
    expect(await dump(one)).toEqual(await dump(each));
    const t1 = await one.traces.get('t1');
    expect(t1?.observationCount).toBe(2);
    expect(t1?.totalTokens).toBe(10);
  });

  it('refuses to group batches that carry trace upserts', () => {
    const withUpsert: IngestBatch = { ...batch(), traces: [{ traceId: 't', timestamp: T0, patch: { name: 'n' } }] };
    const db = openDb(`groups-${++name}`);
    dbs.push(db);
    expect(() => applyBatches(db, [batch(obs('t', 'a', null)), withUpsert])).toThrow(/one at a time/);
  });
});
