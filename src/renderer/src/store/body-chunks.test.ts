import 'fake-indexeddb/auto';
import { testObservation } from '@core/model/test-observation';
import { type Observation, type ObservationBody, splitObservation } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyPlacer, CHUNK_BODIES } from './body-chunks';
import { type LoupeDb, openDb } from './db';
import { observationBody, observationRow, traceObservations } from './queries';
import { deleteTraces } from './retention';
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
  testObservation({ traceId, id, startTime: T0, endTime: T0 + 10, input: `in ${id}`, output: `out ${id}`, ...over });

let db: LoupeDb;
let dbCount = 0;
afterEach(async () => {
  await db?.delete();
});

describe('observation bodies in chunks', () => {
  it('stores the bodies of one trace from one batch as one record, each found again from its row', async () => {
    db = openDb(`chunks-${++dbCount}`);
    await applyBatch(db, batch(span('t', 'a'), span('t', 'b'), span('u', 'c')));
    const chunks = await db.bodyChunks.toArray();
    expect(chunks.map((c) => [c.traceId, c.bodies.map((b) => b.id)])).toEqual([
      ['t', ['a', 'b']],
      ['u', ['c']],
    ]);
    expect((await observationBody(db, 't', 'b'))?.input).toBe('in b');
    expect((await observationBody(db, 'u', 'c'))?.output).toBe('out c');
    expect(await observationBody(db, 't', 'missing')).toBeNull();
  });

  it('rewrites a span written again in the chunk that holds it, so each body is stored once', async () => {
    db = openDb(`chunks-${++dbCount}`);
    await applyBatch(db, batch(span('t', 'a'), span('t', 'b')));
    await applyBatch(db, batch(span('t', 'b', { output: 'better' }), span('t', 'c')));
    await applyBatch(db, batch(span('t', 'a', { partial: ['output'], output: 'patched' } as Partial<Observation>)));
    const bodies = (await db.bodyChunks.toArray()).flatMap((c) => c.bodies.map((b) => `${b.id}:${b.output}`));
    expect(bodies.sort()).toEqual(['a:patched', 'b:better', 'c:out c']);
    expect(await db.bodyChunks.count()).toBe(2);
    expect((await observationBody(db, 't', 'a'))?.input).toBe('in a');
  });

  it('starts a new chunk past CHUNK_BODIES spans of one trace', async () => {
    db = openDb(`chunks-${++dbCount}`);
    const spans = Array.from({ length: CHUNK_BODIES + 3 }, (_, i) => span('t', `s${String(i).padStart(3, '0')}`));
    await applyBatch(db, batch(...spans));
    expect((await db.bodyChunks.toArray()).map((c) => c.bodies.length).sort((x, y) => x - y)).toEqual([
      3,
      CHUNK_BODIES,
    ]);
    for (const s of spans) expect((await observationBody(db, 't', s.id))?.input).toBe(`in ${s.id}`);
  });

  it('keeps its chunk reference out of the rows the views read', async () => {
    db = openDb(`chunks-${++dbCount}`);
    await applyBatch(db, batch(span('t', 'a')));
    expect((await db.observations.get(['t', 'a']))?.bodyChunk).toBe('a');
    expect(await observationRow(db, 't', 'a')).not.toHaveProperty('bodyChunk');
    expect((await traceObservations(db, 't'))[0]).not.toHaveProperty('bodyChunk');
  });

  it('goes with its trace when the trace is deleted', async () => {
    db = openDb(`chunks-${++dbCount}`);
    await applyBatch(db, batch(span('t', 'a'), span('u', 'b')));
    await deleteTraces(db, ['t']);
    expect((await db.bodyChunks.toArray()).map((c) => c.traceId)).toEqual(['u']);
  });

  it('places a body whose stored chunk is gone into a new one', () => {
    const placer = bodyPlacer([]);
    const body: ObservationBody = {
      traceId: 't',
      id: 'a',
      input: 1,
      output: null,
      metadata: {},
      attributes: {},
      resource: {},
      events: [],
      links: [],
    };
    expect(placer.place(body, 'lost')).toBe('a');
    expect(placer.chunks()).toEqual([{ traceId: 't', chunk: 'a', bodies: [body] }]);
  });
});

describe('upgrading a store with one body record per span', () => {
  it('moves every body into chunks, names them in the rows and drops the indexes nothing queries', async () => {
    const name = `chunks-upgrade-${++dbCount}`;
    // The schema as version 6 left it.
    const old = new Dexie(name);
    old.version(6).stores({
      traces: 'id, startTime, updatedAt, sessionId, userId',
      traceBodies: 'id',
      observations: '[traceId+id], traceId, name',
      observationBodies: '[traceId+id]',
      scores: 'id, traceId, observationId, name',
      genFacts: '[traceId+id], traceId, seq, model',
      analysisCache: 'key',
      analysisDeltas: '++id',
      logs: 'id, traceId, [traceId+spanId], time',
      skeletonLog: '++seq, traceId',
    });
    db = openDb(name);
    const spans = [span('t', 'a'), span('t', 'b'), span('u', 'c')];
    await applyBatch(db, batch(...spans));
    const [traces, rows] = [await db.traces.toArray(), await traceObservations(db, 't')];
    const uRows = await traceObservations(db, 'u');
    db.close();
    await Dexie.delete(name);
    await old.open();
    await old.table('traces').bulkPut(traces);
    await old.table('observations').bulkPut([...rows, ...uRows]);
    await old.table('observationBodies').bulkPut(spans.map((s) => splitObservation(s).body));
    old.close();

    db = openDb(name);
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('observationBodies');
    expect(db.observations.schema.indexes.map((i) => i.name)).toEqual(['name', 'model']);
    expect(db.tables.map((t) => t.name)).not.toContain('genFacts');
    expect((await db.bodyChunks.toArray()).map((c) => [c.traceId, c.chunk, c.bodies.length])).toEqual([
      ['t', 'a', 2],
      ['u', 'c', 1],
    ]);
    expect((await db.observations.get(['t', 'b']))?.bodyChunk).toBe('a');
    for (const s of spans) expect((await observationBody(db, s.traceId, s.id))?.input).toBe(s.input);
    // Written again after the upgrade: in place, still one copy.
    await applyBatch(db, batch(span('t', 'b', { output: 'again' })));
    expect((await db.bodyChunks.get(['t', 'a']))?.bodies.map((b) => b.output)).toEqual(['out a', 'again']);
  });
});
