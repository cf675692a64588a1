import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ingestionEvents, mapIngestionEvent } from '@core/conventions/langfuse-ingestion';
import type { Observation, Score, TraceUpsert } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from './db';
import { observationBody, recentTraces, traceObservations, traceWithBody } from './queries';
import { observationScores, traceScores } from './scores';
import { applyBatch } from './writer';

const fixtures = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'otlp');

/** What the receiver does with an ingestion request: map each event, gather them into one batch. */
function batchFrom(events: unknown[], seq: number): IngestBatch {
  const observations: Observation[] = [];
  const traces: TraceUpsert[] = [];
  const scores: Score[] = [];
  for (const event of events) {
    const mapped = mapIngestionEvent(event);
    if (mapped.kind === 'observation') observations.push(mapped.observation);
    else if (mapped.kind === 'trace') traces.push(mapped.trace);
    else if (mapped.kind === 'score') scores.push(mapped.score);
  }
  return { seq, receivedAt: 0, source: 'ingestion', observations, traces, scores };
}

const event = (type: string, body: Record<string, unknown>, timestamp = '2026-01-01T00:00:01.000Z') => ({
  id: `${type}-${Math.random()}`,
  type,
  timestamp,
  body,
});

let db: LoupeDb;
let dbCount = 0;
afterEach(async () => {
  await db.delete();
});
const open = () => {
  db = openDb(`ingestion-test-${++dbCount}`);
  return db;
};

describe('applyBatch with Langfuse ingestion events', () => {
  it('merges an update that arrives before its create, field by field, in either order', async () => {
    const create = event('generation-create', {
      id: 'g1',
      traceId: 't1',
      name: 'llm',
      startTime: '2026-01-01T00:00:00.000Z',
      model: 'gpt-4o',
      input: 'hi',
      metadata: { a: 1 },
    });
    const update = event('generation-update', {
      id: 'g1',
      traceId: 't1',
      endTime: '2026-01-01T00:00:02.000Z',
      output: 'hello',
      usage: { promptTokens: 5, completionTokens: 7 },
      metadata: { b: 2 },
    });
    for (const order of [
      [update, create],
      [create, update],
    ]) {
      open();
      await applyBatch(db, batchFrom([order[0]], 1));
      await applyBatch(db, batchFrom([order[1]], 2));
      // A replay of both changes nothing.
      await applyBatch(db, batchFrom(order, 3));
      const [row] = await traceObservations(db, 't1');
      expect(row).toMatchObject({
        name: 'llm',
        type: 'GENERATION',
        model: 'gpt-4o',
        startTime: Date.parse('2026-01-01T00:00:00.000Z'),
        endTime: Date.parse('2026-01-01T00:00:02.000Z'),
        usage: { input: 5, output: 7, total: 12 },
      });
      const body = await observationBody(db, 't1', 'g1');
      expect(body).toMatchObject({ input: 'hi', output: 'hello', metadata: { a: 1, b: 2 } });
      const trace = await traceWithBody(db, 't1');
      expect(trace?.trace).toMatchObject({ observationCount: 1, totalTokens: 12, latencyMs: 2000 });
      await db.delete();
    }
    open();
  });

  it('lists a trace that has only a trace-create, and upserts it with a later one', async () => {
    open();
    const first = event('trace-create', {
      id: 't2',
      timestamp: '2026-01-01T00:00:00.000Z',
      name: 'only-a-trace',
      userId: 'u1',
      sessionId: 's1',
      tags: ['b', 'a'],
      input: { q: 1 },
      metadata: { tenant: 'x' },
    });
    const second = event('trace-create', { id: 't2', output: { answer: 2 }, tags: ['c'] });
    await applyBatch(db, batchFrom([first, second], 1));
    const [listed] = await recentTraces(db, 10);
    expect(listed).toMatchObject({
      id: 't2',
      name: 'only-a-trace',
      userId: 'u1',
      sessionId: 's1',
      tags: ['a', 'b', 'c'],
      observationCount: 0,
    });
    const body = (await traceWithBody(db, 't2'))?.body;
    expect(body).toMatchObject({ input: { q: 1 }, output: { answer: 2 }, metadata: { tenant: 'x' } });
  });

  it('stores the legacy SDK capture: traces, observations with usage and cost, scores', async () => {
    open();
    const envelope = JSON.parse(readFileSync(resolve(fixtures, 'langfuse-v3', '001.body'), 'utf8'));
    await applyBatch(db, batchFrom(ingestionEvents(envelope), 1));
    const traces = await recentTraces(db, 10);
    expect(traces.map((t) => t.name).sort()).toEqual(['standalone-generation', 'travel-agent-run']);
    const run = traces.find((t) => t.name === 'travel-agent-run');
    expect(run).toMatchObject({ userId: 'user-123', sessionId: 'session-abc-001', release: 'release-2026.11' });
    expect(run?.tags).toEqual(['capture', 'langfuse-v3', 'travel']);
    const rows = await traceObservations(db, run?.id ?? '');
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName['llm-call-1']).toMatchObject({
      type: 'GENERATION',
      usage: { input: 42, output: 17, total: 59, cache_read_input_tokens: 10 },
      cost: { input: 0.0000063, output: 0.0000102, total: 0.0000165 },
      parentId: byName['travel-agent']?.id,
    });
    expect(byName['llm-call-2']?.usage).toEqual({ input: 80, output: 12, total: 92 });
    expect(byName['llm-call-fallback-model']).toMatchObject({ level: 'ERROR', endTime: expect.any(Number) });
    expect(byName['cache-miss']).toMatchObject({ type: 'EVENT', level: 'WARNING' });
    expect((await traceWithBody(db, run?.id ?? ''))?.body?.output).toEqual({
      answer: 'It is 18°C and cloudy in Paris.',
    });
    const scores = await traceScores(db, run?.id ?? '');
    expect(scores.map((s) => [s.name, s.dataType, s.value, s.stringValue])).toEqual([
      ['helpfulness', 'NUMERIC', 0.9, null],
      ['tool-choice-correct', 'BOOLEAN', 1, 'True'],
      ['sentiment', 'CATEGORICAL', null, 'positive'],
    ]);
    expect((await observationScores(db, byName['llm-call-1']?.id ?? '')).map((s) => s.name)).toEqual([
      'tool-choice-correct',
    ]);
  });

  it('stores the scores the current SDK sends through the ingestion API', async () => {
    open();
    const envelope = JSON.parse(readFileSync(resolve(fixtures, 'langfuse-v5', '001.body'), 'utf8'));
    const { traceIds } = await applyBatch(db, batchFrom(ingestionEvents(envelope), 1));
    expect(traceIds).toEqual(['b602eeab36f382410a31cd157851f689']);
    const scores = await traceScores(db, 'b602eeab36f382410a31cd157851f689');
    expect(scores.map((s) => `${s.name}=${s.value ?? s.stringValue}`).sort()).toEqual([
      'correct=yes',
      'helpfulness=0.9',
    ]);
    expect(await recentTraces(db, 10)).toEqual([]);
  });
});
