import 'fake-indexeddb/auto';
import { testObservation } from '@core/model/test-observation';
import type { Observation } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from './db';
import {
  modelNames,
  storedGenerationFacts,
  tracesWithModel,
  tracesWithObservationNamed,
  tracesWithScoreNamed,
} from './generation-facts';
import { applyBatch } from './writer';

const T0 = 1_795_376_735_000;
let seq = 0;
const batch = (observations: Observation[], extra: Partial<IngestBatch> = {}): IngestBatch => ({
  seq: ++seq,
  receivedAt: T0,
  source: 'test',
  observations,
  ...extra,
});

const generation = (over: Partial<Observation> & Pick<Observation, 'id'>) =>
  testObservation({
    traceId: 'trace-1',
    type: 'GENERATION',
    name: 'plan',
    model: 'gpt-4o',
    startTime: T0,
    endTime: T0 + 1200,
    completionStartTime: T0 + 300,
    usage: { input: 100, input_cached_tokens: 40, output: 20, output_reasoning_tokens: 5 },
    cost: { total: 0.0025 },
    ...over,
  });

let db: LoupeDb;
afterEach(async () => {
  db?.close();
  await Dexie.delete('facts-test');
});

it('are derived from the stored observations of an older store, whose models the model filter then finds', async () => {
  const old = new Dexie('facts-test');
  old
    .version(1)
    .stores({ traces: 'id, startTime, updatedAt, sessionId, userId', observations: '[traceId+id], traceId' });
  old.version(2).stores({ scores: 'id, traceId, observationId, name' });
  const {
    input: _i,
    output: _o,
    metadata: _m,
    attributes: _a,
    resource: _r,
    events: _e,
    links: _l,
    trace: _t,
    ...row
  } = generation({ id: 'g1' });
  await old.table('observations').bulkPut([row, { ...row, id: 's1', type: 'SPAN', model: null }]);
  old.close();
  db = openDb('facts-test');
  const facts = await storedGenerationFacts(db, 0);
  expect(facts.map((f) => [f.id, f.model, f.latencyMs])).toEqual([['g1', 'gpt-4o', 1200]]);
  expect([...(await tracesWithModel(db, 'gpt-4o'))]).toEqual([row.traceId]);
  expect(await modelNames(db)).toEqual(['gpt-4o']);
});

describe('generation facts', () => {
  it('are written with the observation and follow its latest merged version', async () => {
    db = openDb('facts-test');
    await applyBatch(
      db,
      batch([generation({ id: 'g1', endTime: null }), testObservation({ traceId: 'trace-1', id: 'root' })]),
    );
    let facts = await storedGenerationFacts(db, 0);
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ id: 'g1', latencyMs: null, ttftMs: 300, inputTokens: 140, outputTokens: 25 });
    expect(facts[0]).toMatchObject({ cachedTokens: 40, reasoningTokens: 5, cost: 0.0025, error: false });

    // The ended version replaces it; a replayed older one (no end time) does not undo that.
    await applyBatch(db, batch([generation({ id: 'g1', level: 'ERROR' })]));
    await applyBatch(db, batch([generation({ id: 'g1', endTime: null })]));
    facts = await storedGenerationFacts(db, 0);
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ latencyMs: 1200, error: true });

    // A partial update (Langfuse ingestion) changes only its fields.
    await applyBatch(db, batch([{ ...generation({ id: 'g1', model: 'gpt-4o-mini' }), partial: ['model'] }]));
    facts = await storedGenerationFacts(db, 0);
    expect(facts[0]).toMatchObject({ model: 'gpt-4o-mini', latencyMs: 1200, error: true });
  });

  it('answer the list lookups by model, observation name and score name from indexes', async () => {
    db = openDb('facts-test');
    await applyBatch(
      db,
      batch(
        [
          generation({ id: 'a', traceId: 't1' }),
          generation({ id: 'b', traceId: 't2', model: 'claude-sonnet-4', name: 'answer' }),
          testObservation({ id: 'c', traceId: 't3', name: 'plan' }),
        ],
        {
          scores: [
            {
              id: 's1',
              traceId: 't2',
              observationId: null,
              sessionId: null,
              name: 'helpfulness',
              value: 1,
              stringValue: null,
              dataType: 'NUMERIC',
              comment: null,
              timestamp: T0,
              environment: 'default',
              metadata: {},
            },
          ],
        },
      ),
    );
    expect([...(await tracesWithModel(db, 'gpt-4o'))]).toEqual(['t1']);
    expect(await modelNames(db)).toEqual(['claude-sonnet-4', 'gpt-4o']);
    expect([...(await tracesWithObservationNamed(db, 'plan'))].sort()).toEqual(['t1', 't3']);
    expect([...(await tracesWithScoreNamed(db, 'helpfulness'))]).toEqual(['t2']);
  });
});
