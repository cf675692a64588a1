import 'fake-indexeddb/auto';
import { testObservation } from '@core/model/test-observation';
import { type Observation, type ObservationBody, splitObservation } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyPlacer, CHUNK_BODIES } from './body-chunks';
import { type LoupeDb, openDb } from './db';
import { tracesWithModel, tracesWithObservationNamed } from './generation-facts';
import { allObservations, countObservations, observationBody, observationRow } from './queries';
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

  it('keeps each row with its body, and finds a span by its key and a trace by a name or model it holds', async () => {
    db = openDb(`chunks-${++dbCount}`);
    await applyBatch(
      db,
      batch(span('t', 'a', { name: 'plan' }), span('t', 'b', { name: 'call', type: 'GENERATION', model: 'gpt-4o' })),
    );
    const [chunk] = await db.bodyChunks.toArray();
    expect(chunk?.rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(chunk?.bodies.map((b) => b.id)).toEqual(['a', 'b']);
    expect(chunk?.spans).toEqual([
      ['t', 'a'],
      ['t', 'b'],
    ]);
    expect(chunk?.names).toEqual(['plan', 'call']);
    expect(chunk?.models).toEqual(['gpt-4o']);
    expect((await observationRow(db, 't', 'b'))?.model).toBe('gpt-4o');
    expect(await observationRow(db, 't', 'missing')).toBeNull();
    expect(await tracesWithModel(db, 'gpt-4o')).toEqual(new Set(['t']));
    expect(await tracesWithObservationNamed(db, 'plan')).toEqual(new Set(['t']));
    expect(await countObservations(db)).toBe(2);
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
    const row = splitObservation(span('t', 'a')).row;
    expect(placer.place(row, body, 'lost')).toBe('a');
    expect(placer.chunks()).toEqual([
      { traceId: 't', chunk: 'a', rows: [row], bodies: [body], spans: [['t', 'a']], names: [row.name], models: [] },
    ]);
  });
});

describe('upgrading a store with one body record per span', () => {
  it('moves every span into chunks, its row with its body, and drops the tables and indexes nothing queries', async () => {
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
    const spans = [span('t', 'a'), span('t', 'b', { model: 'gpt-4o' }), span('u', 'c')];
    // A row stored without its body.
    const bare = span('u', 'd');
    await applyBatch(db, batch(...spans, bare));
    const traces = await db.traces.toArray();
    const rows = await allObservations(db);
    db.close();
    await Dexie.delete(name);
    await old.open();
    await old.table('traces').bulkPut(traces);
    await old.table('observations').bulkPut(rows);
    await old.table('observationBodies').bulkPut(spans.map((s) => splitObservation(s).body));
    old.close();

    db = openDb(name);
    await db.open();
    const tables = db.tables.map((t) => t.name);
    for (const gone of ['observationBodies', 'genFacts', 'observations']) expect(tables).not.toContain(gone);
    expect(db.bodyChunks.schema.indexes.map((i) => i.name)).toEqual(['spans', 'names', 'models']);
    const chunks = await db.bodyChunks.toArray();
    expect(chunks.map((c) => [c.traceId, c.chunk, c.rows.map((r) => r.id), c.bodies.map((b) => b.id)])).toEqual([
      ['t', 'a', ['a', 'b'], ['a', 'b']],
      ['u', 'c', ['c'], ['c']],
      ['u', 'd', ['d'], ['d']],
    ]);
    expect(await allObservations(db)).toEqual(rows);
    for (const s of spans) expect((await observationBody(db, s.traceId, s.id))?.input).toBe(s.input);
    expect((await observationBody(db, 'u', 'd'))?.input).toBeNull();
    expect(await tracesWithModel(db, 'gpt-4o')).toEqual(new Set(['t']));
    // Written again after the upgrade: in place, still one copy.
    await applyBatch(db, batch(span('t', 'b', { output: 'again' })));
    expect((await db.bodyChunks.get(['t', 'a']))?.bodies.map((b) => b.output)).toEqual(['out a', 'again']);
    expect(await countObservations(db)).toBe(4);
  });
});
