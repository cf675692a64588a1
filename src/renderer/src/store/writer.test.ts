import 'fake-indexeddb/auto';
import { testObservation } from '@core/model/test-observation';
import type { Observation, TraceSummary } from '@core/model/types';
import { previewText } from '@core/trace/preview-text';
import type { IngestBatch } from '@core/wire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from './db';
import {
  allObservations,
  countObservations,
  observationBody,
  observationRow,
  recentTraces,
  traceObservations,
  traceWithBody,
} from './queries';
import { applyBatch } from './writer';

const TRACE = 'b602eeab36f382410a31cd157851f689';
const T0 = 1_795_376_735_000;

function obs(id: string, parentId: string | null, over: Partial<Observation> = {}): Observation {
  return testObservation({
    traceId: TRACE,
    id,
    parentId,
    startTime: T0,
    endTime: T0 + 100,
    serviceName: 'svc',
    ...over,
  });
}

let seq = 0;
const batch = (...observations: Observation[]): IngestBatch => ({
  seq: ++seq,
  receivedAt: T0,
  source: 'test',
  observations,
});

const root = obs('aaaaaaaaaaaaaaaa', null, { name: 'agent-run', type: 'AGENT', startTime: T0, endTime: T0 + 2000 });
const llm = obs('bbbbbbbbbbbbbbbb', root.id, {
  type: 'GENERATION',
  name: 'chat gpt-4o',
  startTime: T0 + 100,
  endTime: T0 + 1500,
  model: 'gpt-4o',
  usage: { input: 120, output: 30, total: 150 },
  cost: { total: 0.002 },
  input: [{ role: 'user', content: 'hi' }],
  output: 'hello',
});
const tool = obs('cccccccccccccccc', root.id, {
  type: 'TOOL',
  name: 'get-weather',
  startTime: T0 + 1500,
  endTime: T0 + 2500,
  level: 'ERROR',
  statusMessage: 'timeout',
  trace: { userId: 'user-1', sessionId: 'session-1', tags: ['a'] },
});

/** Everything but the merge timestamp, which legitimately moves on every write. */
const stable = ({ updatedAt: _u, ...rest }: TraceSummary) => rest;

let db: LoupeDb;
let dbCount = 0;
const fresh = () => {
  db = openDb(`loupe-test-${++dbCount}`);
  return db;
};
afterEach(async () => {
  await db.delete();
});

async function snapshot(d: LoupeDb) {
  const trace = await d.traces.get(TRACE);
  return {
    trace: trace && stable(trace),
    body: await d.traceBodies.get(TRACE),
    rows: (await allObservations(d)).sort((a, b) => (a.id < b.id ? -1 : 1)),
    bodies: (await d.bodyChunks.toArray()).flatMap((c) => c.bodies),
  };
}

describe('applyBatch', () => {
  it('builds the trace from spans that arrive children first, across two batches', async () => {
    fresh();
    const first = await applyBatch(db, batch(llm, tool));
    expect(first.traceIds).toEqual([TRACE]);
    const partial = await db.traces.get(TRACE);
    // The summary as stored comes back with the commit, so the list needs no read.
    expect(first.summaries).toEqual([partial]);
    expect(partial?.observationCount).toBe(2);
    expect(partial?.rootObservationId).toBeNull();

    await applyBatch(db, batch(root));
    const trace = await db.traces.get(TRACE);
    expect(trace).toMatchObject({
      id: TRACE,
      name: 'agent-run',
      observationCount: 3,
      inputTokens: 120,
      outputTokens: 30,
      totalTokens: 150,
      startTime: T0,
      endTime: T0 + 2500,
      latencyMs: 2500,
      worstLevel: 'ERROR',
      rootObservationId: root.id,
      userId: 'user-1',
      sessionId: 'session-1',
    });
    expect(trace?.totalCost).toBeCloseTo(0.002);
    expect((await traceObservations(db, TRACE)).map((r) => r.id).sort()).toEqual([root.id, llm.id, tool.id]);
  });

  it('posts the list preview of each body it stored, the same as reading the body back gives', async () => {
    fresh();
    const asked = {
      ...root,
      input: { messages: [{ role: 'user', content: 'What is\n the weather?' }] },
      output: 'Sunny',
    };
    const written = await applyBatch(db, batch(asked, llm));
    const body = await db.traceBodies.get(TRACE);
    expect(body).toBeDefined();
    expect(written.previews).toEqual([
      { id: TRACE, input: previewText(body?.input), output: previewText(body?.output) },
    ]);
    expect(written.previews[0]).toMatchObject({ input: 'What is the weather?', output: 'Sunny' });
  });

  it('changes nothing when a batch is delivered again', async () => {
    fresh();
    const b1 = batch(llm, tool);
    const b2 = batch(root);
    await applyBatch(db, b1);
    await applyBatch(db, b2);
    const before = await snapshot(db);
    await applyBatch(db, b1);
    await applyBatch(db, b2);
    expect(await snapshot(db)).toEqual(before);
  });

  it('reads no stored spans for a trace it has not stored, and still merges a replay of a stored one', async () => {
    fresh();
    const looked: unknown[][] = [];
    const where = db.bodyChunks.where.bind(db.bodyChunks);
    db.bodyChunks.where = ((index: string) => {
      const clause = where(index);
      if (index !== 'spans') return clause;
      const anyOf = clause.anyOf.bind(clause);
      clause.anyOf = ((keys: unknown[]) => {
        looked.push(keys);
        return anyOf(keys as never);
      }) as typeof clause.anyOf;
      return clause;
    }) as typeof db.bodyChunks.where;
    await applyBatch(db, batch(llm, tool));
    expect(looked).toEqual([]);
    const before = await snapshot(db);
    await applyBatch(db, batch(llm, tool));
    expect(looked[0]).toHaveLength(2);
    expect(await snapshot(db)).toEqual(before);
  });

  it('replaces a partial version of a span with a fuller one, and keeps the fuller one on replay', async () => {
    fresh();
    const unfinished = { ...llm, endTime: null, output: null, usage: {}, cost: {} };
    await applyBatch(db, batch(root, unfinished));
    expect((await db.traces.get(TRACE))?.totalTokens).toBe(0);

    await applyBatch(db, batch(llm));
    const trace = await db.traces.get(TRACE);
    expect(trace?.observationCount).toBe(2);
    expect(trace?.totalTokens).toBe(150);
    expect((await observationBody(db, TRACE, llm.id))?.output).toBe('hello');

    const before = await snapshot(db);
    await applyBatch(db, batch(unfinished));
    expect(await snapshot(db)).toEqual(before);
  });

  it('handles the same span twice in one batch as two deliveries in order', async () => {
    fresh();
    const unfinished = { ...llm, endTime: null, usage: {}, cost: {} };
    await applyBatch(db, batch(root, unfinished, llm, llm));
    const trace = await db.traces.get(TRACE);
    expect(trace?.observationCount).toBe(2);
    expect(trace?.totalTokens).toBe(150);
    expect(await countObservations(db)).toBe(2);
    expect((await observationRow(db, TRACE, llm.id))?.endTime).toBe(llm.endTime);
  });

  it('keeps traces apart and serves them through the queries, newest first', async () => {
    fresh();
    const otherTrace = 'c702eeab36f382410a31cd157851f689';
    const later = obs('dddddddddddddddd', null, { traceId: otherTrace, name: 'later', startTime: T0 + 60_000 });
    await applyBatch(db, batch(root, later));
    expect((await recentTraces(db, 10)).map((t) => t.id)).toEqual([otherTrace, TRACE]);
    expect((await recentTraces(db, 1)).map((t) => t.id)).toEqual([otherTrace]);
    expect((await traceWithBody(db, otherTrace))?.trace.name).toBe('later');
    expect(await traceWithBody(db, 'f'.repeat(32))).toBeNull();
    expect(await traceObservations(db, otherTrace)).toHaveLength(1);
    expect(await observationBody(db, TRACE, 'ffffffffffffffff')).toBeNull();
  });

  it('stores nothing for an empty batch', async () => {
    fresh();
    expect(await applyBatch(db, batch())).toEqual({ traceIds: [], summaries: [], previews: [] });
    expect(await db.traces.count()).toBe(0);
  });
});
