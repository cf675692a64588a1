import 'fake-indexeddb/auto';
import { testObservation } from '@core/model/test-observation';
import type { Observation } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from './db';
import { KnownTraces } from './known-traces';
import { allObservations, observationBody } from './queries';
import { applyBatch } from './writer';

const T0 = 1_795_376_735_000;
let seq = 0;
const batch = (...observations: Observation[]): IngestBatch => ({
  seq: ++seq,
  receivedAt: T0,
  source: 'test',
  observations,
});
const span = (traceId: string, id: string, over: Partial<Observation> = {}) =>
  testObservation({
    traceId,
    id,
    startTime: T0,
    endTime: T0 + 10,
    usage: { input: 10, output: 2 },
    type: 'GENERATION',
    input: `in ${id}`,
    ...over,
  });

/** What the views read of a store, without the merge timestamps. */
async function contents(db: LoupeDb) {
  const traces = (await db.traces.toArray()).map(({ updatedAt: _u, ...t }) => t);
  const rows = await allObservations(db);
  const bodies = await Promise.all(rows.map((r) => observationBody(db, r.traceId, r.id)));
  return { traces, rows, bodies, traceBodies: await db.traceBodies.toArray() };
}

const dbs: LoupeDb[] = [];
const fresh = () => {
  const db = openDb(`known-traces-${dbs.length}-${Date.now()}`);
  dbs.push(db);
  return db;
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('writing traces it has not seen without reading first', () => {
  it('stores what the careful way stores', async () => {
    const [careful, guessing] = [fresh(), fresh()];
    const known = new KnownTraces();
    const batches = [batch(span('t', 'a'), span('u', 'b')), batch(span('t', 'c', { parentId: 'a' }), span('v', 'd'))];
    for (const b of batches) {
      await applyBatch(careful, b);
      await applyBatch(guessing, b, known);
    }
    expect(await contents(guessing)).toEqual(await contents(careful));
    expect(known.allUnknown(['t'])).toBe(false);
    expect(known.allUnknown(['w'])).toBe(true);
  });

  it('merges into a trace stored by another writer, which it did not know, as if it had read first', async () => {
    const [careful, guessing] = [fresh(), fresh()];
    const first = batch(span('t', 'a'), span('t', 'b'));
    const second = batch(span('t', 'c'), span('t', 'b', { output: 'again' }));
    for (const db of [careful, guessing]) await applyBatch(db, first);
    await applyBatch(careful, second);
    // A writer that never saw trace t: its guess is wrong, and the batch is written again the careful way.
    await applyBatch(guessing, second, new KnownTraces());
    expect(await contents(guessing)).toEqual(await contents(careful));
    expect((await guessing.traces.get('t'))?.observationCount).toBe(3);
    expect(await guessing.bodyChunks.count()).toBe(2);
  });
});
