import 'fake-indexeddb/auto';
import { packObservation } from '@core/model/packed-values';
import { testObservation } from '@core/model/test-observation';
import type { LogRecord, Observation, ObservationBody } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { scanBodies } from '../features/trace-list/body-search';
import { packBody, spansOf, unpackBody } from './body-chunks';
import { type LoupeDb, openDb, type StoredBody } from './db';
import { observationBody } from './queries';
import { applyBatch } from './writer';

const T0 = 1_795_376_735_000;
let seq = 0;
const batch = (...observations: Observation[]): IngestBatch => ({
  seq: ++seq,
  receivedAt: T0,
  source: 'test',
  observations,
});
const messages = [
  { role: 'system', content: 'Answer from the passages; say so when they do not hold the answer.' },
  { role: 'user', content: 'Which regions does the marmalade-pipeline deploy to?' },
];
const completion = 'It deploys to eu-west-1 and us-east-2, and to ap-south-1 once the canary passes.';
const generation = (over: Partial<Observation> = {}) =>
  testObservation({
    traceId: 't1',
    id: 'g1',
    type: 'GENERATION',
    startTime: T0,
    endTime: T0 + 10,
    input: messages,
    output: completion,
    attributes: {
      'gen_ai.prompt': JSON.stringify(messages),
      'gen_ai.completion': completion,
      'gen_ai.system': 'openai',
    },
    ...over,
  });

/** A later update of the generation that changes its output alone, as the Langfuse ingestion API sends one. */
const outputUpdate = () =>
  testObservation({ traceId: 't1', id: 'g1', startTime: T0, output: 'Only eu-west-1 for now.', partial: ['output'] });

let db: LoupeDb;
let dbCount = 0;
afterEach(async () => {
  await db?.delete();
});

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('bodies stored with what their attributes hold once', () => {
  it('stores a prompt and completion held by attributes once, and reads them back as they were', async () => {
    db = openDb(`loupe-body-pack-${++dbCount}`);
    const o = generation();
    await applyBatch(db, batch(o));
    const [chunk] = await db.bodyChunks.toArray();
    const stored = JSON.stringify(chunk);
    expect(occurrences(stored, 'marmalade-pipeline')).toBe(1);
    expect(occurrences(stored, 'ap-south-1 once the canary')).toBe(1);

    const body = await observationBody(db, 't1', 'g1');
    expect(body?.input).toEqual(messages);
    expect(body?.output).toBe(completion);
    expect(body?.attributes).toEqual(o.attributes);
    const packed = spansOf(await db.bodyChunks.toArray()).get('t1/g1')?.body as StoredBody;
    expect(unpackBody(packed).input).toEqual(messages);
  });

  it('keeps values whose attribute text differs, however slightly, and short values as they are', () => {
    const body = {
      traceId: 't',
      id: 's',
      input: messages,
      output: 'ok',
      metadata: {},
      attributes: { 'input.value': JSON.stringify(messages, null, 1), 'output.value': 'ok' },
      resource: {},
      events: [],
      links: [],
    } satisfies ObservationBody;
    expect(packBody(body)).toBe(body);
    // A body stored before packing existed reads as it is.
    expect(unpackBody(body)).toEqual(body);
  });

  it('finds a trace by a word only its packed prompt holds', async () => {
    db = openDb(`loupe-body-pack-${++dbCount}`);
    await applyBatch(db, batch(generation()));
    let found: ReadonlySet<string> = new Set();
    await scanBodies(db, 'Marmalade-Pipeline', new AbortController().signal, (ids) => {
      found = ids;
    });
    expect([...found]).toEqual(['t1']);
  });

  it('keeps a packed input when a later update changes only the output', async () => {
    db = openDb(`loupe-body-pack-${++dbCount}`);
    await applyBatch(db, batch(generation()));
    const update = outputUpdate();
    await applyBatch(db, batch(update));
    const body = await observationBody(db, 't1', 'g1');
    expect(body?.input).toEqual(messages);
    expect(body?.output).toBe('Only eu-west-1 for now.');
  });

  describe('as the server sends them, their values left to attributes', () => {
    it('stores a model call without parsing its prompt, and reads it back whole', async () => {
      db = openDb(`loupe-body-pack-${++dbCount}`);
      const sent = packObservation(generation());
      expect(sent.input).toBeNull();
      await applyBatch(db, batch(sent));
      const body = await observationBody(db, 't1', 'g1');
      expect(body?.input).toEqual(messages);
      expect(body?.output).toBe(completion);
      const [chunk] = await db.bodyChunks.toArray();
      expect(occurrences(JSON.stringify(chunk), 'marmalade-pipeline')).toBe(1);
    });

    it('gives the trace the input and output of a root sent packed', async () => {
      db = openDb(`loupe-body-pack-${++dbCount}`);
      await applyBatch(db, batch(packObservation(generation({ isRoot: true, parentId: null }))));
      const traceBody = await db.traceBodies.get('t1');
      expect(traceBody?.input).toEqual(messages);
      expect(traceBody?.output).toBe(completion);
    });

    it('merges an update over a packed input written in the same batch', async () => {
      db = openDb(`loupe-body-pack-${++dbCount}`);
      const update = outputUpdate();
      await applyBatch(db, batch(packObservation(generation()), update));
      const body = await observationBody(db, 't1', 'g1');
      expect(body?.input).toEqual(messages);
      expect(body?.output).toBe('Only eu-west-1 for now.');
    });

    it('lets log records fill what a packed span left empty, and keeps what it held', async () => {
      db = openDb(`loupe-body-pack-${++dbCount}`);
      const sent = packObservation(
        generation({ output: null, attributes: { 'gen_ai.prompt': JSON.stringify(messages) } }),
      );
      expect(sent.from).toEqual({ input: { key: 'gen_ai.prompt', as: 'json' } });
      const record: LogRecord = {
        id: 'r1',
        traceId: 't1',
        spanId: 'g1',
        time: T0 + 5,
        observedTime: T0 + 5,
        severityNumber: 9,
        severityText: 'INFO',
        body: { content: 'From the logs.' },
        attributes: { 'event.name': 'gen_ai.choice' },
        resource: {},
        scope: { name: 'test', version: '' },
        eventName: 'gen_ai.choice',
      } as unknown as LogRecord;
      await applyBatch(db, { ...batch(sent), logs: [record] });
      const body = await observationBody(db, 't1', 'g1');
      expect(body?.input).toEqual(messages);
    });
  });
});
