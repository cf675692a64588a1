import 'fake-indexeddb/auto';
import { testLogRecord, testObservation } from '@core/model/test-observation';
import type { LogRecord, Observation } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from './db';
import { observationBody } from './queries';
import { applyBatch, applyBatches } from './writer';

const TRACE = 'c602eeab36f382410a31cd157851f689';
const SPAN = 'bbbbbbbbbbbbbbbb';
const T0 = 1_795_376_735_000;

let n = 0;
function record(over: Partial<LogRecord>): LogRecord {
  n++;
  return testLogRecord({
    id: `${TRACE}/${SPAN}/${n}`,
    traceId: TRACE,
    spanId: SPAN,
    time: T0 + n,
    order: n,
    scope: { name: '@opentelemetry/instrumentation-openai', version: '0.5.0' },
    ...over,
  });
}

const user = record({ eventName: 'gen_ai.user.message', body: { content: 'What is the weather in Paris?' } });
const choice = record({
  eventName: 'gen_ai.choice',
  body: { index: 0, finish_reason: 'stop', message: { content: 'Sunny, 21 °C.' } },
});
const line = record({ severityText: 'INFO', body: 'fetched forecast' });

const generation = (over: Partial<Observation> = {}): Observation =>
  testObservation({
    traceId: TRACE,
    id: SPAN,
    type: 'GENERATION',
    name: 'chat gpt-4o',
    startTime: T0,
    endTime: T0 + 900,
    model: 'gpt-4o',
    usage: { input: 12, output: 5, total: 17 },
    ...over,
  });

let seq = 0;
const batch = (observations: Observation[], logs: LogRecord[] = []): IngestBatch => ({
  seq: ++seq,
  receivedAt: T0,
  source: 'test',
  observations,
  logs,
});

const expectedInput = [{ role: 'user', content: 'What is the weather in Paris?' }];
const expectedOutput = [{ role: 'assistant', content: 'Sunny, 21 °C.' }];

describe('log records in the store', () => {
  let db: LoupeDb;
  afterEach(async () => {
    db?.close();
    await db?.delete();
  });
  const fresh = () => {
    db = openDb(`logs-${Math.random()}`);
    return db;
  };

  it('fills a stored generation with the prompt and completion its records carry', async () => {
    fresh();
    await applyBatch(db, batch([generation()]));
    await applyBatch(db, batch([], [user, choice, line]));
    const body = await observationBody(db, TRACE, SPAN);
    expect(body?.input).toEqual(expectedInput);
    expect(body?.output).toMatchObject(expectedOutput);
    expect((await db.traces.get(TRACE))?.logCount).toBe(3);
    expect(await db.logs.where('[traceId+spanId]').equals([TRACE, SPAN]).count()).toBe(3);
  });

  it('keeps records that arrive before their span and applies them when it comes', async () => {
    fresh();
    await applyBatch(db, batch([], [choice, user]));
    const early = await db.traces.get(TRACE);
    expect(early).toMatchObject({ observationCount: 0, logCount: 2, startTime: user.time, endTime: choice.time });
    await applyBatch(db, batch([generation()]));
    const body = await observationBody(db, TRACE, SPAN);
    expect(body?.input).toEqual(expectedInput);
    expect(body?.output).toMatchObject(expectedOutput);
    expect(await db.traces.get(TRACE)).toMatchObject({ observationCount: 1, startTime: T0, logCount: 2 });
  });

  it('gives the same result whichever half of the records comes with the span', async () => {
    fresh();
    await applyBatch(db, batch([], [user]));
    await applyBatch(db, batch([generation()]));
    await applyBatch(db, batch([], [choice]));
    const body = await observationBody(db, TRACE, SPAN);
    expect(body?.input).toEqual(expectedInput);
    expect(body?.output).toMatchObject(expectedOutput);
  });

  it('does not count a redelivered record twice', async () => {
    fresh();
    await applyBatch(db, batch([generation()], [user]));
    await applyBatch(db, batch([], [user, choice]));
    await applyBatches(db, [batch([], [choice]), batch([], [user])]);
    expect((await db.traces.get(TRACE))?.logCount).toBe(2);
    expect(await db.logs.count()).toBe(2);
  });

  it('keeps the content a span states explicitly, and takes the records over what its other attributes gave', async () => {
    fresh();
    const explicit = generation({
      input: 'from the span',
      attributes: { 'langfuse.observation.input': 'from the span' },
    });
    await applyBatch(db, batch([explicit], [user, choice]));
    const body = await observationBody(db, TRACE, SPAN);
    expect(body?.input).toBe('from the span');
    expect(body?.output).toMatchObject(expectedOutput);
    await applyBatch(db, batch([generation({ input: [{ role: 'system', content: 'Be brief.' }] })]));
    expect((await observationBody(db, TRACE, SPAN))?.input).toEqual(expectedInput);
  });

  it('keeps the content when a later delivery of the span replaces the stored one', async () => {
    fresh();
    await applyBatch(db, batch([generation({ endTime: null })], [user, choice]));
    await applyBatch(db, batch([generation()]));
    const body = await observationBody(db, TRACE, SPAN);
    expect(body?.input).toEqual(expectedInput);
    expect(body?.output).toMatchObject(expectedOutput);
  });

  it('makes a root generation’s log content the trace input', async () => {
    fresh();
    await applyBatch(db, batch([generation()]));
    await applyBatch(db, batch([], [user]));
    expect((await db.traceBodies.get(TRACE))?.input).toEqual(expectedInput);
  });

  it('gives the trace its spans’ times whether the records came before or after them', async () => {
    // A choice is stamped when the call returns, which can be after its span ended.
    const late = record({ ...choice, id: 'late', time: T0 + 950 });
    const spanFirst = fresh();
    await applyBatch(spanFirst, batch([generation()]));
    await applyBatch(spanFirst, batch([], [user, late]));
    const a = await spanFirst.traces.get(TRACE);
    const recordsFirst = openDb(`logs-${Math.random()}`);
    await applyBatch(recordsFirst, batch([], [user, late]));
    await applyBatch(recordsFirst, batch([generation()]));
    const b = await recordsFirst.traces.get(TRACE);
    recordsFirst.close();
    await recordsFirst.delete();
    expect(a).toMatchObject({ startTime: T0, endTime: T0 + 900, latencyMs: 900, logCount: 2 });
    expect(b).toMatchObject({ startTime: T0, endTime: T0 + 900, latencyMs: 900, logCount: 2 });
    expect(b?.timesFromLogs).toBeUndefined();
  });

  it('replaces the trace input a root generation gave before its records came', async () => {
    fresh();
    await applyBatch(db, batch([generation({ input: [{ role: 'system', content: 'Be brief.' }] })]));
    expect((await db.traceBodies.get(TRACE))?.input).toEqual([{ role: 'system', content: 'Be brief.' }]);
    await applyBatch(db, batch([], [user, choice]));
    expect((await db.traceBodies.get(TRACE))?.input).toEqual(expectedInput);
    expect((await db.traceBodies.get(TRACE))?.output).toMatchObject(expectedOutput);
  });

  it('keeps records without a trace, findable by time, outside every trace', async () => {
    fresh();
    const loose = record({ traceId: '', spanId: '', id: '//loose', body: 'worker started' });
    await applyBatch(db, batch([], [loose]));
    expect(await db.traces.count()).toBe(0);
    expect(await db.logs.where('traceId').equals('').toArray()).toEqual([loose]);
  });
});
